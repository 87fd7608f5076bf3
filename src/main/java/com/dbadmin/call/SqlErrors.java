package com.dbadmin.call;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Maps PostgreSQL errors to stable codes and messages safe to show: the constraint and column at
 * fault, never the SQL text or connection details.
 */
public final class SqlErrors {
    /** How deep a chain of causes is searched. */
    private static final int MAX_CAUSES = 16;

    private SqlErrors() {
    }

    public static ToolException translate(SQLException e) {
        e = withState(e);
        if (e instanceof SQLTransientConnectionException) {
            return new ToolException(ErrorCode.DB_503_UNAVAILABLE,
                    "The database is unavailable (no connection could be obtained); retry shortly.",
                    Map.of("retryable", true), e);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sqlstate", state);
        String constraint = null;
        String column = null;
        String detail = null;
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null) {
            ServerErrorMessage server = psql.getServerErrorMessage();
            constraint = server.getConstraint();
            column = server.getColumn();
            detail = server.getDetail();
            if (constraint != null) {
                details.put("constraint", constraint);
            }
            if (column != null) {
                details.put("column", column);
            }
        }
        String primary = primaryMessage(e);
        String suffix = detail == null ? "" : " (" + detail + ")";
        if (state.equals("23505")) {
            return new ToolException(ErrorCode.DB_409_CONFLICT,
                    "Duplicate key violates unique constraint " + quote(constraint) + suffix
                            + ". Use on_conflict to skip or update existing rows.", details, e);
        }
        if (state.equals("21000")) {
            // ON CONFLICT DO UPDATE meeting the same key twice in one statement (two records of a batch).
            return new ToolException(ErrorCode.DB_409_CONFLICT, "Two records of the batch have the same conflict key,"
                    + " so one row would be written twice; remove the duplicate or split the batch.", details, e);
        }
        if (state.startsWith("23")) {
            return new ToolException(ErrorCode.DB_422_CONSTRAINT, "Constraint violated: " + primary + suffix, details, e);
        }
        if (state.startsWith("22")) {
            return new ToolException(ErrorCode.DB_400_VALIDATION, "Invalid value: " + primary, details, e);
        }
        if (state.equals("57014")) {
            return new ToolException(ErrorCode.DB_504_TIMEOUT,
                    "The statement exceeded its time limit and was cancelled; narrow the filter or add a limit.",
                    details, e);
        }
        if (state.equals("55P03")) {
            return new ToolException(ErrorCode.DB_503_UNAVAILABLE,
                    "A lock could not be obtained in time; retry shortly.", retryable(details), e);
        }
        if (state.startsWith("40") || state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03") || state.equals("53300") || state.equals("53400")) {
            return new ToolException(ErrorCode.DB_503_UNAVAILABLE,
                    "Transient database failure (SQLSTATE " + state + "); nothing was changed, retry the call.",
                    retryable(details), e);
        }
        if (state.equals("42501")) {
            return new ToolException(ErrorCode.DB_403_ACCESS_DENIED,
                    "The database user lacks the privilege for this operation.", details, e);
        }
        if (state.equals("42P01") || state.equals("42703")) {
            return new ToolException(ErrorCode.DB_404_NOT_FOUND,
                    "The table or column no longer exists; refresh and retry.", details, e);
        }
        if (state.isEmpty() && connectionLost(e)) {
            return new ToolException(ErrorCode.DB_503_UNAVAILABLE,
                    "The connection to the database was lost; nothing was changed, retry the call.", retryable(details), e);
        }
        return new ToolException(ErrorCode.DB_500_DATABASE, state.isEmpty()
                ? "Database error (" + e.getClass().getSimpleName() + ")." : "Database error (SQLSTATE " + state + ").",
                details, e);
    }

    /**
     * A driver or pool error without an SQLSTATE caused by the connection going away: an I/O failure under it,
     * or a closed connection (a server shutting down closes them under a running call).
     */
    private static boolean connectionLost(Throwable e) {
        return causes(e).anyMatch(cause -> {
            String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(java.util.Locale.ROOT);
            return cause instanceof java.io.IOException || message.contains("connection is closed")
                    || message.contains("connection has been closed") || message.contains("connection refused");
        });
    }

    /**
     * The first database error in {@code e}'s causes (caches, pools and micronaut-data wrap it once or more),
     * for {@link #translate}, which looks further down for the one that carries the SQLSTATE.
     */
    public static Optional<SQLException> under(Throwable e) {
        return causes(e.getCause()).filter(SQLException.class::isInstance).map(SQLException.class::cast).findFirst();
    }

    /** {@code e} and what caused it, outermost first; bounded, so a cause cycle cannot hang a call. */
    private static Stream<Throwable> causes(Throwable e) {
        return Stream.iterate(e, Objects::nonNull, Throwable::getCause)
                .limit(MAX_CAUSES);
    }

    /**
     * The error itself when it carries an SQLSTATE, else the first error under it that does: wrappers
     * (a closing pool, a connection that failed while restoring its state) often carry none.
     */
    private static SQLException withState(SQLException e) {
        Optional<SQLException> stated = causes(e).filter(SQLException.class::isInstance).map(SQLException.class::cast)
                .filter(sql -> sql.getSQLState() != null && !sql.getSQLState().isBlank()).findFirst();
        if (stated.isPresent()) {
            return stated.get();
        }
        SQLException next = e.getNextException();
        return next != null && next != e && next.getSQLState() != null ? next : e;
    }

    private static Map<String, Object> retryable(Map<String, Object> details) {
        details.put("retryable", true);
        return details;
    }

    private static String primaryMessage(SQLException e) {
        if (e instanceof PSQLException psql && psql.getServerErrorMessage() != null
                && psql.getServerErrorMessage().getMessage() != null) {
            return psql.getServerErrorMessage().getMessage();
        }
        return "SQLSTATE " + e.getSQLState();
    }

    private static String quote(String name) {
        return name == null ? "" : "'" + name + "'";
    }
}
