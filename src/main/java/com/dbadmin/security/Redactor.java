package com.dbadmin.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets out of what the server writes down (audit rows, logs, error text): values of fields
 * whose names say they hold a credential, credentials inside URLs, bearer tokens and JWTs in text.
 * Restricted tables never reach these paths at all; this covers secret-looking columns of ordinary
 * tables (an {@code api_token} column in {@code integrations}, say).
 */
public final class Redactor {
    public static final String MASK = "[REDACTED]";

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(passw(or)?d|passphrase|pwd|secret|token|api_?key|private_?key|credential|session_?key).*");
    private static final Pattern URL_CREDENTIALS = Pattern.compile("(?i)([a-z][a-z0-9+.-]*://[^/\\s:@]+):[^@\\s/]+@");
    private static final Pattern KEY_VALUE = Pattern.compile(
            "(?i)\\b(passw(or)?d|pwd|secret|token|api_?key)(\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s,;&)]+)");
    private static final Pattern BEARER = Pattern.compile("(?i)\\bbearer\\s+[A-Za-z0-9._~+/=-]+");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");

    private Redactor() {
    }

    public static boolean isSecretName(String name) {
        return name != null && SECRET_NAME.matcher(name).matches();
    }

    /** A copy of a row image (object, array of objects, nested) with secret-named fields masked. */
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

    /** Free text (an error message, a URL) with credentials masked. */
    public static String text(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String mask = Matcher.quoteReplacement(MASK);
        String redacted = URL_CREDENTIALS.matcher(text).replaceAll("$1:" + mask + "@");
        redacted = KEY_VALUE.matcher(redacted).replaceAll("$1$3" + mask);
        redacted = BEARER.matcher(redacted).replaceAll("Bearer " + mask);
        return JWT.matcher(redacted).replaceAll(mask);
    }
}
