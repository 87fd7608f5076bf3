package com.dbadmin.db;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ConnectionKind;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.support.ConcurrentCalls;
import com.dbadmin.support.Databases;
import com.dbadmin.support.Http;
import com.dbadmin.support.MinimalArguments;
import com.dbadmin.support.PgBouncer;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The server behind a real PgBouncer in transaction mode ({@link PgBouncer}), with nothing configured but
 * {@code DATABASE_URL}: it detects the pooler, says so, and then every tool works, a sustained concurrent
 * load has no failures, the statement timeout holds on whichever server connection a call gets, and nothing
 * of ours stays behind on a server connection. Backups and restores go to DB_ADMIN_DIRECT_DATABASE_URL, and
 * are refused without it. A control run with detection overridden shows the load does break without it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionPoolerTest {
    private static final int CLIENTS = 16;
    private static final int CALLS = 10_000;
    private static final String TABLE = "lab.type_samples";
    private static final CallContext ADMIN = CallContext.local("pooler-test", Transport.REST);

    private final ListAppender<ILoggingEvent> poolerLog = new ListAppender<>();
    private final PgBouncer pgBouncer = PgBouncer.shared();
    private String database;
    private ServerContext server;

    @BeforeAll
    void start() {
        Logger logger = (Logger) LoggerFactory.getLogger(PoolerDetector.class);
        poolerLog.setContext(logger.getLoggerContext());
        poolerLog.start();
        logger.addAppender(poolerLog);

        database = Databases.fresh("pooler_lab");
        server = ServerContext.on(database, Map.of(
                "db-admin.database.url", pgBouncer.jdbcUrl(database),
                "db-admin.database.direct-url", Databases.jdbcUrl(database),
                "db-admin.database.load-demo", "true",
                "db-admin.database.pool-size", Integer.toString(CLIENTS),
                "db-admin.limits.statement-timeout", "2s"));
        // The lab fixture builds on the demo schema the server has just loaded (through PgBouncer).
        Databases.loadFixture(database, "lab.sql");
        Databases.execute(database, """
                CREATE SCHEMA poolerlab;
                CREATE VIEW poolerlab.slow AS SELECT 1 AS id, pg_sleep(6)::text AS slept;
                CREATE TABLE poolerlab.counters (id int PRIMARY KEY, hits bigint NOT NULL DEFAULT 0);
                INSERT INTO poolerlab.counters (id) SELECT g FROM generate_series(1, 16) g;
                CREATE TABLE poolerlab.events (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, n int NOT NULL);
                """);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        ((Logger) LoggerFactory.getLogger(PoolerDetector.class)).detachAppender(poolerLog);
    }

    @Test
    void detectsThePoolerAndSaysSoInTheLogAndHealth() {
        PoolerDecision decision = server.bean(DatabaseConnections.class).pooler();
        assertEquals(PoolerMode.TRANSACTION, decision.mode(), decision.toString());
        assertEquals("detected", decision.basis());

        assertTrue(poolerLog.list.stream().anyMatch(event -> event.getFormattedMessage().startsWith(
                "Connection pooler: transaction (detected: ") && event.getFormattedMessage().contains("SET LOCAL")),
                () -> poolerLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList().toString());

        EmbeddedServer http = server.context().getBean(EmbeddedServer.class);
        http.start();
        JsonNode pooler = Http.json(new Http(http.getURL()).get("/health")).at("/details/database/details/pooler");
        assertEquals("transaction", pooler.path("mode").asText(), pooler.toString());
        assertEquals("detected", pooler.path("basis").asText());
        assertFalse(pooler.path("serverPreparedStatements").asBoolean(true));
        assertFalse(pooler.path("sessionSettings").asBoolean(true));
        assertEquals("direct: " + Databases.jdbcUrl(database), pooler.path("backups").asText());
    }

    @Test
    void aDirectConnectionIsDetectedAsNoPooler() {
        try (ServerContext direct = ServerContext.on(database, Map.of())) {
            PoolerDecision decision = direct.bean(DatabaseConnections.class).pooler();
            assertEquals(PoolerMode.NONE, decision.mode(), decision.toString());
            assertEquals("detected", decision.basis());
            assertTrue(direct.bean(DatabaseConnections.class).directAvailable());
        }
    }

    @TestFactory
    Stream<DynamicTest> everyToolAnswersItsMinimalCallThroughThePooler() {
        ToolInvoker invoker = server.bean(ToolInvoker.class);
        assertFalse(invoker.registry().all().isEmpty());
        return invoker.registry().all().stream().map(tool -> DynamicTest.dynamicTest(tool.name(), () -> {
            ObjectNode arguments = MinimalArguments.of(tool, TABLE);
            ToolOutcome outcome = invoker.invoke(tool.name(), arguments, ADMIN);
            assertTrue(outcome.success() || MinimalArguments.CLIENT_SIDE.contains(outcome.error().code()),
                    () -> tool.name() + " " + arguments + " ended with " + outcome.error().code() + ": "
                            + outcome.error().getMessage());
        }));
    }

    @Test
    void tenThousandCallsAtSixteenClientsWithoutAFailure() throws Exception {
        long transactionsBefore = pgBouncerTransactions();
        List<String> failures = ConcurrentCalls.run(server.bean(ToolInvoker.class), ADMIN, CALLS, CLIENTS,
                TransactionPoolerTest::mixedCall, false);
        assertEquals(List.of(), failures.stream().limit(5).toList(), failures.size() + " of " + CALLS + " calls failed");

        // The calls went through PgBouncer, and more client connections shared its fewer server connections.
        assertTrue(pgBouncerTransactions() - transactionsBefore >= CALLS, "every call is a transaction through PgBouncer");
        long clients = pgBouncer.show("CLIENTS").stream().filter(row -> database.equals(row.get("database"))).count();
        long servers = pgBouncer.show("SERVERS").stream().filter(row -> database.equals(row.get("database"))).count();
        assertTrue(clients > servers && servers <= PgBouncer.POOL_SIZE, clients + " clients, " + servers + " servers");

        // Nothing of ours stayed on any server connection: no prepared statement, no session-level setting.
        for (BackendState backend : everyServerConnection()) {
            assertEquals(0, backend.preparedStatements(), backend.toString());
            assertEquals("0", backend.statementTimeout(), backend.toString());
        }
        assertEquals(0, server.bean(ToolInvoker.class).invoke("db_query_records",
                Tools.json("{\"table\":\"poolerlab.events\",\"where\":{\"n\":-1}}"), ADMIN).result()
                .path("records").size());
    }

    /** Reads of 50 rows (several shapes), inserts, updates and catalogue reads, as a busy client mixes them. */
    private static String[] mixedCall(int i) {
        return switch (i % 10) {
            case 7 -> new String[]{"db_insert_record", "{\"table\":\"poolerlab.events\",\"data\":{\"n\":" + i + "}}"};
            case 8 -> new String[]{"db_update_records", "{\"table\":\"poolerlab.counters\",\"data\":{\"hits\":" + i
                    + "},\"where\":{\"id\":" + (i % 16 + 1) + "}}"};
            case 9 -> new String[]{"db_get_schema", "{\"table\":\"books\"}"};
            default -> new String[]{"db_query_records", "{\"table\":\"books\",\"limit\":50,\"offset\":" + (i % 7) * 50
                    + ",\"order_by\":[{\"column\":\"id\"}]" + (i % 3 == 0 ? ",\"where\":{\"status\":{\"$ne\":\"abandoned\"}}" : "")
                    + "}"};
        };
    }

    @Test
    void theStatementTimeoutHoldsOnEveryServerConnection() throws Exception {
        ToolInvoker invoker = server.bean(ToolInvoker.class);
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<ToolOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                calls.add(pool.submit(() -> invoker.invoke("db_query_records",
                        Tools.json("{\"table\":\"poolerlab.slow\"}"), ADMIN)));
            }
            for (Future<ToolOutcome> call : calls) {
                ToolOutcome outcome = call.get();
                assertFalse(outcome.success(), "a 6 s statement under a 2 s limit must not finish");
                assertEquals(ErrorCode.DB_504_TIMEOUT, outcome.error().code(), outcome.error().getMessage());
                assertTrue(outcome.duration().toMillis() < 4_500, "cancelled after about 2 s: " + outcome.duration());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void backupsAndRestoresUseTheDirectUrl() {
        Tools tools = server.tools();
        String backup = tools.ok("db_backup_table", "{\"table\":\"poolerlab.counters\"}").get("backup").asText();
        Databases.execute(database, "DELETE FROM poolerlab.counters WHERE id > 8");
        ObjectNode restored = tools.ok("db_restore_table", "{\"backupFile\":\"" + backup
                + "\",\"table\":\"poolerlab.counters\",\"onConflict\":\"skip\"}");
        assertEquals(8, restored.get("totals").get("inserted").asInt(), restored.toString());
        assertEquals(16, Databases.number(database, "SELECT count(*) FROM poolerlab.counters"));
        assertTrue(tools.ok("db_backup_full", "{}").get("rows").asLong() > 0);
    }

    @Test
    void withoutADirectUrlEveryBackupAndRestoreIsRefusedBeforeItStarts() throws IOException {
        String full = server.tools().ok("db_backup_full", "{}").get("backup").asText();
        try (ServerContext pooledOnly = ServerContext.on(database, Map.of(
                "db-admin.database.url", pgBouncer.jdbcUrl(database)))) {
            ToolInvoker invoker = pooledOnly.bean(ToolInvoker.class);
            assertFalse(pooledOnly.bean(DatabaseConnections.class).directAvailable());
            Set<String> backupsAndRestores = invoker.registry().all().stream().map(ToolDefinition::name)
                    .filter(name -> name.startsWith("db_backup_") || name.startsWith("db_restore_"))
                    .collect(Collectors.toSet());
            Set<String> direct = invoker.registry().all().stream().filter(t -> t.connection() == ConnectionKind.DIRECT)
                    .map(ToolDefinition::name).collect(Collectors.toSet());
            assertEquals(backupsAndRestores, direct, "every backup and restore tool, and only those, needs a direct connection");
            assertEquals(5, direct.size(), direct.toString());

            Databases.execute(database, "DELETE FROM poolerlab.counters WHERE id = 1");
            Set<Path> storeBefore = storeFiles();
            for (ToolDefinition tool : invoker.registry().all()) {
                if (tool.connection() != ConnectionKind.DIRECT) {
                    continue;
                }
                ObjectNode arguments = MinimalArguments.of(tool, "poolerlab.counters");
                if (arguments.has("backupFile")) {
                    arguments.put("backupFile", full);
                    arguments.put("onConflict", "skip");
                }
                ToolOutcome outcome = invoker.invoke(tool.name(), arguments, ADMIN);
                assertFalse(outcome.success(), tool.name() + " ran: " + outcome.result());
                assertEquals(ErrorCode.DB_503_UNAVAILABLE, outcome.error().code(), tool.name());
                assertTrue(outcome.error().getMessage().contains("DB_ADMIN_DIRECT_DATABASE_URL"), outcome.error().getMessage());
            }
            assertEquals(storeBefore, storeFiles(), "nothing was written to the backup store");
            assertEquals(15, Databases.number(database, "SELECT count(*) FROM poolerlab.counters"), "nothing was restored");
            assertTrue(pooledOnly.tools().ok("db_export_json", "{\"table\":\"poolerlab.counters\"}").has("file"),
                    "exports run in the call's own transaction and stay available");
        } finally {
            Databases.execute(database, "INSERT INTO poolerlab.counters (id) VALUES (1) ON CONFLICT DO NOTHING");
        }
    }

    /**
     * The control: the same kind of load with the pooler-safe settings switched off by DB_ADMIN_POOLER=none
     * (on a database of its own, so what it leaves on PgBouncer's server connections stays there) fails —
     * so the zero above is the settings' doing, not a load that never crossed server connections.
     */
    @Test
    void theSameLoadFailsWhenDetectionIsOverriddenWithNone() throws Exception {
        String control = Databases.fresh("pooler_control");
        Databases.execute(control, "CREATE TABLE samples (id int PRIMARY KEY, label text);"
                + " INSERT INTO samples SELECT g, 'sample ' || g FROM generate_series(1, 100) g");
        ServerContext forced;
        try {
            forced = ServerContext.on(control, Map.of(
                    "db-admin.database.url", pgBouncer.jdbcUrl(control),
                    "db-admin.database.pooler", "none",
                    "db-admin.database.pool-size", Integer.toString(CLIENTS)));
        } catch (RuntimeException e) {
            // The start-up's own checks may already meet a statement prepared on another server connection.
            assertTrue(poolerBreakage(e), () -> "start-up failed, but not for server-side prepared statements: " + e);
            return;
        }
        try (forced) {
            PoolerDecision decision = forced.bean(DatabaseConnections.class).pooler();
            assertEquals(PoolerMode.NONE, decision.mode());
            assertEquals("configured", decision.basis());
            List<String> failures = ConcurrentCalls.run(forced.bean(ToolInvoker.class), ADMIN, 3_000, CLIENTS,
                    i -> new String[]{"db_query_records", "{\"table\":\"samples\",\"limit\":5}"}, true);
            assertFalse(failures.isEmpty(), "server-side prepared statements through a transaction pooler must break");
            assertTrue(failures.stream().anyMatch(f -> f.contains("DB_500") || f.contains("DB_503")), failures.toString());
        }
    }

    /** Whether a failure comes from a prepared statement missing (26000) or duplicated (42P05) on a server connection. */
    private static boolean poolerBreakage(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && ("26000".equals(sql.getSQLState()) || "42P05".equals(sql.getSQLState()))) {
                return true;
            }
            if (cause.getMessage() != null && cause.getMessage().contains("SQL State  : 26000")) {
                return true;
            }
        }
        return false;
    }

    private long pgBouncerTransactions() {
        return pgBouncer.show("STATS").stream().filter(row -> database.equals(row.get("database")))
                .mapToLong(row -> Long.parseLong(row.get("total_xact_count"))).sum();
    }

    record BackendState(long pid, long preparedStatements, String statementTimeout) {
    }

    /**
     * Every server connection PgBouncer holds for the database, each seen from inside: as many clients as
     * the pool has server connections each hold a transaction open, so each gets a different one.
     */
    private List<BackendState> everyServerConnection() throws SQLException {
        List<Connection> clients = new ArrayList<>();
        List<BackendState> states = new ArrayList<>();
        try {
            for (int i = 0; i < PgBouncer.POOL_SIZE; i++) {
                Connection client = pgBouncer.connect(database);
                clients.add(client);
                client.setAutoCommit(false);
                try (Statement statement = client.createStatement(); ResultSet rs = statement.executeQuery(
                        "SELECT pg_backend_pid(), (SELECT count(*) FROM pg_prepared_statements),"
                                + " current_setting('statement_timeout')")) {
                    rs.next();
                    states.add(new BackendState(rs.getLong(1), rs.getLong(2), rs.getString(3)));
                }
            }
        } finally {
            for (Connection client : clients) {
                client.rollback();
                client.close();
            }
        }
        Set<Long> pids = new HashSet<>();
        states.forEach(state -> pids.add(state.pid()));
        assertEquals(PgBouncer.POOL_SIZE, pids.size(), "each client held its own server connection: " + states);
        return states;
    }

    private static Set<Path> storeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(TestDatabase.backupDir())) {
            return files.filter(Files::isRegularFile).collect(Collectors.toSet());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
