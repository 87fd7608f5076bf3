package com.dbadmin.sql;

import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What each PostgreSQL type family looks like in the JSON that tools return, read from real result sets
 * of the test database: numbers as numbers (numeric exactly), json as JSON, bytea as base64, arrays as
 * arrays, times as ISO-8601 text, and NULL as null for every type.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RowWriterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private Connection connection;

    @BeforeAll
    void connect() throws SQLException {
        connection = TestDatabase.connect();
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET TIME ZONE 'UTC'");
            statement.execute("DROP TYPE IF EXISTS pg_temp.mood; CREATE TYPE pg_temp.mood AS ENUM ('calm', 'tense')");
        }
    }

    @AfterAll
    void close() throws SQLException {
        connection.close();
    }

    /** The one row {@code select} returns, as tools return it. */
    private ObjectNode row(String select) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery("SELECT " + select)) {
            RowWriter writer = new RowWriter(rs.getMetaData());
            ArrayNode rows = writer.readAll(rs);
            assertEquals(1, rows.size());
            return (ObjectNode) rows.get(0);
        }
    }

    private JsonNode value(String expression) throws SQLException {
        return row(expression + " AS v").get("v");
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    @Test
    void columnsAreLabelledAsTheQueryNamesThem() throws SQLException {
        assertEquals(json("{\"id\":1,\"Mixed Case\":\"x\",\"id2\":2}"), row("1 AS id, 'x' AS \"Mixed Case\", 2 AS id2"));
    }

    @Test
    void integersAreJsonIntegers() throws SQLException {
        assertEquals(json("-32768"), value("(-32768)::int2"));
        assertEquals(json("2147483647"), value("2147483647::int4"));
        JsonNode big = value("9223372036854775807::int8");
        assertTrue(big.isIntegralNumber());
        assertEquals(Long.MAX_VALUE, big.longValue());
    }

    @Test
    void numericKeepsItsExactDigitsAndScale() throws SQLException {
        JsonNode price = value("12345678901234567890.1234567890::numeric");
        assertTrue(price.isBigDecimal(), price.getNodeType().toString());
        assertEquals(new BigDecimal("12345678901234567890.1234567890"), price.decimalValue());
        assertEquals("9.90", value("9.90::numeric(10,2)").decimalValue().toPlainString(), "the scale is kept");
        assertEquals(json("\"NaN\""), value("'NaN'::numeric"), "NaN is not a JSON number");
    }

    @Test
    void floatingPointIsANumberAndNonFiniteValuesAreText() throws SQLException {
        assertEquals(1.5, value("1.5::float8").doubleValue());
        assertEquals(0.25, value("0.25::float4").doubleValue());
        assertEquals(json("\"NaN\""), value("'NaN'::float8"));
        assertEquals(json("\"Infinity\""), value("'Infinity'::float8"));
        assertEquals(json("\"-Infinity\""), value("'-Infinity'::float4"));
    }

    @Test
    void moneyIsANumber() throws SQLException {
        assertEquals(12.5, value("12.5::money").doubleValue());
    }

    @Test
    void booleansAreJsonBooleansAndBitStringsText() throws SQLException {
        assertEquals(json("true"), value("true"));
        assertEquals(json("false"), value("false"));
        assertEquals(json("\"1\""), value("B'1'::bit(1)"));
        assertEquals(json("\"1011\""), value("B'1011'::bit(4)"));
        assertEquals(json("\"101\""), value("B'101'::varbit"));
    }

    @Test
    void textTypesAndEnumsAreStrings() throws SQLException {
        assertEquals(json("\"plain\""), value("'plain'::text"));
        assertEquals(json("\"ab   \""), value("'ab'::char(5)"), "char(n) keeps its padding");
        assertEquals(json("\"vc\""), value("'vc'::varchar(10)"));
        assertEquals(json("\"calm\""), value("'calm'::pg_temp.mood"));
        assertEquals(json("\"line\\nbreak \\\"quoted\\\"\""), value("E'line\\nbreak \"quoted\"'"));
    }

    @Test
    void jsonAndJsonbBecomeNestedJson() throws SQLException {
        assertEquals(json("{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}"), value("'{\"a\":[1,2,{\"b\":null}],\"c\":\"d\"}'::jsonb"));
        assertEquals(json("[1,\"two\"]"), value("'[1,\"two\"]'::json"));
        assertEquals(json("\"just text\""), value("'\"just text\"'::jsonb"), "a JSON string stays a string");
        assertEquals(json("42"), value("'42'::json"));
    }

    @Test
    void byteaIsBase64() throws SQLException {
        assertEquals(json("\"AAEC/w==\""), value("'\\x000102ff'::bytea"));
        assertEquals(json("\"\""), value("''::bytea"));
    }

    @Test
    void timesAreIso8601Text() throws SQLException {
        assertEquals(json("\"2024-02-29T13:45:30.123456Z\""), value("'2024-02-29 13:45:30.123456+00'::timestamptz"));
        assertEquals(json("\"2024-02-29T13:45:30\""), value("'2024-02-29 13:45:30'::timestamp"));
        assertEquals(json("\"2024-02-29\""), value("'2024-02-29'::date"));
        assertEquals(json("\"13:45:30\""), value("'13:45:30'::time"));
        assertEquals(json("\"1 day 02:00:00\""), value("interval '1 day 2 hours'"));
    }

    @Test
    void otherTypesAreTheirPostgresqlText() throws SQLException {
        assertEquals(json("\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\""), value("'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid"));
        assertEquals(json("\"192.168.0.0/24\""), value("'192.168.0.0/24'::cidr"));
        assertEquals(json("\"10.0.0.1\""), value("'10.0.0.1'::inet"));
        assertEquals(json("\"[1,5)\""), value("int4range(1, 5)"));
        assertEquals(json("\"(1,2)\""), value("point(1, 2)"));
        assertEquals(json("\"<a>x</a>\""), value("'<a>x</a>'::xml"));
    }

    @Test
    void arraysAreJsonArraysOfTheirElementType() throws SQLException {
        assertEquals(json("[1,null,3]"), value("ARRAY[1,NULL,3]::int4[]"));
        assertEquals(json("[9223372036854775807]"), value("ARRAY[9223372036854775807]::int8[]"));
        assertEquals("[1,2]", value("ARRAY[1,2]::int2[]").toString());
        assertEquals(json("[\"a\",\"b c\",null]"), value("ARRAY['a','b c',NULL]::text[]"));
        assertEquals(json("[true,false]"), value("ARRAY[true,false]"));
        assertEquals(json("[[1,2],[3,4]]"), value("ARRAY[[1,2],[3,4]]::int4[]"), "dimensions nest");
        assertEquals(json("[]"), value("'{}'::text[]"));
        assertEquals(json("[\"AAE=\"]"), value("ARRAY['\\x0001'::bytea]"));
        assertEquals(json("[\"calm\",\"tense\"]"), value("ARRAY['calm','tense']::pg_temp.mood[]"));

        JsonNode numerics = value("ARRAY[1.10, 12345678901234567890.5]::numeric[]");
        assertEquals(new BigDecimal("1.10"), numerics.get(0).decimalValue());
        assertEquals(new BigDecimal("12345678901234567890.5"), numerics.get(1).decimalValue());
        assertEquals(json("[1.5,\"NaN\",\"Infinity\"]"), value("ARRAY[1.5,'NaN','Infinity']::float8[]"));
        assertEquals("[0.5,\"-Infinity\"]", value("ARRAY[0.5,'-Infinity']::float4[]").toString());
    }

    @Test
    void nullIsJsonNullForEveryType() throws SQLException {
        String[] types = {"int2", "int4", "int8", "numeric", "float4", "float8", "bool", "bit(1)", "text", "bytea",
                "json", "jsonb", "timestamptz", "timestamp", "date", "uuid", "int4[]", "text[]", "pg_temp.mood"};
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < types.length; i++) {
            select.append(i == 0 ? "" : ", ").append("NULL::").append(types[i]).append(" AS c").append(i);
        }
        ObjectNode row = row(select.toString());
        for (int i = 0; i < types.length; i++) {
            assertTrue(row.get("c" + i).isNull(), types[i] + " gave " + row.get("c" + i));
        }
    }
}
