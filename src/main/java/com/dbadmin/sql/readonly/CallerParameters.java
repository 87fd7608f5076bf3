package com.dbadmin.sql.readonly;

import com.dbadmin.call.ToolException;
import com.fasterxml.jackson.databind.JsonNode;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Binds {@code params} to the placeholders of a {@link CallerSql}. Every value travels as text of unspecified
 * type, so PostgreSQL infers the type from where {@code $n} stands ({@code id = $1} makes it an integer) exactly
 * as it does for psql's {@code PREPARE}; a value that does not parse as that type is a clean 22xxx error.
 * JSON arrays become PostgreSQL array literals ({@code = ANY($1)}), objects become JSON text ({@code $1::jsonb}).
 */
public final class CallerParameters {
    private CallerParameters() {
    }

    public static void bind(PreparedStatement statement, CallerSql sql, JsonNode params) throws SQLException {
        int given = params == null ? 0 : params.size();
        if (given != sql.parameterCount()) {
            throw ToolException.validation(sql.parameterCount() == 0
                    ? "'params' has " + given + " values but the SQL uses no $n placeholder."
                    : "The SQL uses placeholders up to $" + sql.parameterCount() + "; 'params' must hold exactly "
                    + sql.parameterCount() + " values, not " + given + ".");
        }
        List<Integer> placeholders = sql.placeholders();
        for (int i = 0; i < placeholders.size(); i++) {
            String text = text(params.get(placeholders.get(i) - 1));
            if (text == null) {
                statement.setNull(i + 1, Types.OTHER);
            } else {
                statement.setObject(i + 1, text, Types.OTHER);
            }
        }
    }

    static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            return arrayLiteral(value);
        }
        if (value.isObject()) {
            return value.toString();
        }
        return value.asText();
    }

    private static String arrayLiteral(JsonNode array) {
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                literal.append(',');
            }
            JsonNode element = array.get(i);
            if (element == null || element.isNull()) {
                literal.append("NULL");
            } else if (element.isArray()) {
                literal.append(arrayLiteral(element));
            } else {
                String text = element.isObject() ? element.toString() : element.asText();
                literal.append('"').append(text.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            }
        }
        return literal.append('}').toString();
    }
}
