package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

/**
 * db_list_schemas and db_search_objects on real PostgreSQL: every kind of object is found by a LIKE pattern
 * PostgreSQL evaluates, kind and schema filters narrow it, and nothing hidden appears: not the restricted
 * tables, not their indexes, triggers or sequences, not the views and parents that read them, not the server's
 * own schema.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CatalogSearchToolsTest {
    private static final String DATABASE = "catalog_search";
    private static final Set<String> HIDDEN_NAMES = Set.of("users", "auth_tokens", "system_config", "user_emails",
            "secret_child", "kin_parent", "users_pkey", "users_username_key", "users_id_seq", "auth_tokens_pkey",
            "auth_tokens_user_id_idx", "auth_tokens_id_seq", "system_config_pkey", "users_audit", "audit_log");
    private ServerContext server;
    private Tools tools;

    @BeforeAll
    void start() {
        Databases.fresh(DATABASE);
        ServerContext.on(DATABASE, Map.of("db-admin.database.load-demo", "true")).close();
        Databases.execute(DATABASE, """
                CREATE SCHEMA archive;
                CREATE TABLE archive.old_books (id int PRIMARY KEY, title text);
                COMMENT ON TABLE archive.old_books IS 'books before 2000';
                CREATE MATERIALIZED VIEW book_totals AS SELECT author_id, count(*) AS n FROM books GROUP BY author_id;
                CREATE VIEW user_emails AS SELECT username, email FROM users;
                CREATE TABLE kin_parent (id int);
                CREATE TABLE secret_child (secret text) INHERITS (kin_parent);
                CREATE FUNCTION book_count(author bigint) RETURNS bigint LANGUAGE sql
                    AS 'SELECT count(*) FROM books WHERE author_id = author';
                CREATE PROCEDURE touch_books() LANGUAGE sql AS 'SELECT 1';
                CREATE DOMAIN isbn13 AS text CHECK (length(VALUE) = 13);
                CREATE FUNCTION stamp() RETURNS trigger LANGUAGE plpgsql AS 'BEGIN RETURN NEW; END';
                CREATE TRIGGER books_stamp BEFORE UPDATE ON books FOR EACH ROW EXECUTE FUNCTION stamp();
                CREATE TRIGGER users_audit AFTER UPDATE ON users FOR EACH ROW EXECUTE FUNCTION stamp();
                CREATE EXTENSION IF NOT EXISTS dblink;
                """);
        server = ServerContext.on(DATABASE, Map.of("db-admin.policy.restricted-tables",
                "users,auth_tokens,system_config,secret_child"));
        tools = server.tools();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void everyKindIsFound() {
        Map<String, String> expected = Map.ofEntries(Map.entry("table", "public.books"),
                Map.entry("view", "public.published_books"), Map.entry("materialized_view", "public.book_totals"),
                Map.entry("sequence", "public.books_id_seq"), Map.entry("index", "public.books_pkey"),
                Map.entry("function", "public.book_count"), Map.entry("procedure", "public.touch_books"),
                Map.entry("type", "public.book_status"), Map.entry("extension", "public.dblink"),
                Map.entry("trigger", "public.books_stamp"));
        List<JsonNode> all = all("{}");
        for (Map.Entry<String, String> kind : expected.entrySet()) {
            assertTrue(all.stream().anyMatch(o -> o.get("kind").asText().equals(kind.getKey())
                            && (o.get("schema").asText() + "." + o.get("name").asText()).equals(kind.getValue())),
                    kind + " not found");
        }
        JsonNode index = find(all, "index", "books_pkey");
        assertEquals("public.books", index.get("table").asText());
        assertEquals("btree", index.get("detail").asText());
        assertEquals("public.books", find(all, "sequence", "books_id_seq").get("table").asText());
        assertEquals("book_count(author bigint)", find(all, "function", "book_count").get("detail").asText());
        assertEquals("before row", find(all, "trigger", "books_stamp").get("detail").asText());
        assertEquals("enum", find(all, "type", "book_status").get("detail").asText());
        assertEquals("domain", find(all, "type", "isbn13").get("detail").asText());
        assertEquals("books before 2000", find(all, "table", "old_books").get("comment").asText());
    }

    @Test
    void nothingHiddenAppears() {
        List<JsonNode> all = all("{\"include_system\": true}");
        assertTrue(all.size() > 1000, "system objects are included: " + all.size());
        for (JsonNode object : all) {
            assertFalse(HIDDEN_NAMES.contains(object.get("name").asText()), object.toString());
            assertNotEquals("dbadmin", object.get("schema").asText(), object.toString());
            String table = object.path("table").asText("");
            assertFalse(Set.of("public.users", "public.auth_tokens", "public.system_config", "public.secret_child",
                    "public.kin_parent").contains(table), object.toString());
        }
        for (String name : HIDDEN_NAMES) {
            assertEquals(0, tools.ok("db_search_objects", "{\"pattern\": \"" + name + "\", \"case_sensitive\": true}")
                    .get("objects").findValues("name").stream().filter(n -> n.asText().equals(name)).count(), name);
        }
        JsonNode schemas = tools.ok("db_list_schemas", "{\"include_system\": true}").get("schemas");
        assertFalse(schemas.findValues("name").stream().anyMatch(n -> n.asText().equals("dbadmin")));
    }

    @Test
    void patternsAreLikePatternsThatPostgresqlEvaluates() {
        assertEquals(Set.of("books", "book_totals", "book_status", "book_count"), Set.copyOf(names(
                "{\"pattern\": \"book%\", \"kinds\": [\"table\", \"materialized_view\", \"type\", \"function\"],"
                        + " \"schema\": \"public\"}")));
        assertTrue(names("{\"pattern\": \"books%\", \"kinds\": [\"index\"]}").containsAll(List.of("books_pkey",
                "books_isbn_key")));
        assertTrue(names("{\"pattern\": \"BOOK%\", \"case_sensitive\": true}").isEmpty());
        assertTrue(names("{\"pattern\": \"BOOK%\"}").contains("books"));
        assertEquals(Set.of("books"), Set.copyOf(names("{\"pattern\": \"b_oks\", \"kinds\": [\"table\"]}")));
        assertEquals(Set.of("published_books"), Set.copyOf(names("{\"pattern\": \"ublish\", \"kinds\": [\"view\"]}")));
        assertTrue(names("{\"pattern\": \"%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%%!\"}").isEmpty());
        // A pattern PostgreSQL rejects (ends with the escape character) is the caller's mistake.
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_search_objects", "{\"pattern\": \"book%\\\\\"}");
    }

    @Test
    void kindAndSchemaFiltersAndPaging() {
        assertEquals(List.of("old_books"), names("{\"schema\": \"archive\", \"kinds\": [\"table\"]}"));
        assertEquals(Set.of("old_books_pkey"), Set.copyOf(names("{\"schema\": \"archive\", \"kinds\": [\"index\"]}")));
        assertTrue(names("{\"schema\": \"dbadmin\"}").isEmpty());
        ObjectNode page = tools.ok("db_search_objects", "{\"kinds\": [\"table\"], \"limit\": 2, \"offset\": 1}");
        assertEquals(2, page.get("count").asInt());
        assertTrue(page.get("has_more").asBoolean());
        assertEquals(names("{\"kinds\": [\"table\"]}").subList(1, 3), page.get("objects").findValuesAsText("name"));
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_search_objects", "{\"kinds\": [\"rule\"]}");
    }

    @Test
    void schemasCountOnlyWhatIsVisible() {
        JsonNode schemas = tools.ok("db_list_schemas", "{}").get("schemas");
        JsonNode publicSchema = byName(schemas, "public");
        // Hidden: users, auth_tokens, system_config, secret_child and its parent kin_parent.
        assertEquals(Databases.number(DATABASE, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") - 5,
                publicSchema.get("tables").asLong());
        assertEquals(1, publicSchema.get("views").asLong(), "published_books; user_emails is hidden");
        assertEquals(1, publicSchema.get("materialized_views").asLong());
        assertTrue(publicSchema.get("size_bytes").asLong() > 0);
        assertEquals(1, byName(schemas, "archive").get("tables").asLong());
        assertNull(byName(schemas, "pg_catalog"));
        assertNotNull(byName(tools.ok("db_list_schemas", "{\"include_system\": true}").get("schemas"), "pg_catalog"));
        try (ServerContext allowList = ServerContext.on(DATABASE, Map.of("db-admin.policy.allowed-schemas", "archive"))) {
            JsonNode only = allowList.tools().ok("db_list_schemas", "{\"include_system\": true}").get("schemas");
            assertEquals(List.of("archive"), only.findValuesAsText("name"));
            assertEquals(Set.of("archive"), new HashSet<>(allowList.tools().ok("db_search_objects", "{\"limit\": 1000}")
                    .get("objects").findValuesAsText("schema")));
        }
    }

    private List<JsonNode> all(String arguments) {
        List<JsonNode> all = new ArrayList<>();
        for (int offset = 0; ; offset += 1000) {
            ObjectNode args = (ObjectNode) Tools.json(arguments);
            args.put("limit", 1000).put("offset", offset);
            ObjectNode page = tools.ok("db_search_objects", args.toString());
            page.get("objects").forEach(all::add);
            if (!page.get("has_more").asBoolean()) {
                return all;
            }
        }
    }

    private List<String> names(String arguments) {
        ObjectNode args = (ObjectNode) Tools.json(arguments);
        args.put("limit", 1000);
        return tools.ok("db_search_objects", args.toString()).get("objects").findValuesAsText("name");
    }

    private static JsonNode find(List<JsonNode> objects, String kind, String name) {
        return objects.stream().filter(o -> o.get("kind").asText().equals(kind) && o.get("name").asText().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError(kind + " " + name + " not found"));
    }

    private static JsonNode byName(JsonNode schemas, String name) {
        for (JsonNode schema : schemas) {
            if (schema.get("name").asText().equals(name)) {
                return schema;
            }
        }
        return null;
    }
}
