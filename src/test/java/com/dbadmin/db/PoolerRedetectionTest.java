package com.dbadmin.db;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.support.ConcurrentCalls;
import com.dbadmin.support.Databases;
import com.dbadmin.support.PgBouncer;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Detection runs again on reconnect: a server that started against PostgreSQL itself, whose database comes
 * back after an outage behind a transaction-mode PgBouncer on the same address, notices by itself, switches
 * its new connections to the pooler-safe settings, and its concurrent calls keep working (the same load
 * breaks without those settings: TransactionPoolerTest's control run).
 */
class PoolerRedetectionTest {
    private static final CallContext ADMIN = CallContext.local("redetection-test", Transport.REST);
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Test
    void aPoolerThatAppearsAfterAnOutageIsDetectedOnReconnect() throws Exception {
        // The database PgBouncer will lead to, with the server's own schema already in place.
        String database = Databases.fresh("pooler_redetection");
        ServerContext.on(database, Map.of()).close();

        int port = PgBouncer.freePort();
        EmbeddedPostgres before = EmbeddedPostgres.builder().setPort(port).start();
        try (Connection connection = before.getPostgresDatabase().getConnection();
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + database);
        }
        ListAppender<ILoggingEvent> log = capture();
        boolean outage = false;
        PgBouncer after = null;
        try (ServerContext server = ServerContext.on(database, Map.of(
                "db-admin.database.url", "jdbc:postgresql://127.0.0.1:" + port + "/" + database,
                "db-admin.database.pool-size", "16"))) {
            DatabaseConnections connections = server.bean(DatabaseConnections.class);
            ToolInvoker invoker = server.bean(ToolInvoker.class);
            assertEquals(PoolerMode.NONE, connections.pooler().mode(), connections.pooler().toString());
            assertTrue(invoker.invoke("db_query_audit_logs", Tools.json("{\"limit\":5}"), ADMIN).success());

            before.close();
            outage = true;
            ToolOutcome during = invoker.invoke("db_query_audit_logs", Tools.json("{\"limit\":5}"), ADMIN);
            assertEquals(ErrorCode.DB_503_UNAVAILABLE, during.error().code(), "calls fail while the database is away");
            after = PgBouncer.start(port, TestDatabase.port());
            long deadline = System.nanoTime() + PATIENCE.toNanos();
            ToolOutcome outcome;
            do {
                outcome = invoker.invoke("db_query_audit_logs", Tools.json("{\"limit\":5}"), ADMIN);
            } while (!(outcome.success() && connections.pooler().mode() == PoolerMode.TRANSACTION)
                    && System.nanoTime() < deadline && pause());
            assertEquals(PoolerMode.TRANSACTION, connections.pooler().mode(), connections.pooler().toString());
            assertEquals("detected", connections.pooler().basis());
            assertTrue(log.list.stream().anyMatch(event -> event.getFormattedMessage()
                    .startsWith("Connection pooling changed from none to transaction")), log.list.toString());

            List<String> failures = ConcurrentCalls.run(invoker, ADMIN, 2_000, 16,
                    i -> new String[]{"db_query_audit_logs", "{\"limit\":" + (i % 3 + 1) + "}"}, true);
            assertEquals(List.of(), failures, "calls after the switch run without server-side prepared statements");
        } finally {
            ((Logger) LoggerFactory.getLogger(PoolerDetector.class)).detachAppender(log);
            if (after != null) {
                after.close();
            }
            if (!outage) {
                before.close();
            }
        }
    }

    private static ListAppender<ILoggingEvent> capture() {
        Logger logger = (Logger) LoggerFactory.getLogger(PoolerDetector.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(logger.getLoggerContext());
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    private static boolean pause() throws InterruptedException {
        Thread.sleep(100);
        return true;
    }
}
