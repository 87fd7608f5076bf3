package com.dbadmin.function;

import com.dbadmin.call.ToolException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Set;

/**
 * What the scheduled function is asked to run: a tool call {@code {"tool": "...", "arguments": {...}}} or a
 * maintenance task {@code {"task": "audit-retention"}}. Two shapes carry it:
 * <ul>
 *   <li>EventBridge Scheduler passes the schedule's configured input as the event. The Terraform adds a
 *   {@code "scheduler"} object filled by Scheduler's context attributes (schedule ARN, scheduled time,
 *   execution id); it only labels the audit row's user agent and grants nothing: whoever invokes this
 *   function is the scheduler, because IAM lets only the schedule's role invoke it.</li>
 *   <li>An EventBridge rule's default "Scheduled Event" ({@code "source": "aws.events"}) carries it in its
 *   {@code detail}.</li>
 * </ul>
 *
 * @param tool     the tool to call, or null for a task
 * @param task     the maintenance task, or null for a tool call
 * @param schedule the schedule (ARN or rule) that fired, {@code ""} when the event does not say
 */
record ScheduledEvent(String tool, JsonNode arguments, String task, String schedule) {
    static final String AUDIT_RETENTION = "audit-retention";
    static final String USAGE = "Schedule {\"tool\": \"<tool name>\", \"arguments\": {...}} or {\"task\": \""
            + AUDIT_RETENTION + "\"}";
    private static final Set<String> FIELDS = Set.of("tool", "arguments", "task", "scheduler");

    /** The tool the event names, or null: known before parsing, so a refusal is audited under it. */
    static String toolName(JsonNode event) {
        return LambdaEvent.toolName(isRuleEvent(event) ? event.get("detail") : event);
    }

    static ScheduledEvent parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw ToolException.validation("The event must be a JSON object. " + USAGE + ".");
        }
        if (isRuleEvent(event)) {
            JsonNode detail = event.path("detail");
            if (!detail.isObject()) {
                throw ToolException.validation("This EventBridge \"Scheduled Event\" names nothing to run: put "
                        + "{\"tool\": ..., \"arguments\": {...}} in the rule's input (or in the event's detail).");
            }
            return parseBody(detail, event.path("resources").path(0).asText(""));
        }
        JsonNode scheduler = event.get("scheduler");
        if (scheduler != null && !scheduler.isObject()) {
            throw ToolException.validation("\"scheduler\" must be an object (EventBridge Scheduler context attributes).");
        }
        return parseBody(event, scheduler == null ? "" : scheduler.path("schedule_arn").asText(""));
    }

    private static ScheduledEvent parseBody(JsonNode body, String schedule) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ToolException.validation("Unknown event field \"" + name + "\"; allowed: tool, arguments, task, "
                        + "scheduler. " + USAGE + ".");
            }
        }
        String tool = LambdaEvent.toolName(body);
        JsonNode task = body.get("task");
        if (tool != null && task != null) {
            throw ToolException.validation("Name either a \"tool\" or a \"task\", not both. " + USAGE + ".");
        }
        if (tool != null) {
            return new ScheduledEvent(tool, body.get("arguments"), null, schedule);
        }
        if (task != null && AUDIT_RETENTION.equals(task.asText(null))) {
            return new ScheduledEvent(null, null, AUDIT_RETENTION, schedule);
        }
        throw ToolException.validation(task == null ? "\"tool\" or \"task\" is required. " + USAGE + "."
                : "Unknown task " + task + "; the only task is \"" + AUDIT_RETENTION + "\".");
    }

    private static boolean isRuleEvent(JsonNode event) {
        return event != null && "aws.events".equals(event.path("source").asText(null))
                && "Scheduled Event".equals(event.path("detail-type").asText(null));
    }
}
