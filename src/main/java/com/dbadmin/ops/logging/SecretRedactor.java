package com.dbadmin.ops.logging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The one definition of what a secret looks like, for everything the server writes down: logs, error
 * text, audit rows (row images and messages), health details. Masks credentials in text: URL user info ({@code postgresql://user:pass@host}),
 * {@code password=...}-style pairs (JDBC options, configuration dumps, JSON), Authorization headers,
 * bearer tokens and JWTs. Both log formats use it (the text converters and the JSON value masker), so
 * they never disagree about what a secret is.
 *
 * <p>Hand-written because logstash-logback-encoder's maskers only apply to JSON output and the text
 * format needs the same rules; the patterns are the only product-specific part. The text often holds
 * what a caller sent (an invalid value quoted in an error), so the patterns run on RE2/J, whose matching
 * time is linear in the text, and over at most {@value #MAX_TEXT} characters: no input can make a log
 * line or an error message cost more than a bounded, linear amount of CPU.
 */
public final class SecretRedactor {
    public static final String MASK = "****";
    /**
     * Longest text redacted (and so written) in one piece; the rest is cut with a note of how much was cut.
     * Stack traces are redacted line by line ({@link #redactLines}), so only one absurd line is ever cut.
     */
    public static final int MAX_TEXT = 16 * 1024;

    /**
     * A pattern, its replacement, and the lower-case substrings one of which any match must contain: a
     * plain {@code contains} check skips the regex for the vast majority of log values (a profile under
     * load showed the unconditional regexes at 15 % of the server's CPU).
     */
    private record Rule(Pattern pattern, Function<Matcher, String> replacement, List<String> triggers) {
        boolean mayMatch(String lowerCaseText) {
            for (String trigger : triggers) {
                if (lowerCaseText.contains(trigger)) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final List<Rule> RULES = List.of(
            // scheme://user:password@host -> scheme://user:****@host (DATABASE_URL, JDBC, S3 endpoints)
            new Rule(Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://[^\\s:/@\"']+):[^\\s@/\"']+@"),
                    m -> m.group(1) + ":" + MASK + "@", List.of("://")),
            // Authorization: Bearer xyz / "authorization":"Basic xyz" / authorization=xyz
            new Rule(Pattern.compile("(?i)(\\b(?:proxy-)?authorization[\"']?\\s*[:=]\\s*[\"']?)((?:bearer|basic|token)\\s+)?[^\\s\"',;}]+"),
                    m -> m.group(1) + (m.group(2) == null ? "" : m.group(2)) + MASK, List.of("authorization")),
            // Bearer tokens anywhere else ("Bearer ****" stays as it is: '*' is not a token character)
            new Rule(Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9\\-._~+/]+=*"),
                    m -> m.group(1) + MASK, List.of("bearer")),
            // JWTs (header.payload.signature in base64url; a JSON header always starts with eyJ)
            new Rule(Pattern.compile("\\beyJ[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*"),
                    m -> MASK, List.of("eyj")),
            // key=value, key: value, "key":"value" for keys that name a secret
            new Rule(Pattern.compile("(?i)(\\b[a-z0-9_.\\-]*(?:password|passwd|pwd|secret|token|api[_\\-]?key"
                    + "|access[_\\-]?key|private[_\\-]?key|credentials?)[\"']?\\s*[:=]\\s*[\"']?)([^\\s\"',;&}]+)"),
                    m -> m.group(2).startsWith(MASK) ? m.group() : m.group(1) + MASK,
                    List.of("passw", "pwd", "secret", "token", "key", "credential")));

    private SecretRedactor() {
    }

    /**
     * The text with every recognised secret replaced by {@value #MASK}, cut to {@value #MAX_TEXT}
     * characters; the same instance when it was short enough and no secret was found.
     */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = bounded(text);
        String lower = result.toLowerCase(Locale.ROOT);
        for (Rule rule : RULES) {
            if (!rule.mayMatch(lower)) {
                continue;
            }
            String replaced = replaceAll(rule, result);
            if (replaced != result) {
                result = replaced;
                lower = result.toLowerCase(Locale.ROOT);
            }
        }
        return result;
    }

    /** As {@link #redact}, one line at a time: a long stack trace keeps every line, each line bounded. */
    public static String redactLines(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return redact(text);
        }
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            out.append(redact(text.substring(start, end)));
            start = end;
        }
        return out.toString();
    }

    private static String bounded(String text) {
        if (text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT) + "... (" + (text.length() - MAX_TEXT) + " more characters cut)";
    }

    /** Every match replaced; the same instance when no replacement changed anything. */
    private static String replaceAll(Rule rule, String text) {
        Matcher matcher = rule.pattern().matcher(text);
        StringBuilder out = null;
        int copied = 0;
        while (matcher.find()) {
            String replacement = rule.replacement().apply(matcher);
            if (replacement.equals(matcher.group())) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length());
            }
            out.append(text, copied, matcher.start()).append(replacement);
            copied = matcher.end();
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /** Whether a field of this name holds a secret as a whole (structured log arguments, MDC keys). */
    public static boolean isSecretName(String fieldName) {
        if (fieldName == null) {
            return false;
        }
        String name = fieldName.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        return name.contains("password") || name.contains("passwd") || name.contains("secret")
                || name.endsWith("token") || name.equals("authorization") || name.contains("apikey")
                || name.contains("accesskey") || name.contains("privatekey") || name.contains("credential")
                || name.contains("passphrase") || name.contains("sessionkey");
    }

    /**
     * A copy of a row image (object, array of objects, nested) with secret-named fields masked whole: an
     * {@code api_token} column of an ordinary table never reaches an audit row. (Restricted tables never
     * reach these paths at all.)
     */
    public static JsonNode image(JsonNode node) {
        if (node == null || node.isNull()) {
            return node;
        }
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean secret = isSecretName(field.getKey()) && !field.getValue().isNull();
                copy.set(field.getKey(), secret ? JsonNodeFactory.instance.textNode(MASK) : image(field.getValue()));
            }
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> copy.add(image(element)));
            return copy;
        }
        return node;
    }
}
