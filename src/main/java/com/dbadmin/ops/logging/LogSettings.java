package com.dbadmin.ops.logging;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * db-admin.log.*: which tool calls get a log line at INFO.
 *
 * @param toolCalls DB_ADMIN_LOG_TOOL_CALLS: all, or failures (successes at DEBUG)
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.log")
record LogSettings(
        @Bindable(defaultValue = "all")
        @NotNull
        @Pattern(regexp = "all|failures",
                message = "DB_ADMIN_LOG_TOOL_CALLS (db-admin.log.tool-calls) must be 'all' or 'failures',"
                        + " not '{validatedValue}'")
        String toolCalls) {

    boolean logSuccesses() {
        return toolCalls.equals("all");
    }
}
