package com.dbadmin.support;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Calls tools through the invoker (the path every transport shares) with JSON written inline. */
public final class Tools {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ToolInvoker invoker;
    private final CallContext caller;

    public Tools(ToolInvoker invoker) {
        this(invoker, CallContext.local("test", Transport.REST));
    }

    public Tools(ToolInvoker invoker, CallContext caller) {
        this.invoker = invoker;
        this.caller = caller;
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    public ToolOutcome call(String tool, String argumentsJson) {
        return invoker.invoke(tool, json(argumentsJson), caller);
    }

    public ObjectNode ok(String tool, String argumentsJson) {
        ToolOutcome outcome = call(tool, argumentsJson);
        if (!outcome.success()) {
            fail(tool + " failed: " + outcome.error().code() + " " + outcome.error().getMessage());
        }
        return outcome.result();
    }

    public ToolOutcome fails(ErrorCode expected, String tool, String argumentsJson) {
        ToolOutcome outcome = call(tool, argumentsJson);
        assertTrue(!outcome.success(), () -> tool + " unexpectedly succeeded: " + outcome.result());
        assertEquals(expected, outcome.error().code(), () -> "message: " + outcome.error().getMessage());
        return outcome;
    }
}
