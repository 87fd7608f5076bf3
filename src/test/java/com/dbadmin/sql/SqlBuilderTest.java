package com.dbadmin.sql;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.sql.catalog.TableKind;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import static com.dbadmin.sql.Columns.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The SQL builder's rules: identifiers quoted from the catalogue, every value a bind parameter sent as
 * text and cast to its column's type (arrays as text[], bytea as bytes), bad values refused before SQL.
 */
class SqlBuilderTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static void refused(String message, Executable call) {
        ToolException error = assertThrows(ToolException.class, call);
        assertEquals(ErrorCode.DB_400_VALIDATION, error.code());
        assertTrue(error.getMessage().contains(message), error.getMessage());
    }

    @Test
    void identifiersAreQuotedWithEmbeddedQuotesDoubled() {
        assertEquals("\"books\"", new SqlBuilder().identifier("books").sql());
        assertEquals("\"Mixed Case\"", new SqlBuilder().identifier("Mixed Case").sql());
        assertEquals("\"a\"\"b\"", new SqlBuilder().identifier("a\"b").sql());
        TableInfo table = new TableInfo(1, "my schema", "Tab\"le", TableKind.TABLE, List.of(int4("id")), List.of("id"));
        assertEquals("\"my schema\".\"Tab\"\"le\"", table.sqlName());
        assertEquals("my schema.Tab\"le", table.qualifiedName());
    }

    @Test
    void aScalarIsBoundAsTextAndCastToTheColumnTypeWithoutItsModifier() {
        SqlBuilder sql = new SqlBuilder().value(int4("qty"), json("42"));
        assertEquals("CAST(? AS text)::integer", sql.sql());
        assertEquals(List.of("42"), sql.parameters());

        // A cast to varchar(5) would silently truncate; assignment to the column refuses a long value.
        SqlBuilder varchar = new SqlBuilder().value(varchar("code", 5), json("\"much too long\""));
        assertEquals("CAST(? AS text)::character varying", varchar.sql());
        assertEquals(List.of("much too long"), varchar.parameters());

        assertEquals(List.of("true"), new SqlBuilder().value(bool("active"), json("true")).parameters());
        assertEquals(List.of("draft"), new SqlBuilder().value(enumColumn("status", "book_status"), json("\"draft\"")).parameters());
    }

    @Test
    void numericTextKeepsEveryDigit() {
        JsonNode exact = JsonNodeFactory.withExactBigDecimals(true).numberNode(new BigDecimal("12345678901234567890.1234567890"));
        SqlBuilder sql = new SqlBuilder().value(numeric("price"), exact);
        assertEquals("CAST(? AS text)::numeric", sql.sql());
        assertEquals(List.of("12345678901234567890.1234567890"), sql.parameters());
    }

    @Test
    void nullIsATypedNullLiteralWithoutAParameter() {
        SqlBuilder sql = new SqlBuilder().value(int4("qty"), NullNode.getInstance());
        assertEquals("NULL::integer", sql.sql());
        assertEquals(List.of(), sql.parameters());
        assertEquals("NULL::integer", new SqlBuilder().value(int4("qty"), null).sql());
    }

    @Test
    void jsonColumnsTakeAnyDocumentAsItsText() {
        SqlBuilder sql = new SqlBuilder().value(jsonb("doc"), json("{\"a\":[1,{\"b\":null}]}"));
        assertEquals("CAST(? AS text)::jsonb", sql.sql());
        assertEquals(List.of("{\"a\":[1,{\"b\":null}]}"), sql.parameters());
        assertEquals(List.of("\"text\""), new SqlBuilder().value(jsonb("doc"), json("\"text\"")).parameters());
    }

    @Test
    void scalarColumnsRefuseArraysAndObjects() {
        refused("Column 'qty' (integer) takes a single value, not an array", () -> new SqlBuilder().value(int4("qty"), json("[1]")));
        refused("Column 'name' (text) takes a single value, not an object", () -> new SqlBuilder().value(text("name"), json("{}")));
    }

    @Test
    void arraysAreOneTextArrayParameterCastToTheColumnType() {
        SqlBuilder sql = new SqlBuilder().value(textArray("tags"), json("[\"a\",null,\"b \\\"c\\\"\",{\"k\":1}]"));
        assertEquals("CAST(? AS text[])::text[]", sql.sql());
        assertEquals(1, sql.parameters().size());
        assertArrayEquals(new String[]{"a", null, "b \"c\"", "{\"k\":1}"}, (String[]) sql.parameters().get(0));
        refused("Column 'tags' is an array (text[]); pass a JSON array", () -> new SqlBuilder().value(textArray("tags"), json("\"a\"")));
    }

    @Test
    void byteaIsDecodedFromBase64AndBoundAsBytes() {
        SqlBuilder sql = new SqlBuilder().value(bytea("blob"), json("\"AAEC/w==\""));
        assertEquals("?", sql.sql());
        assertArrayEquals(new byte[]{0, 1, 2, (byte) 0xff}, (byte[]) sql.parameters().get(0));
        refused("the value is not valid base64", () -> new SqlBuilder().value(bytea("blob"), json("\"not base64!\"")));
        refused("pass base64 text", () -> new SqlBuilder().value(bytea("blob"), json("12")));
    }

    @Test
    void valueListsAreOneTextArrayCastToAnArrayOfTheColumnType() {
        SqlBuilder sql = new SqlBuilder().valueList(int4("qty"), json("[1,null,3]"));
        assertEquals("CAST(? AS text[])::integer[]", sql.sql());
        assertEquals(Arrays.asList("1", null, "3"), Arrays.asList((String[]) sql.parameters().get(0)));
        refused("$in/$nin are not supported on column 'tags' of type text[]",
                () -> new SqlBuilder().valueList(textArray("tags"), json("[\"a\"]")));
        refused("$in/$nin are not supported on column 'blob' of type bytea",
                () -> new SqlBuilder().valueList(bytea("blob"), json("[\"AA==\"]")));
    }

    @Test
    void plainParametersKeepTheirJavaType() {
        SqlBuilder sql = new SqlBuilder().append("SELECT ").text("%a%").append(", ").number(7).append(", ")
                .textArray(new String[]{"x", null});
        assertEquals("SELECT ?, ?, CAST(? AS text[])", sql.sql());
        assertEquals("%a%", sql.parameters().get(0));
        assertEquals(7L, sql.parameters().get(1));
        assertArrayEquals(new String[]{"x", null}, (String[]) sql.parameters().get(2));
    }

    @Test
    void preparedStatementsRunWithTheValuesBoundAndTyped() throws SQLException {
        ColumnInfo qty = int4("qty");
        SqlBuilder sql = new SqlBuilder().append("SELECT ").value(qty, json("41")).append(" + 1, ")
                .value(bytea("blob"), json("\"AAEC/w==\"")).append(", array_length(").value(textArray("tags"), json("[\"a\",\"b\"]"))
                .append(", 1), 5 = ANY(").valueList(qty, json("[4,5]")).append(")");
        try (Connection connection = TestDatabase.connect();
             PreparedStatement statement = sql.prepare(connection);
             ResultSet rs = statement.executeQuery()) {
            assertTrue(rs.next());
            assertEquals(42, rs.getInt(1));
            assertArrayEquals(new byte[]{0, 1, 2, (byte) 0xff}, rs.getBytes(2));
            assertEquals(2, rs.getInt(3));
            assertTrue(rs.getBoolean(4));
        }
    }

    @Test
    void aValueTheColumnTypeCannotParseIsADataErrorNotACoercion() throws SQLException {
        SqlBuilder sql = new SqlBuilder().append("SELECT ").value(int4("qty"), json("\"12abc\""));
        try (Connection connection = TestDatabase.connect(); PreparedStatement statement = sql.prepare(connection)) {
            SQLException error = assertThrows(SQLException.class, statement::executeQuery);
            assertEquals("22P02", error.getSQLState(), error.getMessage());
        }
    }
}
