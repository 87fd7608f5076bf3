package com.dbadmin.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Base64;

/**
 * Turns result rows into JSON with types a client can use: numbers stay numbers (numeric keeps its
 * precision), json/jsonb become nested JSON, bytea becomes base64, arrays become arrays, times ISO-8601.
 */
public final class RowWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.withExactBigDecimals(true);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String[] labels;
    private final int[] types;
    private final String[] typeNames;

    public RowWriter(ResultSetMetaData meta) throws SQLException {
        int count = meta.getColumnCount();
        labels = new String[count];
        types = new int[count];
        typeNames = new String[count];
        java.util.Set<String> used = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            labels[i] = unique(meta.getColumnLabel(i + 1), used);
            types[i] = meta.getColumnType(i + 1);
            typeNames[i] = meta.getColumnTypeName(i + 1);
        }
    }

    /**
     * A query may return two columns of one name ({@code SELECT a.id, b.id}); a JSON object cannot hold both,
     * so the second becomes {@code id_2}.
     */
    private static String unique(String label, java.util.Set<String> used) {
        String candidate = label;
        for (int n = 2; !used.add(candidate); n++) {
            candidate = label + "_" + n;
        }
        return candidate;
    }

    /** {@code [{"name", "type"}]}: the keys of each row object and PostgreSQL's type of each. */
    public ArrayNode columns() {
        ArrayNode columns = F.arrayNode();
        for (int i = 0; i < labels.length; i++) {
            columns.addObject().put("name", labels[i]).put("type", typeNames[i]);
        }
        return columns;
    }

    public ArrayNode readAll(ResultSet rs) throws SQLException {
        ArrayNode rows = F.arrayNode();
        while (rs.next()) {
            rows.add(read(rs));
        }
        return rows;
    }

    public ObjectNode read(ResultSet rs) throws SQLException {
        ObjectNode row = F.objectNode();
        for (int i = 0; i < labels.length; i++) {
            row.set(labels[i], value(rs, i + 1, types[i], typeNames[i]));
        }
        return row;
    }

    private static JsonNode value(ResultSet rs, int index, int type, String typeName) throws SQLException {
        switch (type) {
            case Types.SMALLINT, Types.INTEGER -> {
                int v = rs.getInt(index);
                return rs.wasNull() ? F.nullNode() : F.numberNode(v);
            }
            case Types.BIGINT -> {
                long v = rs.getLong(index);
                return rs.wasNull() ? F.nullNode() : F.numberNode(v);
            }
            case Types.REAL, Types.DOUBLE, Types.FLOAT -> {
                double v = rs.getDouble(index);
                if (rs.wasNull()) {
                    return F.nullNode();
                }
                // NaN and Infinity are not JSON numbers.
                return Double.isFinite(v) ? F.numberNode(v) : F.textNode(Double.toString(v));
            }
            case Types.NUMERIC, Types.DECIMAL -> {
                String text = rs.getString(index);
                if (text == null) {
                    return F.nullNode();
                }
                try {
                    return F.numberNode(new java.math.BigDecimal(text));
                } catch (NumberFormatException nan) {
                    return F.textNode(text);
                }
            }
            case Types.BIT, Types.BOOLEAN -> {
                if ("bool".equals(typeName)) {
                    boolean v = rs.getBoolean(index);
                    return rs.wasNull() ? F.nullNode() : F.booleanNode(v);
                }
                return text(rs.getString(index));
            }
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> {
                byte[] bytes = rs.getBytes(index);
                return bytes == null ? F.nullNode() : F.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case Types.ARRAY -> {
                Array array = rs.getArray(index);
                return array == null ? F.nullNode() : arrayValue(array);
            }
            case Types.TIMESTAMP_WITH_TIMEZONE -> {
                java.time.OffsetDateTime v = rs.getObject(index, java.time.OffsetDateTime.class);
                return v == null ? F.nullNode() : F.textNode(v.toString());
            }
            case Types.TIMESTAMP -> {
                if ("timestamptz".equals(typeName)) {
                    java.time.OffsetDateTime v = rs.getObject(index, java.time.OffsetDateTime.class);
                    return v == null ? F.nullNode() : F.textNode(v.toString());
                }
                java.time.LocalDateTime v = rs.getObject(index, java.time.LocalDateTime.class);
                return v == null ? F.nullNode() : F.textNode(v.toString());
            }
            default -> {
                if ("json".equals(typeName) || "jsonb".equals(typeName)) {
                    return json(rs.getString(index));
                }
                return text(rs.getString(index));
            }
        }
    }

    private static JsonNode arrayValue(Array array) throws SQLException {
        Object elements = array.getArray();
        ArrayNode node = F.arrayNode();
        if (elements instanceof Object[] objects) {
            for (Object element : objects) {
                node.add(element(element));
            }
        }
        return node;
    }

    private static JsonNode element(Object element) throws SQLException {
        if (element == null) {
            return F.nullNode();
        }
        if (element instanceof Integer i) {
            return F.numberNode(i);
        }
        if (element instanceof Long l) {
            return F.numberNode(l);
        }
        if (element instanceof Short s) {
            return F.numberNode(s);
        }
        if (element instanceof java.math.BigDecimal d) {
            return F.numberNode(d);
        }
        if (element instanceof Double d) {
            return Double.isFinite(d) ? F.numberNode(d) : F.textNode(d.toString());
        }
        if (element instanceof Float f) {
            return Float.isFinite(f) ? F.numberNode(f) : F.textNode(f.toString());
        }
        if (element instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (element instanceof byte[] bytes) {
            return F.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (element instanceof Object[] nested) {
            ArrayNode node = F.arrayNode();
            for (Object inner : nested) {
                node.add(element(inner));
            }
            return node;
        }
        if (element instanceof org.postgresql.util.PGobject pg && pg.getType() != null && pg.getType().startsWith("json")) {
            return json(pg.getValue());
        }
        if (element instanceof java.sql.Timestamp ts) {
            return F.textNode(ts.toInstant().toString());
        }
        return F.textNode(element.toString());
    }

    private static JsonNode text(String value) {
        return value == null ? F.nullNode() : F.textNode(value);
    }

    private static JsonNode json(String value) {
        if (value == null) {
            return F.nullNode();
        }
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return F.textNode(value);
        }
    }
}
