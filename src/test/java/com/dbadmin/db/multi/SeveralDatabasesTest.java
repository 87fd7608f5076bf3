package com.dbadmin.db.multi;

import com.dbadmin.audit.AuditWriter;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.Transport;
import com.dbadmin.support.MinimalArguments;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.support.Databases;
import com.dbadmin.support.Http;
import com.dbadmin.support.McpClients;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.dbadmin.tool.ToolInvoker;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * DB_ADMIN_DATABASES with two real databases of different data and different restricted tables (and a third
 * that does not exist): the {@code database} argument reaches the named one through the invoker, REST and MCP;
 * caches, policy, audit rows and backups are each database's own.
 */
class SeveralDatabasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SALES = "multi_sales";
    private static final String CRM = "multi_crm";

    @TempDir
    static Path folder;

    private static ApplicationContext server;
    private static Tools tools;

    @BeforeAll
    static void start() throws IOException {
        for (String database : List.of(SALES, CRM)) {
            Databases.fresh(database);
            Databases.execute(database, "CREATE TABLE people (id int PRIMARY KEY, name text NOT NULL);"
                    + "CREATE TABLE salaries (id int PRIMARY KEY, amount int);"
                    + "CREATE TABLE notes (id int PRIMARY KEY, body text);"
                    + "INSERT INTO salaries VALUES (1, 100); INSERT INTO notes VALUES (1, 'note');");
        }
        Databases.execute(SALES, "INSERT INTO people VALUES (1, 'alice')");
        Databases.execute(CRM, "INSERT INTO people VALUES (1, 'bob')");
        Path list = folder.resolve("databases.json");
        Files.writeString(list, """
                [{"name": "sales", "url": "%s", "restricted_tables": ["salaries"], "pool_size": 2},
                 {"name": "crm", "url": "%s", "user": "postgres", "restricted_tables": "notes", "pool_size": 2},
                 {"name": "gone", "url": "%s"}]
                """.formatted(Databases.jdbcUrl(SALES), Databases.jdbcUrl(CRM), Databases.jdbcUrl("multi_never_created")));
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.database.load-demo", "false");
        properties.put("db-admin.backup.dir", folder.resolve("backups").toString());
        properties.put("db-admin.databases", list.toString());
        server = ApplicationContext.run(EmbeddedServer.class, properties, "test").getApplicationContext();
        tools = new Tools(server.getBean(ToolInvoker.class));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String name(ObjectNode result) {
        return result.get("records").get(0).get("name").asText();
    }

    @Test
    void theDatabaseArgumentPicksTheDatabaseAndDefaultsToTheFirst() {
        assertEquals("alice", name(tools.ok("db_query_records", "{\"table\": \"people\"}")));
        assertEquals("alice", name(tools.ok("db_query_records", "{\"table\": \"people\", \"database\": \"sales\"}")));
        assertEquals("bob", name(tools.ok("db_query_records", "{\"table\": \"people\", \"database\": \"crm\"}")));
    }

    @Test
    void restOpenApiAndMcpCarryTheArgument() throws Exception {
        Http http = new Http(server.getBean(EmbeddedServer.class).getURL());
        HttpResponse<String> rest = http.post("/api/tools/db_query_records", "{\"table\": \"people\", \"database\": \"crm\"}");
        assertEquals(200, rest.statusCode(), rest.body());
        assertEquals("bob", Http.json(rest).at("/records/0/name").asText(), rest.body());

        McpSyncClient client = McpClients.http(server.getBean(EmbeddedServer.class).getURL());
        try {
            client.initialize();
            List<McpSchema.Tool> listed = client.listTools().tools();
            assertFalse(listed.isEmpty());
            for (McpSchema.Tool tool : listed) {
                JsonNode database = JSON.valueToTree(tool.inputSchema()).at("/properties/database");
                assertEquals(List.of("sales", "crm", "gone"), strings(database.get("enum")), tool.name());
                assertEquals("Which database (default: sales)", database.get("description").asText());
            }
            McpSchema.CallToolResult crm = client.callTool(new McpSchema.CallToolRequest("db_query_records",
                    Map.of("table", "people", "database", "crm")));
            assertNotEquals(Boolean.TRUE, crm.isError(), String.valueOf(crm.structuredContent()));
            assertEquals("bob", JSON.valueToTree(crm.structuredContent()).at("/records/0/name").asText());
            McpSchema.CallToolResult sales = client.callTool(new McpSchema.CallToolRequest("db_query_records",
                    Map.of("table", "people")));
            assertEquals("alice", JSON.valueToTree(sales.structuredContent()).at("/records/0/name").asText());
        } finally {
            client.closeGracefully();
        }

        JsonNode openApi = Http.json(http.get("/openapi.json"));
        assertTrue(openApi.toString().contains("Which database (default: sales)"), "OpenAPI shows the argument");
    }

    @Test
    void eachDatabaseHasItsOwnCatalogue() {
        Databases.execute(CRM, "CREATE TABLE only_in_crm (id int PRIMARY KEY)");
        tools.ok("db_get_schema", "{\"table\": \"people\", \"refresh_cache\": true, \"database\": \"crm\"}");
        tools.ok("db_get_schema", "{\"table\": \"people\", \"refresh_cache\": true}");
        assertTrue(tableNames(tools.ok("db_list_tables", "{\"database\": \"crm\"}")).contains("only_in_crm"));
        assertFalse(tableNames(tools.ok("db_list_tables", "{}")).contains("only_in_crm"));
    }

    @Test
    void restrictedTablesArePerDatabase() {
        ToolOutcome salaries = tools.call("db_query_records", "{\"table\": \"salaries\"}");
        assertFalse(salaries.success(), "salaries is restricted in sales");
        assertEquals(100, tools.ok("db_query_records", "{\"table\": \"salaries\", \"database\": \"crm\"}")
                .at("/records/0/amount").asInt());
        ToolOutcome notes = tools.call("db_query_records", "{\"table\": \"notes\", \"database\": \"crm\"}");
        assertFalse(notes.success(), "notes is restricted in crm");
        assertEquals(salaries.error().code(), notes.error().code());
        assertEquals("note", tools.ok("db_query_records", "{\"table\": \"notes\"}").at("/records/0/body").asText());
        assertFalse(tableNames(tools.ok("db_list_tables", "{}")).contains("salaries"));
        assertFalse(tableNames(tools.ok("db_list_tables", "{\"database\": \"crm\"}")).contains("notes"));
    }

    @Test
    void auditRowsLandInTheDatabaseTheCallRanOn() throws InterruptedException {
        tools.ok("db_insert_record", "{\"table\": \"people\", \"data\": {\"id\": 20, \"name\": \"carol\"},"
                + " \"database\": \"crm\"}");
        String inserted = "SELECT count(*) FROM dbadmin.audit_log WHERE operation = 'db_insert_record'"
                + " AND after_data::text LIKE '%carol%'";
        assertEquals(1, Databases.number(CRM, inserted));
        assertEquals(0, Databases.number(SALES, inserted));
        assertEquals(0, Databases.number(SALES, "SELECT count(*) FROM people WHERE name = 'carol'"));

        // A refused read is written after the call, by the writer of the database it was refused on.
        String refusedNotes = "SELECT count(*) FROM dbadmin.audit_log WHERE operation = 'db_query_records'"
                + " AND table_name = 'notes' AND NOT success";
        long before = Databases.number(CRM, refusedNotes);
        assertFalse(tools.call("db_query_records", "{\"table\": \"notes\", \"database\": \"crm\"}").success());
        ApplicationContext crm = server.getBean(DatabaseRouter.class).context("crm").orElseThrow();
        assertTrue(crm.getBean(AuditWriter.class).awaitWritten(Duration.ofSeconds(10)));
        assertEquals(before + 1, Databases.number(CRM, refusedNotes));
        assertEquals(0, Databases.number(SALES, refusedNotes));
    }

    @Test
    void backupsOfADatabaseGoToItsOwnFolderAndRestoreThere() {
        String backup = tools.ok("db_backup_full", "{\"database\": \"crm\"}").get("backup").asText();
        assertTrue(Files.isRegularFile(folder.resolve("backups").resolve("crm").resolve(backup)), backup);
        assertFalse(Files.exists(folder.resolve("backups").resolve(backup)));
        assertTrue(tools.ok("db_list_backups", "{\"database\": \"crm\"}").toString().contains(backup));
        assertFalse(tools.ok("db_list_backups", "{}").toString().contains(backup));

        Databases.execute(CRM, "UPDATE people SET name = 'changed' WHERE id = 1");
        tools.ok("db_restore_full", "{\"backup_file\": \"" + backup + "\", \"tables\": [\"public.people\"],"
                + " \"on_conflict\": \"update\", \"database\": \"crm\"}");
        assertEquals("bob", Databases.text(CRM, "SELECT name FROM people WHERE id = 1"));
        assertEquals("alice", Databases.text(SALES, "SELECT name FROM people WHERE id = 1"));
        // The default database's store does not know the file.
        assertEquals(ErrorCode.DB_404_NOT_FOUND, tools.call("db_restore_full",
                "{\"backup_file\": \"" + backup + "\"}").error().code());
    }

    @Test
    void anUnknownDatabaseIsRefusedChangesNothingAndIsAudited() throws InterruptedException {
        long audited = Databases.number(SALES, "SELECT count(*) FROM dbadmin.audit_log"
                + " WHERE operation = 'db_insert_record' AND error_code = 'DB_400_VALIDATION'");
        for (String named : List.of("\"nope\"", "\"CRM\"", "7", "null", "[\"crm\"]")) {
            ToolOutcome refused = tools.fails(ErrorCode.DB_400_VALIDATION, "db_insert_record",
                    "{\"table\": \"people\", \"data\": {\"id\": 30, \"name\": \"dave\"}, \"database\": " + named + "}");
            assertTrue(refused.error().getMessage().contains("sales, crm, gone"), refused.error().getMessage());
        }
        for (String database : List.of(SALES, CRM)) {
            assertEquals(0, Databases.number(database, "SELECT count(*) FROM people WHERE id = 30"));
        }
        assertTrue(server.getBean(AuditWriter.class).awaitWritten(Duration.ofSeconds(10)));
        assertEquals(audited + 5, Databases.number(SALES, "SELECT count(*) FROM dbadmin.audit_log"
                + " WHERE operation = 'db_insert_record' AND error_code = 'DB_400_VALIDATION'"));
    }

    @Test
    void aDatabaseThatIsDownIsReportedAndRefusedWhileTheOthersServe() {
        tools.fails(ErrorCode.DB_503_UNAVAILABLE, "db_list_tables", "{\"database\": \"gone\"}");
        assertEquals("bob", name(tools.ok("db_query_records", "{\"table\": \"people\", \"database\": \"crm\"}")));

        HttpResponse<String> response = new Http(server.getBean(EmbeddedServer.class).getURL()).get("/health");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode health = Http.json(response);
        assertEquals("DEGRADED", health.get("status").asText(), response.body());
        JsonNode databases = health.at("/details/databases");
        assertEquals("DEGRADED", databases.get("status").asText());
        assertEquals("UP", databases.at("/details/sales/status").asText());
        assertTrue(databases.at("/details/sales/default").asBoolean());
        assertEquals("UP", databases.at("/details/crm/status").asText());
        assertEquals("DOWN", databases.at("/details/gone/status").asText());
        assertTrue(databases.at("/details/gone/error").asText().contains("multi_never_created"), databases.toString());
    }

    /** Every tool of the registry on the second database: a result valid against its output schema, or a client-side code. */
    @TestFactory
    Stream<DynamicTest> everyToolRunsOnTheSecondDatabase() {
        Databases.execute(CRM, "CREATE TABLE IF NOT EXISTS scratch (id int PRIMARY KEY, name text)");
        tools.ok("db_get_schema", "{\"table\": \"scratch\", \"refresh_cache\": true, \"database\": \"crm\"}");
        ToolInvoker invoker = server.getBean(ToolInvoker.class);
        JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        return invoker.registry().all().stream().map(tool -> DynamicTest.dynamicTest(tool.name(), () -> {
            ObjectNode arguments = MinimalArguments.of(tool, "scratch").put("database", "crm");
            ToolOutcome outcome = invoker.invoke(tool.name(), arguments, CallContext.local("smoke", Transport.REST));
            if (outcome.success()) {
                assertEquals(Set.of(), schemas.getSchema(tool.outputSchema()).validate(outcome.result()),
                        () -> tool.name() + " " + outcome.result());
            } else {
                assertTrue(MinimalArguments.CLIENT_SIDE.contains(outcome.error().code()), () -> tool.name() + " "
                        + arguments + " ended with " + outcome.error().code() + ": " + outcome.error().getMessage());
                assertFalse(outcome.error().getMessage().contains("database"), () -> tool.name() + ": the argument"
                        + " reached validation: " + outcome.error().getMessage());
            }
        }));
    }

    @Test
    void aDatabaseThatComesUpLaterIsServedWithoutARestart() throws InterruptedException {
        TestDatabase.execute("DROP DATABASE IF EXISTS multi_late WITH (FORCE)");
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.database.load-demo", "false");
        properties.put("db-admin.databases", "main=" + Databases.jdbcUrl(SALES) + ",late=" + Databases.jdbcUrl("multi_late"));
        try (ApplicationContext context = ApplicationContext.run(properties, "test")) {
            Tools late = new Tools(context.getBean(ToolInvoker.class));
            late.fails(ErrorCode.DB_503_UNAVAILABLE, "db_list_tables", "{\"database\": \"late\"}");
            assertTrue(context.getBean(DatabaseRouter.class).startFailure("late").orElseThrow().contains("multi_late"));

            Databases.fresh("multi_late");
            Databases.execute("multi_late", "CREATE TABLE arrived (id int PRIMARY KEY)");
            // Tried again at most every five seconds: the first call after that finds it.
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            ToolOutcome listed = late.call("db_list_tables", "{\"database\": \"late\"}");
            while (!listed.success() && System.nanoTime() < deadline) {
                assertEquals(ErrorCode.DB_503_UNAVAILABLE, listed.error().code());
                Thread.sleep(500);
                listed = late.call("db_list_tables", "{\"database\": \"late\"}");
            }
            assertTrue(tableNames(listed.result()).contains("arrived"), String.valueOf(listed.result()));
            assertTrue(context.getBean(DatabaseRouter.class).startFailure("late").isEmpty());
        }
    }

    /** A replica URL belongs to one database: the one whose entry names it, and no other. */
    @Test
    void aReadReplicaServesOnlyTheDatabaseThatNamesIt() throws IOException {
        Path list = folder.resolve("with-replica.json");
        // A stand-in replica with other data (the sales database): whose rows come back shows where reads went.
        Files.writeString(list, """
                [{"name": "sales", "url": "%s"},
                 {"name": "crm", "url": "%s", "read_replica_url": "%s", "restricted_tables": []}]
                """.formatted(Databases.jdbcUrl(SALES), Databases.jdbcUrl(CRM), Databases.jdbcUrl(SALES)));
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.database.load-demo", "false");
        properties.put("db-admin.databases", list.toString());
        try (ApplicationContext context = ApplicationContext.run(properties, "test")) {
            Tools both = new Tools(context.getBean(ToolInvoker.class));
            ObjectNode crm = both.ok("db_query_records", "{\"table\": \"people\", \"database\": \"crm\"}");
            assertEquals("replica", crm.at("/served_by/server").asText(), crm.toString());
            assertEquals("alice", name(crm), "read from the replica crm's entry names");
            ObjectNode written = both.ok("db_insert_record", "{\"table\": \"people\", \"data\": {\"id\": 40,"
                    + " \"name\": \"erin\"}, \"database\": \"crm\"}");
            assertEquals("primary", written.at("/served_by/server").asText(), written.toString());
            assertEquals(1, Databases.number(CRM, "SELECT count(*) FROM people WHERE id = 40"));
            ObjectNode sales = both.ok("db_query_records", "{\"table\": \"people\"}");
            assertFalse(sales.has("served_by"), sales.toString());
        }
    }

    @Test
    void aMistakeInTheSettingStopsTheServerWithItsName() {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        properties.put("db-admin.databases", "Sales=" + Databases.jdbcUrl(SALES));
        RuntimeException e = assertThrows(RuntimeException.class, () -> ApplicationContext.run(properties, "test").close());
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        assertTrue(root.getMessage().startsWith("DB_ADMIN_DATABASES (db-admin.databases): 'Sales' is not a database name"),
                root.getMessage());
    }

    @Test
    void withoutTheSettingThereIsNoDatabaseArgument() {
        try (ServerContext single = ServerContext.on(Databases.fresh("multi_single"), Map.of())) {
            for (ToolDefinition tool : single.bean(ToolInvoker.class).registry().all()) {
                assertFalse(tool.inputSchema().path("properties").has("database"), tool.name());
            }
            single.tools().fails(ErrorCode.DB_400_VALIDATION, "db_list_tables", "{\"database\": \"sales\"}");
        }
    }

    private static List<String> tableNames(ObjectNode listed) {
        List<String> names = new ArrayList<>();
        listed.get("tables").forEach(table -> names.add(table.get("name").asText()));
        return names;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
