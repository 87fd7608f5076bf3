package com.dbadmin.sql.readonly;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.sql.RowWriter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * Runs one {@link CallerSql} statement inside a {@link RoleSession} and reads at most {@code limit} rows:
 * the server stops after {@code limit + 1} (the extra row only says whether more exist), and pgjdbc's
 * {@code maxResultBuffer} bounds the bytes one answer may hold, however wide its values.
 */
public final class ReadOnlyQuery {
    private ReadOnlyQuery() {
    }

    /** Rows as JSON objects, the columns they have, and whether the statement had more rows than the limit. */
    public record Result(ArrayNode columns, ArrayNode rows, boolean hasMore) {
    }

    public static Result run(Connection connection, String sql, JsonNode params, int limit) throws SQLException {
        CallerSql statement = CallerSql.parse(sql, standardConformingStrings(connection), CallerSql.QUERY_KEYWORDS);
        try (PreparedStatement prepared = connection.prepareStatement(statement.jdbcSql())) {
            CallerParameters.bind(prepared, statement, params);
            prepared.setMaxRows(limit + 1);
            prepared.setFetchSize(limit + 1);
            if (!prepared.execute()) {
                return new Result(JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.arrayNode(), false);
            }
            try (ResultSet rs = prepared.getResultSet()) {
                RowWriter writer = new RowWriter(rs.getMetaData());
                ArrayNode rows = writer.readAll(rs);
                boolean hasMore = rows.size() > limit;
                if (hasMore) {
                    rows.remove(limit);
                }
                return new Result(writer.columns(), rows, hasMore);
            }
        } catch (SQLException e) {
            throw tooLarge(e);
        }
    }

    public static boolean standardConformingStrings(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        return !(pg instanceof org.postgresql.core.BaseConnection base) || base.getStandardConformingStrings();
    }

    /** pgjdbc reports a result over maxResultBuffer as a communication error; it is the caller's query that is too big. */
    static SQLException tooLarge(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.contains("maxResultBuffer")) {
            throw new ToolException(ErrorCode.DB_413_TOO_LARGE, "The result is larger than the server returns in one"
                    + " answer; select fewer or narrower columns, or lower 'limit'.", Map.of(), e);
        }
        return e;
    }
}
