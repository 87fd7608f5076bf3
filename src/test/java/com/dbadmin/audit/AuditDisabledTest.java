package com.dbadmin.audit;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.Transport;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** DB_ADMIN_AUDIT_LOG_ENABLED=false: calls work and leave no audit rows. */
class AuditDisabledTest extends DatabaseTest {
    @Inject
    ToolInvoker invoker;
    @Inject
    AuditWriter writer;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.audit.enabled", "false");
    }

    @Test
    void nothingIsWrittenWhenAuditingIsOff() throws Exception {
        Tools tools = new Tools(invoker, CallContext.local("audit-off-user", Transport.REST));
        long id = tools.ok("db_insert_record", "{\"table\":\"authors\",\"data\":{\"name\":\"Unaudited\"}}").get("record").get("id").asLong();
        tools.ok("db_delete_records", "{\"table\":\"authors\",\"where\":{\"id\":" + id + "}}");
        tools.ok("db_query_records", "{\"table\":\"books\",\"limit\":1}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"users\"}");
        assertTrue(writer.awaitWritten(Duration.ofSeconds(10)));
        assertEquals(0, TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log WHERE user_id = 'audit-off-user'"));
    }
}
