package com.dbadmin.tool;

import com.dbadmin.call.InvalidArgumentsException;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolOutcome;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** The JSON every transport returns for an outcome: the result itself, or {@code {"error": {...}}}. */
public final class ToolResults {
    /** The field that says which server answered, when the database has a read replica. */
    public static final String SERVED_BY = "served_by";

    private ToolResults() {
    }

    public static ObjectNode body(ToolOutcome outcome) {
        return outcome.success() ? outcome.result() : error(outcome.error());
    }

    public static ObjectNode error(ToolException e) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", e.code().name());
        error.put("message", e.getMessage());
        error.put("retryable", e.code().retryable());
        if (e instanceof InvalidArgumentsException invalid) {
            invalid.violations().forEach(error.putArray("violations")::add);
        }
        for (Map.Entry<String, Object> detail : e.details().entrySet()) {
            if (!detail.getKey().equals("retryable")) {
                error.putPOJO(detail.getKey(), detail.getValue());
            }
        }
        return body;
    }
}
