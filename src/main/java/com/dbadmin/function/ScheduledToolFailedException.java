package com.dbadmin.function;

import com.dbadmin.call.ToolException;

/**
 * Thrown out of the handler when a scheduled call fails, so that Lambda counts a function error (its
 * asynchronous retries and the backup alarms depend on that). The message is the tool's error, never a trace.
 */
class ScheduledToolFailedException extends RuntimeException {
    private final transient ToolException error;

    public ScheduledToolFailedException(String tool, ToolException error) {
        super((tool == null ? "Scheduled invocation" : "Scheduled " + tool) + " failed: " + error.code().name()
                + " " + error.getMessage(), null, false, false);
        this.error = error;
    }

    public ToolException error() {
        return error;
    }
}
