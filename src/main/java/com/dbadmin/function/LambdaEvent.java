package com.dbadmin.function;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The event a group function receives: {@code {"tool": "...", "arguments": {...}}}, optionally with the
 * caller's credential as {@code "token": "..."} or {@code "authorization": "Bearer ..."}. Nothing else: the
 * payload names the call, never the caller (scheduled calls have a function of their own,
 * {@link ScheduledFunction}).
 */
record LambdaEvent(String tool, JsonNode arguments, String bearer) {
    private static final Set<String> FIELDS = Set.of("tool", "arguments", "token", "authorization");
    static final String USAGE = "Invoke with {\"tool\": \"<tool name>\", \"arguments\": {...}}";

    /** The tool the event names, or null when it names none: known before parsing, so a refusal is audited under it. */
    static String toolName(JsonNode event) {
        JsonNode tool = event == null ? null : event.get("tool");
        return tool != null && tool.isTextual() && !tool.asText().isBlank() ? tool.asText() : null;
    }

    static LambdaEvent parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw ToolException.validation("The event must be a JSON object. " + USAGE + ".");
        }
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ToolException.validation("Unknown event field \"" + name + "\"; allowed: tool, arguments, "
                        + "token, authorization. " + USAGE + ".");
            }
        }
        String tool = toolName(event);
        if (tool == null) {
            throw ToolException.validation("\"tool\" is required and must be a tool name. " + USAGE + ".");
        }
        return new LambdaEvent(tool, event.get("arguments"), bearer(event));
    }

    private static String bearer(JsonNode event) {
        JsonNode token = event.get("token");
        JsonNode authorization = event.get("authorization");
        if (token != null && authorization != null) {
            throw ToolException.validation("Send the credential once: either \"token\" or \"authorization\".");
        }
        if (token != null) {
            if (!token.isTextual() || token.asText().isBlank()) {
                throw new ToolException(ErrorCode.DB_401_UNAUTHENTICATED, "\"token\" must be a non-empty string.");
            }
            return token.asText();
        }
        if (authorization != null) {
            String value = authorization.isTextual() ? authorization.asText().trim() : "";
            if (!value.toLowerCase(Locale.ROOT).startsWith("bearer ") || value.substring(7).isBlank()) {
                throw new ToolException(ErrorCode.DB_401_UNAUTHENTICATED,
                        "\"authorization\" must be \"Bearer <token>\".");
            }
            return value.substring(7).trim();
        }
        return null;
    }
}
