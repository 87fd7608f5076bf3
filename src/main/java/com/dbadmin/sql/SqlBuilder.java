package com.dbadmin.sql;

import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.Identifiers;
import com.fasterxml.jackson.databind.JsonNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * SQL text built only from catalogue identifiers and fixed keywords, with every value a bind
 * parameter typed by its column. Values travel as text and PostgreSQL parses them with an explicit
 * cast to the column's type, so bad input fails as a clean data error (22xxx) instead of coercing.
 */
public final class SqlBuilder {
    private final StringBuilder sql = new StringBuilder(256);
    private final List<Param> params = new ArrayList<>();

    public SqlBuilder append(String fragment) {
        sql.append(fragment);
        return this;
    }

    public SqlBuilder identifier(String catalogueName) {
        sql.append(Identifiers.quote(catalogueName));
        return this;
    }

    /** A placeholder for one value destined for (or compared with) {@code column}. */
    public SqlBuilder value(ColumnInfo column, JsonNode value) {
        if (value == null || value.isNull()) {
            sql.append("NULL::").append(column.castType());
            return this;
        }
        if (column.isBytea()) {
            sql.append('?');
            params.add(new Param(decodeBase64(column, value), Types.BINARY));
            return this;
        }
        if (column.isArray()) {
            if (!value.isArray()) {
                throw ToolException.validation("Column '" + column.name() + "' is an array (" + column.type()
                        + "); pass a JSON array");
            }
            sql.append("CAST(? AS text[])::").append(column.castType());
            params.add(new Param(textElements(value), Types.ARRAY));
            return this;
        }
        sql.append("CAST(? AS text)::").append(column.castType());
        params.add(new Param(asText(column, value), Types.VARCHAR));
        return this;
    }

    /** A placeholder for a list of values compared with {@code column} through {@code = ANY(...)}. */
    public SqlBuilder valueList(ColumnInfo column, JsonNode values) {
        if (column.isArray() || column.isBytea()) {
            throw ToolException.validation("$in/$nin are not supported on column '" + column.name() + "' of type "
                    + column.type());
        }
        sql.append("CAST(? AS text[])::").append(column.castType()).append("[]");
        params.add(new Param(textElementsFor(column, values), Types.ARRAY));
        return this;
    }

    /**
     * One {@code text[]} parameter: a column of a batch, bound once for all its rows and unpacked
     * by {@code unnest} (values are already in {@link ColumnText} form).
     */
    public SqlBuilder textArray(String[] values) {
        sql.append("CAST(? AS text[])");
        params.add(new Param(values, Types.ARRAY));
        return this;
    }

    /** A plain text parameter (LIKE patterns). */
    public SqlBuilder text(String value) {
        sql.append('?');
        params.add(new Param(value, Types.VARCHAR));
        return this;
    }

    public SqlBuilder number(long value) {
        sql.append('?');
        params.add(new Param(value, Types.BIGINT));
        return this;
    }

    public int length() {
        return sql.length();
    }

    public void setLength(int length) {
        sql.setLength(length);
    }

    public String sql() {
        return sql.toString();
    }

    /** The values to bind, in placeholder order: text, text[] as String[], bytea as byte[], or a Long. */
    List<Object> parameters() {
        return params.stream().map(Param::value).toList();
    }

    public PreparedStatement prepare(Connection connection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.toString());
        try {
            bind(statement, connection);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private void bind(PreparedStatement statement, Connection connection) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Param param = params.get(i);
            switch (param.sqlType) {
                case Types.BINARY -> statement.setBytes(i + 1, (byte[]) param.value);
                case Types.ARRAY -> statement.setArray(i + 1, connection.createArrayOf("text", (Object[]) param.value));
                case Types.BIGINT -> statement.setLong(i + 1, (Long) param.value);
                default -> statement.setString(i + 1, (String) param.value);
            }
        }
    }

    private static String asText(ColumnInfo column, JsonNode value) {
        return ColumnText.scalar(column, value);
    }

    private static String[] textElements(JsonNode array) {
        String[] elements = new String[array.size()];
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            elements[i] = element == null || element.isNull() ? null
                    : element.isContainerNode() ? element.toString() : element.asText();
        }
        return elements;
    }

    private static String[] textElementsFor(ColumnInfo column, JsonNode values) {
        String[] elements = new String[values.size()];
        for (int i = 0; i < values.size(); i++) {
            JsonNode element = values.get(i);
            elements[i] = element == null || element.isNull() ? null : asText(column, element);
        }
        return elements;
    }

    private static byte[] decodeBase64(ColumnInfo column, JsonNode value) {
        return ColumnText.base64(column, value);
    }

    private record Param(Object value, int sqlType) {
    }
}
