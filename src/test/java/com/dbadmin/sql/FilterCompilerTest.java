package com.dbadmin.sql;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static com.dbadmin.sql.Columns.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The {@code where} language compiled to SQL: the exact condition text (identifiers from the catalogue,
 * never from input) and the values bound for it, for every operator and the errors users see.
 */
class FilterCompilerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INT = "CAST(? AS text)::integer";
    private static final String INTS = "CAST(? AS text[])::integer[]";

    private final TableInfo items = table("lab", "items", int4("id"), text("name"), int4("qty"), textArray("tags"),
            jsonb("doc"), enumColumn("status", "book_status"), int4("we\"ird"));

    /** The compiled WHERE clause and its bound values (arrays as lists, for comparison). */
    private record Compiled(String sql, List<Object> values) {
    }

    private Compiled compile(String where) {
        SqlBuilder sql = new SqlBuilder();
        FilterCompiler.appendWhere(sql, items, json(where));
        List<Object> values = sql.parameters().stream()
                .map(value -> value instanceof Object[] array ? (Object) Arrays.asList(array) : value).toList();
        return new Compiled(sql.sql(), values);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private ToolException refused(String where) {
        ToolException error = assertThrows(ToolException.class, () -> compile(where), where);
        assertEquals(ErrorCode.DB_400_VALIDATION, error.code(), error.getMessage());
        return error;
    }

    @Test
    void noConditionsWriteNoWhereClause() {
        for (JsonNode where : new JsonNode[]{null, NullNode.getInstance(), json("{}")}) {
            SqlBuilder sql = new SqlBuilder().append("SELECT 1");
            assertFalse(FilterCompiler.appendWhere(sql, items, where));
            assertEquals("SELECT 1", sql.sql());
            assertEquals(List.of(), sql.parameters());
        }
    }

    @Test
    void aPlainValueIsEqualityWithItsTextBoundAndCastToTheColumnType() {
        assertEquals(new Compiled(" WHERE (\"qty\" = " + INT + ")", List.of("5")), compile("{\"qty\":5}"));
        assertEquals(new Compiled(" WHERE (\"status\" = CAST(? AS text)::book_status)", List.of("published")),
                compile("{\"status\":\"published\"}"));
    }

    @Test
    void severalColumnsCombineWithAnd() {
        assertEquals(new Compiled(" WHERE (\"qty\" = " + INT + " AND \"name\" = CAST(? AS text)::text)", List.of("5", "x")),
                compile("{\"qty\":5,\"name\":\"x\"}"));
    }

    @Test
    void inputNeverBecomesSqlText() {
        String attack = "x'); DROP TABLE lab.items; --";
        Compiled compiled = compile("{\"name\":" + JSON.valueToTree(attack) + "}");
        assertEquals(" WHERE (\"name\" = CAST(? AS text)::text)", compiled.sql());
        assertEquals(List.of(attack), compiled.values());
    }

    @Test
    void columnsAreTheCatalogueNamesQuoted() {
        assertEquals(new Compiled(" WHERE (\"qty\" = " + INT + ")", List.of("5")), compile("{\"QTY\":5}"),
                "an unambiguous case-insensitive match uses the catalogue's spelling");
        assertEquals(new Compiled(" WHERE (\"we\"\"ird\" = " + INT + ")", List.of("1")), compile("{\"we\\\"ird\":1}"));
    }

    @Test
    void nullIsIsNull() {
        assertEquals(new Compiled(" WHERE (\"name\" IS NULL)", List.of()), compile("{\"name\":null}"));
    }

    @Test
    void anArrayIsInForScalarColumnsAndEqualityForArrayAndJsonColumns() {
        assertEquals(new Compiled(" WHERE (\"qty\" = ANY(" + INTS + "))", List.of(List.of("1", "2"))),
                compile("{\"qty\":[1,2]}"));
        assertEquals(new Compiled(" WHERE (FALSE)", List.of()), compile("{\"qty\":[]}"), "IN () matches nothing");
        assertEquals(new Compiled(" WHERE (\"tags\" = CAST(? AS text[])::text[])", List.of(List.of("a", "b"))),
                compile("{\"tags\":[\"a\",\"b\"]}"));
        assertEquals(new Compiled(" WHERE (\"doc\" = CAST(? AS text)::jsonb)", List.of("[1,2]")), compile("{\"doc\":[1,2]}"));
    }

    @Test
    void aJsonColumnComparesWithAWholeDocument() {
        assertEquals(new Compiled(" WHERE (\"doc\" = CAST(? AS text)::jsonb)", List.of("{\"a\":1}")),
                compile("{\"doc\":{\"a\":1}}"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"qty\":{\"$eq\":5}}              | (\"qty\" = CAST(? AS text)::integer)",
            "{\"qty\":{\"$ne\":5}}              | (\"qty\" IS DISTINCT FROM CAST(? AS text)::integer)",
            "{\"qty\":{\"$gt\":5}}              | (\"qty\" > CAST(? AS text)::integer)",
            "{\"qty\":{\"$gte\":5}}             | (\"qty\" >= CAST(? AS text)::integer)",
            "{\"qty\":{\"$lt\":5}}              | (\"qty\" < CAST(? AS text)::integer)",
            "{\"qty\":{\"$lte\":5}}             | (\"qty\" <= CAST(? AS text)::integer)",
    })
    void comparisonsBindOneValue(String where, String condition) {
        assertEquals(new Compiled(" WHERE (" + condition + ")", List.of("5")), compile(where));
    }

    @Test
    void eqNullIsIsNullAndNeNullIsIsNotNull() {
        assertEquals(new Compiled(" WHERE ((\"qty\" IS NULL))", List.of()), compile("{\"qty\":{\"$eq\":null}}"));
        assertEquals(new Compiled(" WHERE ((\"qty\" IS NOT NULL))", List.of()), compile("{\"qty\":{\"$ne\":null}}"));
    }

    @Test
    void operatorsOnOneColumnCombineWithAnd() {
        assertEquals(new Compiled(" WHERE ((\"qty\" >= " + INT + " AND \"qty\" < " + INT + "))", List.of("1", "9")),
                compile("{\"qty\":{\"$gte\":1,\"$lt\":9}}"));
    }

    @Test
    void inAndNotIn() {
        assertEquals(new Compiled(" WHERE ((\"qty\" = ANY(" + INTS + ")))", List.of(List.of("1", "2"))),
                compile("{\"qty\":{\"$in\":[1,2]}}"));
        // "Not one of these" keeps rows where the column is NULL.
        assertEquals(new Compiled(" WHERE (((NOT (\"qty\" = ANY(" + INTS + ")) OR \"qty\" IS NULL)))",
                List.of(List.of("1", "2"))), compile("{\"qty\":{\"$nin\":[1,2]}}"));
        assertEquals(new Compiled(" WHERE ((FALSE))", List.of()), compile("{\"qty\":{\"$in\":[]}}"));
        assertEquals(new Compiled(" WHERE ((TRUE))", List.of()), compile("{\"qty\":{\"$nin\":[]}}"));
        assertEquals(Arrays.asList("1", null), compile("{\"qty\":{\"$in\":[1,null]}}").values().get(0),
                "a null element is bound as SQL NULL");
    }

    @Test
    void likeBindsThePatternAsTextAndCastsNonTextColumns() {
        assertEquals(new Compiled(" WHERE ((\"name\" LIKE ?))", List.of("%tide%")), compile("{\"name\":{\"$like\":\"%tide%\"}}"));
        assertEquals(new Compiled(" WHERE ((\"qty\"::text ILIKE ?))", List.of("1%")), compile("{\"qty\":{\"$ilike\":\"1%\"}}"));
    }

    @Test
    void nullOperatorTakesABoolean() {
        assertEquals(new Compiled(" WHERE ((\"name\" IS NULL))", List.of()), compile("{\"name\":{\"$null\":true}}"));
        assertEquals(new Compiled(" WHERE ((\"name\" IS NOT NULL))", List.of()), compile("{\"name\":{\"$null\":false}}"));
        assertTrue(refused("{\"name\":{\"$null\":\"yes\"}}").getMessage().contains("$null takes true or false"));
    }

    @Test
    void orAndAndTakeArraysOfFilters() {
        assertEquals(new Compiled(" WHERE (((\"qty\" = " + INT + ") OR (\"name\" = CAST(? AS text)::text)))", List.of("1", "x")),
                compile("{\"$or\":[{\"qty\":1},{\"name\":\"x\"}]}"));
        assertEquals(new Compiled(" WHERE (\"name\" IS NULL AND ((\"qty\" = " + INT + ") AND (\"qty\" = " + INT + " AND \"id\" = "
                        + INT + ")))", List.of("1", "2", "3")),
                compile("{\"name\":null,\"$and\":[{\"qty\":1},{\"qty\":2,\"id\":3}]}"));
    }

    /** A filter whose innermost group sits {@code depth} $or levels below the top. */
    private static String nested(int depth) {
        String where = "{\"qty\":1}";
        for (int i = 0; i < depth; i++) {
            where = "{\"$or\":[" + where + "]}";
        }
        return where;
    }

    @Test
    void nestingIsLimitedToEightLevels() {
        assertEquals(List.of("1"), compile(nested(8)).values());
        assertTrue(refused(nested(9)).getMessage().contains("deeper than 8 levels"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"nope\":1}                         | Unknown column 'nope' in lab.items",
            "{\"qty\":{\"$regex\":\"a\"}}          | Unknown operator '$regex'",
            "{\"$not\":{\"qty\":1}}               | Unknown filter key '$not'",
            "[{\"qty\":1}]                        | A filter must be an object",
            "{\"$or\":{\"qty\":1}}                | $or takes a non-empty array",
            "{\"$and\":[]}                        | $and takes a non-empty array",
            "{\"$or\":[{}]}                       | Empty filter groups are not allowed",
            "{\"$or\":[5]}                        | A filter must be an object",
            "{\"qty\":{\"$gt\":null}}             | $gt on 'qty' takes a single non-null value",
            "{\"qty\":{\"$lte\":[1]}}             | $lte on 'qty' takes a single non-null value",
            "{\"qty\":{\"$eq\":[1]}}              | $eq on 'qty' takes a single value",
            "{\"qty\":{\"$ne\":{\"a\":1}}}        | $ne on 'qty' takes a single value",
            "{\"qty\":{\"$in\":5}}                | $in takes an array of values",
            "{\"qty\":{\"$nin\":[[1]]}}           | $in/$nin on 'qty' take an array of single values",
            "{\"tags\":{\"$in\":[\"a\"]}}         | $in/$nin are not supported on column 'tags'",
            "{\"name\":{\"$like\":5}}             | $like takes a text pattern",
            "{\"qty\":{\"$gt\":1,\"x\":2}}        | Column 'qty' (integer) takes a single value, not an object",
            "{\"tags\":\"a\"}                     | Column 'tags' is an array",
    })
    void badFiltersAreRefusedWithAMessageThatSaysWhy(String where, String message) {
        ToolException error = refused(where);
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }
}
