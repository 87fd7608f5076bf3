package com.dbadmin.audit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * When the audit row of a change cannot be written, the change does not happen and the caller is told;
 * rows of reads and failures that cannot be written are never dropped silently: they are counted in
 * {@code db.admin.audit.failures} and logged.
 */
class AuditFailureTest extends DatabaseTest {
    private static final String SNAPSHOT = "SELECT string_agg(id || ':' || name, ',' ORDER BY id) FROM auditfail.items";

    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    @Inject
    AuditWriter writer;
    @Inject
    MeterRegistry meters;
    @Inject
    EmbeddedServer server;

    private final CallContext caller = new CallContext("audit-failure-user", Set.of(Scope.ADMIN), true, Transport.REST,
            null, null, null);
    private Tools tools;
    private ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS auditfail CASCADE;
                CREATE SCHEMA auditfail;
                CREATE TABLE auditfail.items (id int PRIMARY KEY, name text NOT NULL);
                INSERT INTO auditfail.items VALUES (1, 'one'), (2, 'two');
                CREATE FUNCTION auditfail.refuse() RETURNS trigger LANGUAGE plpgsql AS
                  $$ BEGIN RAISE EXCEPTION 'audit storage unavailable'; END $$;
                """);
        catalog.refresh();
        tools = new Tools(invoker, caller);
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(AuditWriter.class)).addAppender(logs);
    }

    @AfterEach
    void restore() {
        TestDatabase.execute("""
                DROP TRIGGER IF EXISTS refuse_audit ON dbadmin.audit_log;
                DO $$ BEGIN
                  IF to_regclass('dbadmin.audit_log_moved') IS NOT NULL THEN
                    ALTER TABLE dbadmin.audit_log_moved RENAME TO audit_log;
                  END IF;
                END $$;
                DROP SCHEMA IF EXISTS auditfail CASCADE;
                """);
        ((Logger) LoggerFactory.getLogger(AuditWriter.class)).detachAppender(logs);
    }

    @Test
    void aChangeWhoseAuditRowCannotBeWrittenChangesNothing() throws Exception {
        TestDatabase.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON dbadmin.audit_log FOR EACH ROW"
                + " WHEN (NEW.user_id LIKE 'audit-failure-%') EXECUTE FUNCTION auditfail.refuse()");
        String before = snapshot();
        double transactionFailures = failures("transaction");
        double backgroundFailures = failures("background");

        ToolOutcome insert = tools.fails(ErrorCode.DB_500_DATABASE, "db_insert_record",
                "{\"table\":\"auditfail.items\",\"data\":{\"id\":3,\"name\":\"three\"}}");
        assertTrue(insert.error().getMessage().contains("Nothing was changed"), insert.error().getMessage());
        tools.fails(ErrorCode.DB_500_DATABASE, "db_update_records",
                "{\"table\":\"auditfail.items\",\"data\":{\"name\":\"changed\"},\"where\":{\"id\":1}}");
        tools.fails(ErrorCode.DB_500_DATABASE, "db_delete_records", "{\"table\":\"auditfail.items\",\"where\":{\"id\":2}}");
        assertEquals(before, snapshot(), "no change committed without its audit row");
        assertEquals(transactionFailures + 3, failures("transaction"));

        // Reads still answer (their rows are written afterwards), but the lost rows are counted and logged.
        assertTrue(tools.call("db_query_records", "{\"table\":\"auditfail.items\"}").success());
        assertTrue(writer.awaitWritten(Duration.ofSeconds(20)));
        assertEquals(backgroundFailures + 4, failures("background"), "3 failed changes + 1 read, none dropped silently");
        assertTrue(logs.list.stream().anyMatch(event -> event.getFormattedMessage()
                .contains("Audit row for db_query_records by audit-failure-user")));
        assertTrue(logs.list.stream().noneMatch(event -> event.getFormattedMessage().contains("three")),
                "the log names the call, not the data");

        TestDatabase.execute("DROP TRIGGER refuse_audit ON dbadmin.audit_log");
        tools.ok("db_insert_record", "{\"table\":\"auditfail.items\",\"data\":{\"id\":3,\"name\":\"three\"}}");
        assertEquals(1, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE user_id = 'audit-failure-user'"
                + " AND operation = 'db_insert_record' AND success"));
    }

    @Test
    void aMissingAuditTableStopsChangesOverHttpToo() {
        TestDatabase.execute("ALTER TABLE dbadmin.audit_log RENAME TO audit_log_moved");
        String before = snapshot();
        HttpResponse<String> response = new Http(server.getURL()).post("/api/db/update",
                "{\"table\":\"auditfail.items\",\"data\":{\"name\":\"changed\"},\"where\":{\"id\":1}}");
        assertEquals(500, response.statusCode(), response.body());
        assertEquals("DB_500_DATABASE", Http.json(response).get("error").get("code").asText());
        assertFalse(response.body().contains("audit_log_moved"), "no SQL or internal names leak");
        assertEquals(before, snapshot());
    }

    private static String snapshot() {
        try (var connection = TestDatabase.connect(); var statement = connection.createStatement();
             var rs = statement.executeQuery(SNAPSHOT)) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private double failures(String mode) {
        var counter = meters.find(AuditWriter.FAILURES).tag("mode", mode).counter();
        return counter == null ? 0 : counter.count();
    }
}
