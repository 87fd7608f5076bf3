package com.dbadmin.sql.readonly;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.SqlErrors;
import com.dbadmin.call.ToolException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Errors of caller-written SQL. The caller wrote the statement, so PostgreSQL's own message (and the position
 * it points at) is the useful answer: a syntax error or an unknown column is DB_400 with that text, not a
 * generic database failure. Refusals by the role's privileges or by the read-only transaction are DB_403.
 * Everything else (timeouts, lost connections) keeps the codes every tool uses.
 */
public final class CallerSqlErrors {
    private CallerSqlErrors() {
    }

    public static ToolException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server == null || server.getMessage() == null) {
            return SqlErrors.translate(e);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sqlstate", state);
        if (server.getPosition() > 0) {
            details.put("position", server.getPosition());
        }
        String text = server.getMessage() + (server.getHint() == null ? "" : " (hint: " + server.getHint() + ")");
        if (state.equals("42501")) {
            return new ToolException(ErrorCode.DB_403_ACCESS_DENIED, "The SQL role may not do this: " + text
                    + ". db_execute_sql reads only what the server's SQL role was granted.", details, e);
        }
        if (state.equals("25006")) {
            return new ToolException(ErrorCode.DB_403_ACCESS_DENIED, "Refused by the read-only transaction: " + text
                    + ". db_execute_sql never changes data.", details, e);
        }
        if (isCallerMistake(state)) {
            return new ToolException(ErrorCode.DB_400_VALIDATION, "PostgreSQL: " + text, details, e);
        }
        return SqlErrors.translate(e);
    }

    /**
     * Whether the statement itself is at fault. The server's side is connection loss (08), conflicts worth a
     * retry (40, 55P03), exhausted resources (53), cancellation and timeouts (57), system and internal errors
     * (58, XX); everything else (syntax and names, data, cursors, transaction state, RAISE ...) is the caller's.
     */
    private static boolean isCallerMistake(String state) {
        if (state.length() != 5 || state.equals("55P03")) {
            return false;
        }
        String errorClass = state.substring(0, 2);
        return !List.of("08", "40", "53", "57", "58", "XX").contains(errorClass);
    }
}
