package com.dbadmin.tool;

import com.dbadmin.call.CallConnections;
import com.dbadmin.call.CallCancelledException;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.CallControl;
import com.dbadmin.call.ConnectionKind;
import com.dbadmin.call.DatabaseErrorFilter;
import com.dbadmin.call.DbSession;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.InvalidArgumentsException;
import com.dbadmin.call.ServedBy;
import com.dbadmin.call.SqlErrors;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolCallListener;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGuard;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.TransactionSetting;
import com.dbadmin.guard.PrivilegeSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The one path every tool call takes, whatever the transport: look up, validate arguments, run the
 * guards, run the handler in a transaction, let listeners see the result before commit (audit) and
 * after completion (metrics, logs). Adapters translate the {@link ToolOutcome}; nothing about SQL,
 * policy or auditing lives in them. A call naming another database ({@link DatabaseRoutes}) is handed whole to
 * that database's invoker.
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
    private final String toolRole;
    private final DatabaseRoutes databases;

    public ToolInvoker(ToolRegistry toolRegistry, ArgumentValidator validator, CallConnections connections,
                       List<TransactionSetting> transactionSettings, List<ToolGuard> guards,
                       List<ToolCallListener> listeners, List<DatabaseErrorFilter> errorFilters,
                       PrivilegeSettings privileges, DatabaseRoutes databases) {
        this.toolRole = privileges.toolRole();
        this.databases = databases;
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
     * As {@link #invoke(String, JsonNode, CallContext)}, with {@code admission}: guards of the door the call came
     * through (a Lambda group function opens one tool group only; a credential it refused). They run among the
     * registered guards by {@link ToolGuard#order()} (see {@link ToolGuard#DOOR_ORDER}), for unknown tool names
     * too. A refusal is an outcome like any other: listeners (audit, metrics) see it.
     */
    public ToolOutcome invoke(String toolName, JsonNode arguments, CallContext context, List<ToolGuard> admission) {
        return invoke(toolName, arguments, null, context, admission, CallControl.none());
    }

    /**
     * As {@link #invoke(String, JsonNode, CallContext)}, watched by the transport: progress reports go to
     * {@code control}'s listener, and {@link CallControl#cancel()} stops the call and rolls it back
     * ({@code DB_499_CANCELLED}).
     */
    public ToolOutcome invoke(String toolName, JsonNode arguments, CallContext context, CallControl control) {
        return invoke(toolName, arguments, null, context, List.of(), control);
    }

    /**
     * A call whose arguments could not even be read (a request body that is not JSON, or not UTF-8): it
     * passes the caller checks like any call (rate limit, scope), then fails with DB_400 as invalid
     * arguments, and the listeners see it, so it is audited like every other refusal.
     */
    public ToolOutcome invokeUnreadable(String toolName, String problem, CallContext context) {
        return invoke(toolName, null, problem, context, List.of(), CallControl.none());
    }

    private ToolOutcome invoke(String toolName, JsonNode arguments, String unreadable, CallContext context,
                               List<ToolGuard> admission, CallControl control) {
        long started = System.nanoTime();
        Route route = route(arguments);
        if (route.other() != null) {
            return route.other().invoke(toolName, route.arguments(), unreadable, context, admission, control);
        }
        arguments = route.arguments();
        ToolException wrongDatabase = route.refusal();
        List<ToolGuard> callGuards = withAdmission(admission);
        ToolDefinition tool = toolRegistry.find(toolName).orElse(null);
        if (tool == null) {
            return unknownTool(toolName, context, started, callGuards);
        }
        ObjectNode args = arguments == null || arguments.isNull() ? JsonNodeFactory.instance.objectNode()
                : arguments.isObject() ? (ObjectNode) arguments : null;
        // Published form (deprecated spellings and values replaced) for validation, declared names for the handler.
        ArgumentConvention convention = toolRegistry.convention(tool.name());
        ObjectNode published = null;
        ToolException unconventional = null;
        if (args != null) {
            try {
                published = convention.toPublished(tool.name(), args);
            } catch (ToolException e) {
                unconventional = e;
            }
        }
        // A read-only tool reads from the replica when one can serve; nothing else ever does.
        boolean replicaReads = connections.hasReplica() && tool.hints().readOnly()
                && tool.connection() != ConnectionKind.DIRECT;
        DbSession session = new DbSession(() -> connections.forTool(tool),
                replicaReads ? connections::readFromReplica : null, transactionSettings, toolRole,
                tool.hints().readOnly());
        ToolCall call = new ToolCall(tool, published == null ? args : convention.toDeclared(published), context, session,
                control);
        ToolOutcome outcome;
        try {
            for (ToolGuard guard : callGuards) {
                guard.admit(context, tool);
            }
            if (unreadable != null) {
                throw new InvalidArgumentsException(tool.name(), List.of(unreadable));
            }
            if (args == null) {
                throw new InvalidArgumentsException(tool.name(), List.of("arguments must be a JSON object"));
            }
            if (wrongDatabase != null) {
                throw wrongDatabase;
            }
            if (unconventional != null) {
                throw unconventional;
            }
            ArgumentLimits.check(tool, published);
            validator.validate(tool, published);
            for (ToolGuard guard : callGuards) {
                guard.check(call);
            }
            ObjectNode result = tool.handler().handle(call);
            control.checkNotCancelled();
            if (connections.hasReplica()) {
                putServedBy(result, call.details().servedBy() != null ? call.details().servedBy() : session.servedBy());
            }
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
        } catch (StackOverflowError e) {
            // Every nesting of input is bounded before it is used; this is the last line behind those bounds,
            // so no input can turn into a 500 or an unaudited call.
            session.rollbackQuietly();
            LOG.warn("Tool {} ran out of stack on its input", tool.name());
            outcome = new ToolOutcome(tool.name(), null, ToolException.validation("The arguments nest too deeply"
                    + " to process; flatten the filter or value."), elapsed(started));
        } catch (RuntimeException e) {
            session.rollbackQuietly();
            SQLException sql = SqlErrors.under(e).orElse(null);
            if (control.cancelled()) {
                outcome = new ToolOutcome(tool.name(), null, new CallCancelledException(), elapsed(started));
            } else if (sql != null) {
                ToolException translated = translate(sql);
                if (translated.code() == ErrorCode.DB_500_DATABASE) {
                    LOG.warn("Tool {} failed with a database error (SQLSTATE {})", tool.name(), sql.getSQLState(), e);
                }
                outcome = new ToolOutcome(tool.name(), null, translated, elapsed(started));
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
     * Where a call goes when several databases are configured: the invoker of the database its {@code database}
     * argument names (the argument removed), or this one, with the refusal of a name that cannot be served. The
     * refusal is thrown after the caller checks, so it is rate-limited and audited on this (the default) database.
     */
    private Route route(JsonNode arguments) {
        if (!(arguments instanceof ObjectNode object) || !object.has(DatabaseRoutes.ARGUMENT)
                || databases.names().isEmpty()) {
            return new Route(arguments, null, null);
        }
        JsonNode named = object.get(DatabaseRoutes.ARGUMENT);
        ObjectNode rest = object.deepCopy();
        rest.remove(DatabaseRoutes.ARGUMENT);
        List<String> names = databases.names();
        if (!named.isTextual() || !names.contains(named.asText())) {
            String given = named.isTextual() ? "'" + shortened(named.asText()) + "'" : "a " + named.getNodeType()
                    .toString().toLowerCase(Locale.ROOT);
            return new Route(rest, null, ToolException.validation("Unknown database " + given
                    + "; 'database' is one of: " + String.join(", ", names)));
        }
        if (named.asText().equals(names.get(0))) {
            return new Route(rest, null, null);
        }
        try {
            return new Route(rest, databases.invoker(named.asText()), null);
        } catch (ToolException unavailable) {
            return new Route(rest, null, unavailable);
        }
    }

    private static String shortened(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }

    /** Null {@code other}: the call runs here, refused when {@code refusal} is set. */
    private record Route(JsonNode arguments, ToolInvoker other, ToolException refusal) {
    }

    /**
     * A call naming no tool still passes the caller checks (it counts against the rate limit) and is
     * reported to the listeners (the audit log records it), then fails with DB_404_NOT_FOUND.
     */
    public ToolOutcome unknownTool(String toolName, CallContext context) {
        return unknownTool(toolName, context, System.nanoTime(), guards);
    }

    private List<ToolGuard> withAdmission(List<ToolGuard> admission) {
        if (admission.isEmpty()) {
            return guards;
        }
        List<ToolGuard> merged = new ArrayList<>(guards);
        merged.addAll(admission);
        merged.sort(Comparator.comparingInt(ToolGuard::order));
        return merged;
    }

    private ToolOutcome unknownTool(String toolName, CallContext context, long startedNanos, List<ToolGuard> callGuards) {
        ToolException error;
        try {
            for (ToolGuard guard : callGuards) {
                guard.admit(context, null);
            }
            String switchedOff = toolRegistry.switchedOff(toolName).orElse(null);
            error = switchedOff != null ? new ToolException(ErrorCode.DB_403_ACCESS_DENIED, switchedOff + ".")
                    : ToolException.notFound("Unknown tool '" + toolName + "'. tools/list shows the available tools.");
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

    /**
     * With a read replica configured, a result says which server answered: {@code served_by} with the server, the
     * replica's replay lag, and why a read-only call fell back to the primary.
     */
    private static void putServedBy(ObjectNode result, ServedBy served) {
        if (result == null || served == null) {
            return;
        }
        ObjectNode node = result.putObject(ToolResults.SERVED_BY);
        node.put("server", served.server());
        node.put("replay_lag_ms", served.replayLagMs());
        node.put("fallback", served.fallback());
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
