package com.dbadmin.sql.readonly;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.SqlErrors;
import com.dbadmin.call.ToolException;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import java.sql.SQLException;
import java.util.LinkedHashMap;
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
     * Syntax and name errors (class 42), data errors (22), unsupported features (0A), limits a statement hit
     * (54), RAISE from a function (P0), errors inside called routines (38, 39, 2F).
     */
    private static boolean isCallerMistake(String state) {
        return state.startsWith("42") || state.startsWith("22") || state.startsWith("0A") || state.startsWith("54")
                || state.startsWith("P0") || state.startsWith("38") || state.startsWith("39") || state.startsWith("2F")
                || state.equals("21000") || state.equals("55000");
    }
}
