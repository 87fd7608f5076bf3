package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reads straight to PostgreSQL run in autocommit, one round trip per statement, because each pooled
 * connection's session already holds the call's settings: they keep the statement timeout, and writes
 * keep their own transaction with the audit row in it. (Behind a transaction pooler every call keeps its
 * transaction and SET LOCAL: TransactionPoolerTest.)
 */
@MicronautTest(transactional = false)
class ReadPathTest extends DatabaseTest {
    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    Tools tools;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.limits.statement-timeout", "1s");
    }

    @BeforeAll
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS readlab CASCADE;
                CREATE SCHEMA readlab;
                CREATE VIEW readlab.slow AS SELECT pg_sleep(5) IS NULL AS slept;
                -- In a transaction opened before the statement, now() (its start) is earlier than the statement's
                -- own start; a statement in autocommit is its own transaction, so the two are equal.
                CREATE VIEW readlab.clock AS SELECT now() = statement_timestamp() AS own_transaction,
                    current_setting('statement_timeout') AS statement_timeout;
                CREATE TABLE readlab.items (id serial PRIMARY KEY, label text);
                """);
        catalog.refresh();
        tools = new Tools(invoker);
    }

    @Test
    void aReadRunsAsItsOwnStatementUnderTheStatementTimeout() {
        for (int i = 0; i < 20; i++) {
            ObjectNode row = (ObjectNode) tools.ok("db_query_records", "{\"table\":\"readlab.clock\"}").get("records").get(0);
            assertTrue(row.get("own_transaction").asBoolean(), "no BEGIN round trip before the read: " + row);
            assertEquals("1s", row.get("statement_timeout").asText(), row.toString());
        }
    }

    @Test
    void aSlowReadIsStillCancelledByTheStatementTimeout() {
        long started = System.nanoTime();
        tools.fails(ErrorCode.DB_504_TIMEOUT, "db_query_records", "{\"table\":\"readlab.slow\"}");
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(took.compareTo(Duration.ofSeconds(4)) < 0, "cancelled after about 1 s, not after 5: " + took);
    }

    @Test
    void aWriteStillRunsInItsOwnTransactionWithItsAuditRow() {
        long audited = TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE operation = 'db_insert_record'"
                + " AND table_name = 'readlab.items'");
        ObjectNode inserted = tools.ok("db_insert_record", "{\"table\":\"readlab.items\",\"data\":{\"label\":\"x\"}}");
        assertEquals("x", inserted.get("record").get("label").asText(), inserted.toString());
        assertEquals(audited + 1, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE operation ="
                + " 'db_insert_record' AND table_name = 'readlab.items'"), "the change's audit row committed with it");
    }
}
