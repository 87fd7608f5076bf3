package com.dbadmin.sql;

import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Base64;
import java.util.HexFormat;

/**
 * The text a column's input function parses for a JSON value: what array-bound batches
 * ({@code unnest(text[])}) and COPY send, and what single-row statements bind. Keeping one definition
 * means a value is accepted or refused the same way by every write path.
 *
 * <p>json/jsonb take any JSON (its text), arrays take JSON arrays (sent as a PostgreSQL array literal),
 * bytea takes base64 (sent as {@code \x} hex), everything else a single JSON scalar.
 */
public final class ColumnText {
    private static final HexFormat HEX = HexFormat.of();

    private ColumnText() {
    }

    /** The value's text for the column, or null for SQL NULL. */
    public static String of(ColumnInfo column, JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (column.isBytea()) {
            return "\\x" + HEX.formatHex(base64(column, value));
        }
        if (column.isArray()) {
            if (!value.isArray()) {
                throw ToolException.validation("Column '" + column.name() + "' is an array (" + column.type()
                        + "); pass a JSON array");
            }
            StringBuilder literal = new StringBuilder();
            arrayLiteral(literal, value);
            return literal.toString();
        }
        return scalar(column, value);
    }

    /** A single value's text; json/jsonb columns take any JSON document. */
    public static String scalar(ColumnInfo column, JsonNode value) {
        if (column.isJson()) {
            return value.toString();
        }
        if (value.isContainerNode()) {
            throw ToolException.validation("Column '" + column.name() + "' (" + column.type()
                    + ") takes a single value, not " + (value.isArray() ? "an array" : "an object"));
        }
        return value.asText();
    }

    public static byte[] base64(ColumnInfo column, JsonNode value) {
        if (!value.isTextual()) {
            throw ToolException.validation("Column '" + column.name() + "' is bytea; pass base64 text");
        }
        try {
            return Base64.getDecoder().decode(value.asText());
        } catch (IllegalArgumentException e) {
            throw ToolException.validation("Column '" + column.name() + "' is bytea; the value is not valid base64");
        }
    }

    /**
     * A PostgreSQL array literal: {@code {"a","b \"c\"",NULL,{"1","2"}}}. Every element is quoted
     * (quoting is always legal and avoids the rules about which bare words need it); nested JSON
     * arrays become nested dimensions, objects (jsonb[]) their JSON text.
     */
    static void arrayLiteral(StringBuilder out, JsonNode array) {
        out.append('{');
        for (int i = 0; i < array.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            JsonNode element = array.get(i);
            if (element == null || element.isNull()) {
                out.append("NULL");
            } else if (element.isArray()) {
                arrayLiteral(out, element);
            } else {
                String text = element.isObject() ? element.toString() : element.asText();
                out.append('"');
                for (int c = 0; c < text.length(); c++) {
                    char ch = text.charAt(c);
                    if (ch == '"' || ch == '\\') {
                        out.append('\\');
                    }
                    out.append(ch);
                }
                out.append('"');
            }
        }
        out.append('}');
    }
}
