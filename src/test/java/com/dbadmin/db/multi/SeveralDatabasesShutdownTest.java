package com.dbadmin.db.multi;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.support.Databases;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The server's graceful shutdown reaches every database: once it starts, a call forwarded to another database
 * is refused there as on the first (DB_503, retryable), and the shutdown completes when they have drained.
 */
class SeveralDatabasesShutdownTest {

    @Test
    void aGracefulShutdownClosesTheOtherDatabasesToNewCalls() throws Exception {
        for (String database : new String[]{"multi_stop_a", "multi_stop_b"}) {
            Databases.fresh(database);
            Databases.execute(database, "CREATE TABLE items (id int PRIMARY KEY)");
        }
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.database.load-demo", "false");
        properties.put("db-admin.databases", "first=" + Databases.jdbcUrl("multi_stop_a") + ",second="
                + Databases.jdbcUrl("multi_stop_b"));
        try (ApplicationContext server = ApplicationContext.run(properties, "test")) {
            Tools tools = new Tools(server.getBean(ToolInvoker.class));
            tools.ok("db_query_records", "{\"table\":\"items\",\"database\":\"second\"}");

            server.getBean(DatabaseRouter.class).shutdownGracefully().toCompletableFuture().get(30, TimeUnit.SECONDS);

            var refused = tools.fails(ErrorCode.DB_503_UNAVAILABLE, "db_query_records",
                    "{\"table\":\"items\",\"database\":\"second\"}");
            assertTrue(refused.error().code().retryable(), refused.error().getMessage());
        }
    }
}
