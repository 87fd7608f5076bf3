package com.dbadmin.call;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;

/** What a call produced: a result, or an error with its stable code. Exactly one is non-null. */
public record ToolOutcome(String tool, ObjectNode result, ToolException error, Duration duration) {

    public boolean success() {
        return error == null;
    }

    /** Arguments broke the schema: a malformed request rather than a tool failure. */
    public boolean invalidArguments() {
        return error instanceof InvalidArgumentsException;
    }
}
