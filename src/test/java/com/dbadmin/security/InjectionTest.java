package com.dbadmin.security;

import com.dbadmin.call.ToolOutcome;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Injection attempts through every place input reaches SQL: table names, column names (projection,
 * filters, order_by, data keys, conflict targets), operator keys and values. None may change data,
 * reach a restricted table, or leak SQL text in the error.
 */
class InjectionTest extends DatabaseTest {
    /** Shared with {@link InjectionSweepTest}. */
    static final String[] PAYLOADS = {
            "books; DROP TABLE lab.canary; --",
            "books\"; DROP TABLE lab.canary; --",
            "lab.canary\" WHERE 1=1; DELETE FROM lab.canary; --",
            "books' OR '1'='1",
            "books/**/UNION/**/SELECT * FROM users",
            "(SELECT password_hash FROM users)",
            "pg_catalog.pg_shadow",
            "pg_catalog.pg_authid",
            "information_schema.tables",
            "users\u0000",
            "\"users\"",
            "public.\"users\"",
            "USERS",
            "public.users--",
            "books UNION SELECT username, password_hash FROM users",
            "dbadmin.audit_log",
            "../../etc/passwd",
            "books$$; DROP TABLE lab.canary; $$",
            "id) OR (1=1",
            "id\" = id OR \"id",
    };

    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    Tools tools;

    @BeforeAll
    void setUp() {
        Fixtures.load("lab.sql");
        TestDatabase.execute("CREATE TABLE lab.canary (id int PRIMARY KEY, secret text); INSERT INTO lab.canary VALUES (1, 'tweety'), (2, 'sylvester')");
        catalog.refresh();
        tools = new Tools(invoker);
    }

    static List<String> attempts() {
        List<String> calls = new ArrayList<>();
        for (String p : PAYLOADS) {
            String q = quote(p);
            calls.add("db_query_records|{\"table\":" + q + "}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"columns\":[" + q + "]}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"where\":{" + q + ":1}}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"order_by\":[{\"column\":" + q + "}]}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"order_by\":[{\"column\":\"id\",\"direction\":" + q + "}]}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"where\":{\"id\":{" + q + ":1}}}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"where\":{\"secret\":" + q + "}}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"where\":{\"id\":" + q + "}}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"where\":{\"secret\":{\"$like\":" + q + "}}}");
            calls.add("db_query_records|{\"table\":\"lab.canary\",\"where\":{\"id\":{\"$in\":[" + q + "]}}}");
            calls.add("db_insert_record|{\"table\":\"lab.canary\",\"data\":{" + q + ":1}}");
            calls.add("db_insert_record|{\"table\":" + q + ",\"data\":{\"id\":3}}");
            calls.add("db_insert_record|{\"table\":\"lab.canary\",\"data\":{\"id\":9,\"secret\":\"x\"},\"on_conflict\":{\"action\":\"update\",\"target\":[" + q + "]}}");
            calls.add("db_update_records|{\"table\":\"lab.canary\",\"data\":{\"secret\":\"pwned\"},\"where\":{" + q + ":1}}");
            calls.add("db_update_records|{\"table\":\"lab.canary\",\"data\":{" + q + ":\"pwned\"},\"where\":{\"id\":1}}");
            calls.add("db_update_records|{\"table\":\"lab.canary\",\"data\":{\"secret\":\"x\"},\"where\":{\"id\":" + q + "}}");
            calls.add("db_delete_records|{\"table\":\"lab.canary\",\"where\":{" + q + ":1}}");
            calls.add("db_delete_records|{\"table\":\"lab.canary\",\"where\":{\"id\":{\"$ne\":" + q + "}}}");
        }
        return calls;
    }

    @AfterEach
    void canaryIntact() {
        assertEquals(2, TestDatabase.count("SELECT count(*) FROM lab.canary WHERE secret IN ('tweety', 'sylvester')"),
                "the canary table must be untouched");
        assertTrue(TestDatabase.count("SELECT count(*) FROM users") > 0, "restricted table intact");
    }

    @ParameterizedTest
    @MethodSource("attempts")
    void injectionNeverSucceedsNorLeaks(String attempt) {
        String tool = attempt.substring(0, attempt.indexOf('|'));
        String args = attempt.substring(attempt.indexOf('|') + 1);
        ToolOutcome outcome = tools.call(tool, args);
        if (outcome.success()) {
            // Payloads used as plain values are legal input: they must match nothing and reveal nothing.
            String body = outcome.result().toString().toLowerCase(Locale.ROOT);
            assertFalse(body.contains("password_hash"), body);
            assertFalse(body.contains("tweety"), body);
            assertEquals(0, outcome.result().path("updated_count").asInt(0));
            assertEquals(0, outcome.result().path("deleted_count").asInt(0));
        } else {
            // Messages may quote the caller's own input back; beyond that they must show no SQL we built.
            String message = outcome.error().getMessage().toLowerCase(Locale.ROOT);
            String[] longestFirst = PAYLOADS.clone();
            java.util.Arrays.sort(longestFirst, java.util.Comparator.comparingInt(String::length).reversed());
            for (String payload : longestFirst) {
                message = message.replace(payload.toLowerCase(Locale.ROOT), "<input>");
            }
            assertFalse(message.contains("select ") || message.contains("insert into") || message.contains("cast(")
                    || message.contains("password_hash") || message.contains("\"lab\"."), "error leaks SQL: " + message);
            assertFalse(message.contains("at com.") || message.contains("exception"), "stack trace leaked: " + message);
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000") + "\"";
    }
}
