package com.dbadmin.sql;

import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;

/**
 * Compiles a {@code where} object into a SQL condition.
 *
 * <p>{@code {"col": 5}} is {@code =}, {@code {"col": null}} is {@code IS NULL}, {@code {"col": [1,2]}} is
 * {@code IN}; operator objects {@code {"col": {"$gte": 1, "$lt": 9}}} combine with AND; {@code $or} and
 * {@code $and} take arrays of where objects. Column names are looked up in the catalogue; operator keys
 * are matched against a fixed list; values are always bind parameters.
 */
public final class FilterCompiler {
    /** Bounds recursion through nested $or/$and groups. */
    private static final int MAX_DEPTH = 8;

    private FilterCompiler() {
    }

    /**
     * What a compiled condition can match, known without running it: a condition that does not depend on
     * any column ({@code $nin: []} is always true, {@code $in: []} never) makes the whole filter constant
     * when it decides an AND or an OR.
     */
    enum Matches {
        ALL_ROWS, NO_ROWS, DEPENDS;

        Matches and(Matches other) {
            if (this == NO_ROWS || other == NO_ROWS) {
                return NO_ROWS;
            }
            return this == ALL_ROWS ? other : other == ALL_ROWS ? this : DEPENDS;
        }

        Matches or(Matches other) {
            if (this == ALL_ROWS || other == ALL_ROWS) {
                return ALL_ROWS;
            }
            return this == NO_ROWS ? other : other == NO_ROWS ? this : DEPENDS;
        }
    }

    /** Appends {@code WHERE ...} when the filter has conditions; returns whether it did. */
    public static boolean appendWhere(SqlBuilder sql, TableInfo table, JsonNode where) {
        if (where == null || where.isNull() || (where.isObject() && where.isEmpty())) {
            return false;
        }
        sql.append(" WHERE ");
        group(sql, table, where, " AND ", 0);
        return true;
    }

    /**
     * Appends the {@code WHERE} of a statement that changes rows. A filter that is missing, or that compiles
     * to a constant ({@code {"id": {"$nin": []}}}, an {@code $or} with such a branch) is no filter at all:
     * refused with DB_400 before any SQL runs, because it would change every row of the table (or none,
     * which is never what the caller meant either).
     */
    public static void appendWriteFilter(SqlBuilder sql, TableInfo table, JsonNode where) {
        if (where == null || where.isNull() || (where.isObject() && where.isEmpty())) {
            throw ToolException.validation("'where' must not be empty: changing every row needs an explicit filter");
        }
        sql.append(" WHERE ");
        Matches matches = group(sql, table, where, " AND ", 0);
        if (matches != Matches.DEPENDS) {
            throw ToolException.validation("'where' does not depend on any column: it matches "
                    + (matches == Matches.ALL_ROWS ? "every row" : "no row")
                    + " (an empty $in/$nin decides it), so it is no filter. Name the rows to change, for example"
                    + " {\"id\": {\"$in\": [1, 2]}}.");
        }
    }

    private static Matches group(SqlBuilder sql, TableInfo table, JsonNode where, String joiner, int depth) {
        if (depth > MAX_DEPTH) {
            throw ToolException.validation("Filter nests $or/$and deeper than " + MAX_DEPTH + " levels");
        }
        if (!where.isObject()) {
            throw ToolException.validation("A filter must be an object of column conditions");
        }
        if (where.isEmpty()) {
            throw ToolException.validation("Empty filter groups are not allowed");
        }
        sql.append("(");
        boolean first = true;
        Matches matches = Matches.ALL_ROWS;
        Iterator<Map.Entry<String, JsonNode>> fields = where.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!first) {
                sql.append(joiner);
            }
            first = false;
            String key = field.getKey();
            if (key.equals("$or") || key.equals("$and")) {
                matches = matches.and(logical(sql, table, key, field.getValue(), depth));
            } else if (key.startsWith("$")) {
                throw ToolException.validation("Unknown filter key '" + key + "'; use $or or $and at this level");
            } else {
                matches = matches.and(condition(sql, column(table, key), field.getValue()));
            }
        }
        sql.append(")");
        return matches;
    }

    private static Matches logical(SqlBuilder sql, TableInfo table, String key, JsonNode branches, int depth) {
        if (!branches.isArray() || branches.isEmpty()) {
            throw ToolException.validation(key + " takes a non-empty array of filter objects");
        }
        boolean or = key.equals("$or");
        sql.append("(");
        Matches matches = or ? Matches.NO_ROWS : Matches.ALL_ROWS;
        for (int i = 0; i < branches.size(); i++) {
            if (i > 0) {
                sql.append(or ? " OR " : " AND ");
            }
            Matches branch = group(sql, table, branches.get(i), " AND ", depth + 1);
            matches = or ? matches.or(branch) : matches.and(branch);
        }
        sql.append(")");
        return matches;
    }

    private static Matches condition(SqlBuilder sql, ColumnInfo column, JsonNode value) {
        if (value == null || value.isNull()) {
            sql.identifier(column.name()).append(" IS NULL");
            return Matches.DEPENDS;
        }
        if (value.isArray() && !column.isArray() && !column.isJson()) {
            return in(sql, column, value, false);
        }
        if (value.isObject() && isOperatorObject(value)) {
            return operators(sql, column, value);
        }
        equals(sql, column, value);
        return Matches.DEPENDS;
    }

    private static void equals(SqlBuilder sql, ColumnInfo column, JsonNode value) {
        sql.identifier(column.name()).append(" = ").value(column, value);
    }

    private static boolean isOperatorObject(JsonNode value) {
        Iterator<String> names = value.fieldNames();
        boolean any = false;
        while (names.hasNext()) {
            String name = names.next();
            if (!name.startsWith("$")) {
                return false;
            }
            any = true;
        }
        return any;
    }

    private static Matches operators(SqlBuilder sql, ColumnInfo column, JsonNode ops) {
        boolean first = true;
        Matches matches = Matches.ALL_ROWS;
        sql.append("(");
        Iterator<Map.Entry<String, JsonNode>> fields = ops.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> op = fields.next();
            if (!first) {
                sql.append(" AND ");
            }
            first = false;
            matches = matches.and(operator(sql, column, op.getKey(), op.getValue()));
        }
        sql.append(")");
        return matches;
    }

    /** One operator; only $in and $nin with an empty list decide a row without looking at it. */
    private static Matches operator(SqlBuilder sql, ColumnInfo column, String op, JsonNode value) {
        switch (op) {
            case "$in" -> {
                return in(sql, column, requireArray(op, value), false);
            }
            case "$nin" -> {
                return in(sql, column, requireArray(op, value), true);
            }
            case "$eq" -> {
                if (value == null || value.isNull()) {
                    sql.identifier(column.name()).append(" IS NULL");
                } else {
                    // The value itself, never operators again: {"$eq": {"$eq": ...}} on a json column is
                    // equality with that object, so no nesting of input recurses here.
                    equals(sql, column, scalarOrJson(column, op, value));
                }
            }
            case "$ne" -> {
                if (value == null || value.isNull()) {
                    sql.identifier(column.name()).append(" IS NOT NULL");
                } else {
                    // IS DISTINCT FROM: "not equal to 5" includes rows where the column is NULL.
                    sql.identifier(column.name()).append(" IS DISTINCT FROM ").value(column, scalarOrJson(column, op, value));
                }
            }
            case "$gt" -> compare(sql, column, " > ", op, value);
            case "$gte" -> compare(sql, column, " >= ", op, value);
            case "$lt" -> compare(sql, column, " < ", op, value);
            case "$lte" -> compare(sql, column, " <= ", op, value);
            case "$like" -> like(sql, column, " LIKE ", op, value);
            case "$ilike" -> like(sql, column, " ILIKE ", op, value);
            case "$null" -> {
                if (value == null || !value.isBoolean()) {
                    throw ToolException.validation("$null takes true or false");
                }
                sql.identifier(column.name()).append(value.asBoolean() ? " IS NULL" : " IS NOT NULL");
            }
            default -> throw ToolException.validation("Unknown operator '" + op
                    + "'. Supported: $eq $ne $gt $gte $lt $lte $in $nin $like $ilike $null");
        }
        return Matches.DEPENDS;
    }

    private static JsonNode scalarOrJson(ColumnInfo column, String op, JsonNode value) {
        if (value.isContainerNode() && !column.isJson() && !column.isArray()) {
            throw ToolException.validation(op + " on '" + column.name() + "' takes a single value");
        }
        return value;
    }

    private static void compare(SqlBuilder sql, ColumnInfo column, String symbol, String op, JsonNode value) {
        if (value == null || value.isNull() || value.isContainerNode()) {
            throw ToolException.validation(op + " on '" + column.name() + "' takes a single non-null value");
        }
        sql.identifier(column.name()).append(symbol).value(column, value);
    }

    private static Matches in(SqlBuilder sql, ColumnInfo column, JsonNode values, boolean negate) {
        if (values.isEmpty()) {
            // IN () matches nothing, NOT IN () matches everything.
            sql.append(negate ? "TRUE" : "FALSE");
            return negate ? Matches.ALL_ROWS : Matches.NO_ROWS;
        }
        for (JsonNode element : values) {
            if (element.isContainerNode() && !column.isJson()) {
                throw ToolException.validation("$in/$nin on '" + column.name() + "' take an array of single values");
            }
        }
        if (negate) {
            // NOT IN keeps rows whose column is NULL, as "not one of these" reads to a person.
            sql.append("(NOT (").identifier(column.name()).append(" = ANY(").valueList(column, values)
                    .append(")) OR ").identifier(column.name()).append(" IS NULL)");
        } else {
            sql.identifier(column.name()).append(" = ANY(").valueList(column, values).append(")");
        }
        return Matches.DEPENDS;
    }

    private static void like(SqlBuilder sql, ColumnInfo column, String keyword, String op, JsonNode value) {
        if (value == null || !value.isTextual()) {
            throw ToolException.validation(op + " takes a text pattern such as \"%tide%\"");
        }
        sql.identifier(column.name());
        if (!column.isText()) {
            sql.append("::text");
        }
        sql.append(keyword).text(value.asText());
    }

    private static JsonNode requireArray(String op, JsonNode value) {
        if (value == null || !value.isArray()) {
            throw ToolException.validation(op + " takes an array of values");
        }
        return value;
    }

    static ColumnInfo column(TableInfo table, String name) {
        return table.column(name).orElseThrow(() -> ToolException.validation(
                "Unknown column '" + name + "' in " + table.qualifiedName()
                        + ". Use db_list_table_columns to see its columns."));
    }
}
