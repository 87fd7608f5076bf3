package com.dbadmin.tool;

import com.dbadmin.call.CallConnections;
import com.dbadmin.call.CallCancelledException;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.CallControl;
import com.dbadmin.call.DatabaseErrorFilter;
import com.dbadmin.call.DbSession;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.InvalidArgumentsException;
import com.dbadmin.call.SqlErrors;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGuard;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.TransactionSetting;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;

/**
 * The one path every tool call takes, whatever the transport: look up, validate arguments, run the
 * guards, run the handler in a transaction, let listeners see the result before commit (audit) and
 * after completion (metrics, logs). Adapters translate the {@link ToolOutcome}; nothing about SQL,
 * policy or auditing lives in them.
 */
@Singleton
public class ToolInvoker {
    private static final Logger LOG = LoggerFactory.getLogger(ToolInvoker.class);

    private final ToolRegistry toolRegistry;
    private final ArgumentValidator validator;
    private final CallConnections connections;
    private final List<TransactionSetting> transactionSettings;
    private final List<ToolGuard> guards;
    private final List<ToolCallListener> listeners;
    private final List<DatabaseErrorFilter> errorFilters;

    public ToolInvoker(ToolRegistry toolRegistry, ArgumentValidator validator, CallConnections connections,
                       List<TransactionSetting> transactionSettings, List<ToolGuard> guards,
                       List<ToolCallListener> listeners, List<DatabaseErrorFilter> errorFilters) {
        this.toolRegistry = toolRegistry;
        this.validator = validator;
        this.connections = connections;
        this.transactionSettings = List.copyOf(transactionSettings);
        this.guards = guards.stream().sorted(Comparator.comparingInt(ToolGuard::order)).toList();
        this.listeners = List.copyOf(listeners);
        this.errorFilters = List.copyOf(errorFilters);
    }

    public ToolRegistry registry() {
        return toolRegistry;
    }

    public ToolOutcome invoke(String toolName, JsonNode arguments, CallContext context) {
        return invoke(toolName, arguments, context, List.of());
    }

    /**
     * As {@link #invoke(String, JsonNode, CallContext)}, with {@code admission} checks of the door the call
     * came through (a Lambda group function opens one tool group only). They run first, so a caller at the
     * wrong door learns which door to use rather than which scope it lacks there; then the guards' caller
     * checks (rate limit, scope), then argument validation. A refusal is an outcome like any other:
     * listeners (audit, metrics) see it.
     */
    public ToolOutcome invoke(String toolName, JsonNode arguments, CallContext context, List<ToolGuard> admission) {
        return invoke(toolName, arguments, context, admission, CallControl.none());
    }

    /**
     * As {@link #invoke(String, JsonNode, CallContext)}, watched by the transport: progress reports go to
     * {@code control}'s listener, and {@link CallControl#cancel()} stops the call and rolls it back
     * ({@code DB_499_CANCELLED}).
     */
    public ToolOutcome invoke(String toolName, JsonNode arguments, CallContext context, CallControl control) {
        return invoke(toolName, arguments, context, List.of(), control);
    }

    private ToolOutcome invoke(String toolName, JsonNode arguments, CallContext context, List<ToolGuard> admission,
                               CallControl control) {
        long started = System.nanoTime();
        ToolDefinition tool = toolRegistry.find(toolName).orElse(null);
        if (tool == null) {
            return unknownTool(toolName, context, started);
        }
        ObjectNode args = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode()
                : arguments.isObject() ? (ObjectNode) arguments : null;
        DbSession session = new DbSession(() -> connections.forTool(tool), transactionSettings, tool.hints().readOnly());
        ToolCall call = new ToolCall(tool, args, context, session, control);
        ToolOutcome outcome;
        try {
            for (ToolGuard check : admission) {
                check.check(call);
            }
            for (ToolGuard guard : guards) {
                guard.admit(context, tool);
            }
            if (args == null) {
                throw new InvalidArgumentsException(tool.name(), List.of("arguments must be a JSON object"));
            }
            validator.validate(tool, args);
            for (ToolGuard guard : guards) {
                guard.check(call);
            }
            ObjectNode result = tool.handler().handle(call);
            control.checkNotCancelled();
            for (ToolCallListener listener : listeners) {
                listener.beforeCommit(call, result);
            }
            session.commit();
            outcome = new ToolOutcome(tool.name(), result, null, elapsed(started));
        } catch (ToolException e) {
            session.rollbackQuietly();
            ToolException error = control.cancelled() && !(e instanceof CallCancelledException)
                    ? new CallCancelledException() : e;
            outcome = new ToolOutcome(tool.name(), null, filtered(error), elapsed(started));
        } catch (SQLException e) {
            session.rollbackQuietly();
            ToolException translated = control.cancelled() ? new CallCancelledException() : translate(e);
            if (translated.code() == ErrorCode.DB_500_DATABASE) {
                LOG.warn("Tool {} failed with a database error (SQLSTATE {})", tool.name(), e.getSQLState(), e);
            }
            outcome = new ToolOutcome(tool.name(), null, translated, elapsed(started));
        } catch (RuntimeException e) {
            session.rollbackQuietly();
            Throwable cause = e.getCause();
            if (control.cancelled()) {
                outcome = new ToolOutcome(tool.name(), null, new CallCancelledException(), elapsed(started));
            } else if (cause instanceof SQLException sql) {
                outcome = new ToolOutcome(tool.name(), null, translate(sql), elapsed(started));
            } else {
                LOG.error("Tool {} failed unexpectedly", tool.name(), e);
                outcome = new ToolOutcome(tool.name(), null, new ToolException(ErrorCode.DB_500_DATABASE,
                        "Internal error while running " + tool.name() + "; the change, if any, was rolled back."),
                        elapsed(started));
            }
        } finally {
            session.close();
        }
        for (ToolCallListener listener : listeners) {
            try {
                listener.afterCompletion(call, outcome);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed after {}", listener.getClass().getSimpleName(), tool.name(), e);
            }
        }
        return outcome;
    }

    /**
     * A call naming no tool still passes the caller checks (it counts against the rate limit) and is
     * reported to the listeners (the audit log records it), then fails with DB_404_NOT_FOUND.
     */
    public ToolOutcome unknownTool(String toolName, CallContext context) {
        return unknownTool(toolName, context, System.nanoTime());
    }

    private ToolOutcome unknownTool(String toolName, CallContext context, long startedNanos) {
        ToolException error;
        try {
            for (ToolGuard guard : guards) {
                guard.admit(context, null);
            }
            error = ToolException.notFound("Unknown tool '" + toolName + "'. tools/list shows the available tools.");
        } catch (ToolException refused) {
            error = refused;
        }
        ToolOutcome outcome = new ToolOutcome(toolName, null, error, elapsed(startedNanos));
        for (ToolCallListener listener : listeners) {
            try {
                listener.afterUnknownTool(toolName, context, outcome);
            } catch (RuntimeException e) {
                LOG.warn("Listener {} failed after unknown tool", listener.getClass().getSimpleName(), e);
            }
        }
        return outcome;
    }

    private ToolException translate(SQLException e) {
        return filtered(SqlErrors.translate(e));
    }

    /** Errors that carry PostgreSQL's text (they have a sqlstate, e.g. a batch item's) pass the filters. */
    private ToolException filtered(ToolException error) {
        if (!error.details().containsKey("sqlstate")) {
            return error;
        }
        for (DatabaseErrorFilter filter : errorFilters) {
            error = filter.filter(error);
        }
        return error;
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
