package com.dbadmin.function;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The event a group function receives: {@code {"tool": "...", "arguments": {...}}}, optionally with the
 * caller's credential as {@code "token": "..."} or {@code "authorization": "Bearer ..."}.
 *
 * <p>Two shapes mark a scheduled invocation:
 * <ul>
 *   <li>EventBridge Scheduler passes the schedule's configured input as the event. The Terraform adds a
 *   {@code "scheduler"} object filled by Scheduler's context attributes (schedule ARN, scheduled time,
 *   execution id) so the function knows who called; the object is informational and grants nothing.</li>
 *   <li>An EventBridge rule's default "Scheduled Event" ({@code "source": "aws.events"}) carries the call in
 *   its {@code detail}.</li>
 * </ul>
 *
 * @param schedule the schedule (ARN or rule) for scheduled invocations, {@code ""} when not known, or null
 *                 for direct invocations
 */
record LambdaEvent(String tool, JsonNode arguments, String bearer, String schedule) {
    private static final Set<String> FIELDS = Set.of("tool", "arguments", "token", "authorization", "scheduler");
    private static final String USAGE = "Invoke with {\"tool\": \"<tool name>\", \"arguments\": {...}}";

    public boolean scheduled() {
        return schedule != null;
    }

    /** Whether the event is a scheduled one, decided before parsing so that a broken schedule still fails loudly. */
    public static boolean isScheduled(JsonNode event) {
        return event != null && event.isObject() && (event.has("scheduler") || isScheduledEvent(event));
    }

    public static LambdaEvent parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw ToolException.validation("The event must be a JSON object. " + USAGE + ".");
        }
        if (isScheduledEvent(event)) {
            JsonNode detail = event.path("detail");
            String rule = event.path("resources").path(0).asText("");
            if (!detail.isObject() || !detail.has("tool")) {
                throw ToolException.validation("This EventBridge \"Scheduled Event\" names no tool: put "
                        + "{\"tool\": ..., \"arguments\": {...}} in the rule's input (or in the event's detail).");
            }
            LambdaEvent call = parseCall(detail);
            return new LambdaEvent(call.tool, call.arguments, call.bearer, rule);
        }
        LambdaEvent call = parseCall(event);
        JsonNode scheduler = event.get("scheduler");
        if (scheduler == null) {
            return call;
        }
        if (!scheduler.isObject()) {
            throw ToolException.validation("\"scheduler\" must be an object (EventBridge Scheduler context attributes).");
        }
        return new LambdaEvent(call.tool, call.arguments, call.bearer, scheduler.path("schedule_arn").asText(""));
    }

    private static LambdaEvent parseCall(JsonNode event) {
        for (Iterator<String> names = event.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ToolException.validation("Unknown event field \"" + name + "\"; allowed: tool, arguments, "
                        + "token, authorization. " + USAGE + ".");
            }
        }
        JsonNode tool = event.get("tool");
        if (tool == null || !tool.isTextual() || tool.asText().isBlank()) {
            throw ToolException.validation("\"tool\" is required and must be a tool name. " + USAGE + ".");
        }
        return new LambdaEvent(tool.asText(), event.get("arguments"), bearer(event), null);
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

    private static boolean isScheduledEvent(JsonNode event) {
        return "aws.events".equals(event.path("source").asText(null))
                && "Scheduled Event".equals(event.path("detail-type").asText(null));
    }
}
