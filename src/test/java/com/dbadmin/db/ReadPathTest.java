package com.dbadmin.db;

import com.dbadmin.call.DbSession;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.TransactionSetting;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Reads straight to PostgreSQL run in autocommit, one round trip per statement, because each pooled
 * connection's session already holds the call's settings (the statement timeout): they keep that timeout,
 * a setting the session does not hold brings the transaction back, and writes keep their own transaction
 * with the audit row in it. (Behind a transaction pooler every call keeps its
 * transaction and SET LOCAL: TransactionPoolerTest.)
 */
class ReadPathTest extends DatabaseTest {
    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    @Inject
    DatabaseConnections connections;
    @Inject
    List<TransactionSetting> settings;
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
                CREATE TABLE readlab.items (id serial PRIMARY KEY, label text);
                """);
        catalog.refresh();
        tools = new Tools(invoker);
    }

    @Test
    void everyPooledConnectionHoldsTheStatementTimeoutForItsSession() throws SQLException {
        List<Connection> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                Connection connection = connections.pooled().getConnection();
                held.add(connection);
                assertTrue(connections.hasSessionTimeout(connection), "opened straight to PostgreSQL");
                assertEquals("1s", setting(connection, "statement_timeout"));
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    @Test
    void aReadRunsInAutocommitOnlyWhenTheSessionHoldsEverySetting() throws SQLException {
        try (DbSession read = new DbSession(connections::pooled, null, settings, null, true)) {
            assertTrue(read.connection().getAutoCommit(), "no BEGIN, no SET LOCAL, no COMMIT round trip");
            assertFalse(read.inTransaction());
            read.commit();
        }
        try (DbSession write = new DbSession(connections::pooled, null, settings, null, false)) {
            assertFalse(write.connection().getAutoCommit(), "a change has its transaction");
            assertTrue(write.inTransaction());
            write.rollbackQuietly();
        }
        List<TransactionSetting> withOneNotHeld = new ArrayList<>(settings);
        withOneNotHeld.add(() -> "SET LOCAL work_mem = '7MB'");
        try (DbSession read = new DbSession(connections::pooled, null, withOneNotHeld, null, true)) {
            assertFalse(read.connection().getAutoCommit());
            assertTrue(read.inTransaction(), "a setting the session does not hold needs the transaction");
            assertEquals("7MB", setting(read.connection(), "work_mem"));
            read.rollbackQuietly();
        }
    }

    @Test
    void aReadThatNeedsALongerTimeoutOpensItsTransaction() throws SQLException {
        try (DbSession read = new DbSession(connections::pooled, null, settings, null, true)) {
            read.statementTimeout(Duration.ofSeconds(90));
            assertTrue(read.inTransaction());
            assertEquals("90s", setting(read.connection(), "statement_timeout"));
            read.commit();
        }
        try (Connection next = connections.pooled().getConnection()) {
            assertEquals("1s", setting(next, "statement_timeout"), "SET LOCAL ended with its transaction");
        }
    }

    private static String setting(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
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
