package com.dbadmin.ops;

import com.dbadmin.ops.logging.SecretRedactor;
import com.dbadmin.support.Timing;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Caller-controlled text reaches the redactor through error messages ("Invalid value: a.a.a...key") and
 * log lines. Each input below made the backtracking patterns run for seconds at a few kilobytes; a
 * megabyte of each must now be redacted in well under 100 ms (the best of three runs, so a busy CI
 * machine's scheduling noise does not decide the outcome, while a super-linear matcher still fails).
 */
class RegexDenialOfServiceTest {
    static final int MEGABYTE = 1 << 20;
    static final Duration BUDGET = Duration.ofMillis(100);

    static String repeat(String unit) {
        return unit.repeat(MEGABYTE / unit.length() + 1).substring(0, MEGABYTE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.", "a-", "a.key", "x://", "eyJ-", "eyJa.", "bearer ", "password ", "a.password",
            "authorization ", "0+", "secret\"", "token:"})
    void aMegabyteOfAdversarialTextIsRedactedInLinearTime(String unit) {
        String input = repeat(unit) + "key";
        Duration took = Timing.fastestOfThree(() -> SecretRedactor.redact(input));
        assertTrue(took.compareTo(BUDGET) < 0, unit + "...: " + took.toMillis() + " ms");
    }

    @ParameterizedTest
    @ValueSource(ints = {SecretRedactor.MAX_TEXT - 1, SecretRedactor.MAX_TEXT, SecretRedactor.MAX_TEXT + 1, MEGABYTE})
    void longTextIsCutAtTheBoundWithANoteOfWhatWasCut(int length) {
        String text = "x".repeat(length);
        String redacted = SecretRedactor.redact(text);
        if (length <= SecretRedactor.MAX_TEXT) {
            assertEquals(text, redacted);
        } else {
            assertEquals("x".repeat(SecretRedactor.MAX_TEXT) + "... (" + (length - SecretRedactor.MAX_TEXT)
                    + " more characters cut)", redacted);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 1000, 40_000})
    void secretsAfterLongAdversarialPrefixesAreStillMasked(int repeats) {
        String input = "a.".repeat(repeats) + " password=hunter2";
        String redacted = SecretRedactor.redact(input);
        boolean withinBound = input.length() <= SecretRedactor.MAX_TEXT;
        assertTrue(!redacted.contains("hunter2"), "no secret survives, inside or beyond the bound");
        if (withinBound) {
            assertTrue(redacted.endsWith(" password=****"), redacted.substring(Math.max(0, redacted.length() - 40)));
        }
    }
}
