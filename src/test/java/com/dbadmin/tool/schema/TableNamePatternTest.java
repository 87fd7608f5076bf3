package com.dbadmin.tool.schema;

import com.dbadmin.support.Timing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * db_list_tables' {@code pattern}: LIKE and glob wildcards, matched in time linear in the name whatever
 * the pattern. Eleven % and a tail that does not match took 2.3 s per call on a backtracking engine.
 */
class TableNamePatternTest {

    @ParameterizedTest
    @CsvSource({"book, books, true", "book, public.books, true", "BOOK, Books, true", "%_log, audit_log, true",
            "%_log, logs, false", "b*s, books, true", "%b?oks, books, true", "b_oks%, books, true",
            "b_oks%, boooks, false", "b_oks, books, false", "b_oks, b_oks_x, true", "%, anything, true",
            "*, '', true", "a.b, a.b, true", "a.b, axb, false", "(, a(b, true", "[a], [a], true", "a%b, ab, true",
            "a%b, a, false", "ab%ba, aba, false", "ab%ba, abba, true", "%a%b%c%, xaxbxcx, true", "%a%b%c%, xcxbxa, false",
            "a_%_b, axxb, true", "a_%_b, axb, false"})
    void wildcardsAndSubstrings(String pattern, String name, boolean matches) {
        assertEquals(matches, NamePattern.parse(pattern).matches(name), pattern + " ~ " + name);
    }

    @Test
    void adversarialPatternsOverAMegabyteNameRunInLinearTime() {
        String name = "a".repeat(1 << 20);
        // The longest patterns the schema accepts (200 characters): wildcards and a tail that never matches.
        String[] patterns = {"%a".repeat(99) + "b", "%_".repeat(99) + "b", "%%%%%%%%%%%b", "a%a%a%a%a%a%a%a%a%a%a%b",
                "*a*a*a*a*a*a*a*a*a*a*a?b", "%" + "a".repeat(198) + "b"};
        for (String pattern : patterns) {
            NamePattern compiled = NamePattern.parse(pattern);
            Duration took = Timing.fastestOfThree(() -> compiled.matches(name));
            assertTrue(took.toMillis() < 100, pattern.substring(0, 12) + "...: " + took.toMillis() + " ms");
            assertFalse(compiled.matches(name));
        }
    }
}
