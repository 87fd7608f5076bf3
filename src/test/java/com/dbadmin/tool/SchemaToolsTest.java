package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Fixtures;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.support.Tools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.*;

/** Introspection of a schema rich in object kinds (fixture schemalab.sql) on real PostgreSQL. */
class SchemaToolsTest extends DatabaseTest {
    @Inject
    ToolInvoker invoker;
    @Inject
    CatalogCache catalog;
    Tools tools;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("db-admin.policy.restricted-tables", "users,auth_tokens,system_config,schemalab.secrets",
                "test.schema-changing-tool", "true");
    }

    @BeforeEach
    void setUp() {
        Fixtures.load("schemalab.sql");
        catalog.refresh();
        tools = new Tools(invoker);
    }

    private ObjectNode schema(String table) {
        return tools.ok("db_get_schema", "{\"table\":\"" + table + "\"}");
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (value.equals(element.path(field).asText(null))) {
                return element;
            }
        }
        fail("no element with " + field + "=" + value + " in " + array);
        return null;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(element -> values.add(field == null ? element.asText() : element.path(field).asText()));
        return values;
    }

    @Test
    void columnsCarryTypesDefaultsIdentityGenerationAndComments() {
        ObjectNode products = schema("schemalab.products");
        assertEquals("schemalab.products", products.get("table").asText());
        assertEquals("table", products.get("kind").asText());
        assertEquals("Things for sale", products.get("comment").asText());
        JsonNode columns = products.get("columns");
        assertEquals(List.of("id", "sku", "name", "state", "past_states", "price", "price_with_tax", "stock", "currency",
                "attributes", "category_id", "secret_id", "released_at", "deleted_at"), texts(columns, "name"));

        JsonNode id = find(columns, "name", "id");
        assertEquals("always", id.get("identity").asText());
        assertTrue(id.get("primary_key").asBoolean());
        assertFalse(id.get("nullable").asBoolean());
        JsonNode sku = find(columns, "name", "sku");
        assertEquals("character varying(80)", sku.get("type").asText());
        assertEquals("varchar", sku.get("udt_name").asText());
        assertEquals(80, sku.get("max_length").asInt());
        assertEquals("Stock keeping unit", sku.get("comment").asText());
        JsonNode state = find(columns, "name", "state");
        assertEquals("enum", state.get("type_kind").asText());
        assertEquals("schemalab", state.get("udt_schema").asText());
        assertEquals(List.of("draft", "active", "retired"), texts(state.get("enum_values"), null));
        assertEquals("'draft'::schemalab.product_state", state.get("default").asText());
        JsonNode pastStates = find(columns, "name", "past_states");
        assertTrue(pastStates.get("is_array").asBoolean());
        assertEquals(List.of("draft", "active", "retired"), texts(pastStates.get("enum_values"), null));
        JsonNode price = find(columns, "name", "price");
        assertEquals(10, price.get("numeric_precision").asInt());
        assertEquals(2, price.get("numeric_scale").asInt());
        JsonNode tax = find(columns, "name", "price_with_tax");
        assertEquals("stored", tax.get("generated").asText());
        assertEquals("(price * 1.2)", tax.get("generation_expression").asText());
        assertTrue(tax.get("default").isNull(), "a generation expression is not a default");
        JsonNode stock = find(columns, "name", "stock");
        assertEquals("domain", stock.get("type_kind").asText());
        assertEquals("schemalab.positive_int", stock.get("type").asText());
        assertEquals(3, find(columns, "name", "currency").get("max_length").asInt());
        assertEquals("timestamp(3) without time zone", find(columns, "name", "released_at").get("type").asText());
        assertEquals("by default", find(schema("schemalab.categories").get("columns"), "name", "id").get("identity").asText());

        JsonNode stats = products.get("statistics");
        assertEquals(500, stats.get("estimated_rows").asLong(), "ANALYZE ran in the fixture");
        assertTrue(stats.get("total_bytes").asLong() > stats.get("table_bytes").asLong());
        assertTrue(stats.get("index_bytes").asLong() > 0);
    }

    @Test
    void constraintsIndexesAndForeignKeysAreComplete() {
        ObjectNode products = schema("schemalab.products");
        assertEquals(List.of("id"), texts(products.get("primary_key").get("columns"), null));
        assertEquals(List.of("sku"), texts(find(products.get("unique_constraints"), "name", "products_sku_key").get("columns"), null));
        JsonNode checks = products.get("check_constraints");
        assertEquals("price >= 0::numeric", find(checks, "name", "products_price_check").get("expression").asText());
        JsonNode release = find(checks, "name", "products_release_needs_price");
        assertEquals(List.of("price", "released_at"), texts(release.get("columns"), null).stream().sorted().toList());
        assertTrue(release.get("expression").asText().contains("released_at IS NULL"));

        JsonNode category = find(products.get("foreign_keys"), "name", "products_category_id_fkey");
        assertEquals(List.of("category_id"), texts(category.get("columns"), null));
        assertEquals("schemalab.categories", category.get("referenced_table").asText());
        assertEquals(List.of("id"), texts(category.get("referenced_columns"), null));
        assertEquals("set null", category.get("on_delete").asText());
        assertEquals("no action", category.get("on_update").asText());

        JsonNode indexes = products.get("indexes");
        JsonNode partial = find(indexes, "name", "products_live_sku_idx");
        assertEquals("deleted_at IS NULL", partial.get("predicate").asText());
        assertEquals("btree", partial.get("method").asText());
        JsonNode expression = find(indexes, "name", "products_lower_name_idx");
        assertTrue(expression.get("unique").asBoolean());
        assertEquals("lower(name)", expression.get("keys").get(0).get("expression").asText());
        assertEquals(0, expression.get("columns").size());
        JsonNode covering = find(indexes, "name", "products_category_price_idx");
        assertEquals(List.of("category_id", "price"), texts(covering.get("columns"), null));
        assertEquals(List.of("name"), texts(covering.get("include"), null));
        assertTrue(covering.get("definition").asText().contains("price DESC"));
        assertEquals("hash", find(indexes, "name", "products_sku_hash_idx").get("method").asText());
        assertEquals("gin", find(indexes, "name", "products_attributes_idx").get("method").asText());
        JsonNode primary = find(indexes, "name", "products_pkey");
        assertTrue(primary.get("primary").asBoolean());
        assertEquals("products_pkey", primary.get("constraint").asText());

        ObjectNode grades = schema("schemalab.grades");
        JsonNode composite = find(grades.get("foreign_keys"), "name", "grades_enrolment_fkey");
        assertEquals(List.of("student_id", "course_code"), texts(composite.get("columns"), null));
        assertEquals("schemalab.enrolments", composite.get("referenced_table").asText());
        assertEquals(List.of("student_id", "course_code"), texts(composite.get("referenced_columns"), null));
        assertEquals("cascade", composite.get("on_delete").asText());
        assertEquals("cascade", composite.get("on_update").asText());
        assertTrue(composite.get("deferrable").asBoolean());
        assertTrue(composite.get("initially_deferred").asBoolean());
        assertEquals("grade >= 0::numeric AND grade <= 10::numeric",
                grades.get("check_constraints").get(0).get("expression").asText());

        ObjectNode enrolments = schema("schemalab.enrolments");
        assertEquals(List.of("student_id", "course_code"), texts(enrolments.get("primary_key").get("columns"), null));
        JsonNode incoming = find(enrolments.get("referenced_by"), "name", "grades_enrolment_fkey");
        assertEquals("schemalab.grades", incoming.get("from_table").asText());
        assertEquals("cascade", find(enrolments.get("foreign_keys"), "name", "enrolments_course_code_fkey").get("on_update").asText());

        JsonNode exclusion = schema("schemalab.bookings").get("exclusion_constraints").get(0);
        assertEquals("bookings_no_overlap", exclusion.get("name").asText());
        assertTrue(exclusion.get("definition").asText().contains("EXCLUDE USING gist"));

        JsonNode books = schema("public.books");
        assertEquals("books_set_updated_at", books.get("triggers").get(0).get("name").asText());
        assertEquals("status = 'published'::book_status",
                find(books.get("indexes"), "name", "books_published_on_idx").get("predicate").asText());
    }

    @Test
    void viewsAndMaterializedViewsAreMarkedAndDescribed() {
        ObjectNode listing = tools.ok("db_list_tables", "{\"pattern\":\"schemalab.%\",\"limit\":100}");
        JsonNode tables = listing.get("tables");
        assertEquals("view", find(tables, "name", "active_products").get("kind").asText());
        assertEquals("materialized_view", find(tables, "name", "category_counts").get("kind").asText());
        assertEquals("partitioned_table", find(tables, "name", "measurements").get("kind").asText());
        assertEquals("table", find(tables, "name", "products").get("kind").asText());
        assertEquals("Products on sale now", find(tables, "name", "active_products").get("comment").asText());
        assertFalse(texts(tables, "name").contains("measurements_2024"), "partitions are part of their table");

        ObjectNode view = schema("schemalab.active_products");
        assertEquals("view", view.get("kind").asText());
        assertTrue(view.get("view_definition").asText().contains("state = 'active'"), view.toString());
        assertTrue(view.get("statistics").get("estimated_rows").isNull());
        ObjectNode matview = schema("schemalab.category_counts");
        assertFalse(matview.get("populated").asBoolean(), "created WITH NO DATA");
        assertTrue(matview.get("view_definition").asText().contains("count(*)"));
    }

    @Test
    void listingPagesFiltersAndShowsSystemTablesOnRequest() {
        ObjectNode first = tools.ok("db_list_tables", "{\"pattern\":\"schemalab.*\",\"limit\":5}");
        assertEquals(5, first.get("count").asInt());
        assertTrue(first.get("has_more").asBoolean());
        int total = first.get("total_count").asInt();
        ObjectNode rest = tools.ok("db_list_tables", "{\"pattern\":\"schemalab.*\",\"limit\":100,\"offset\":5}");
        assertEquals(total - 5, rest.get("count").asInt());
        assertFalse(rest.get("has_more").asBoolean());
        List<String> names = new ArrayList<>(texts(first.get("tables"), "name"));
        names.addAll(texts(rest.get("tables"), "name"));
        assertEquals(names.stream().sorted().toList(), names, "sorted by schema and name");

        ObjectNode substring = tools.ok("db_list_tables", "{\"pattern\":\"PRODUCT\"}");
        assertEquals(List.of("active_products", "products"), texts(substring.get("tables"), "name"));
        ObjectNode wildcard = tools.ok("db_list_tables", "{\"pattern\":\"cycle_?\"}");
        assertEquals(0, wildcard.get("count").asInt(), "without %/* the pattern is a substring");
        ObjectNode glob = tools.ok("db_list_tables", "{\"pattern\":\"%cycle_?\"}");
        assertEquals(List.of("cycle_a", "cycle_b"), texts(glob.get("tables"), "name"));
        assertEquals(0, tools.ok("db_list_tables", "{\"pattern\":\"(.*)+\"}").get("count").asInt(), "no regex syntax");

        ObjectNode publicTables = tools.ok("db_list_tables", "{\"pattern\":\"public.%\"}");
        JsonNode books = find(publicTables.get("tables"), "name", "books");
        assertEquals("public.books", books.get("table").asText());
        assertTrue(books.get("estimated_rows").asLong() > 0 || books.get("estimated_rows").isNull());
        assertEquals(18, books.get("column_count").asInt());
        assertFalse(books.get("system").asBoolean());
        assertTrue(tools.ok("db_list_tables", "{\"pattern\":\"pg_class\"}").get("tables").isEmpty());
        ObjectNode system = tools.ok("db_list_tables", "{\"include_system_tables\":true,\"pattern\":\"pg_catalog.pg_class\"}");
        assertEquals(1, system.get("count").asInt());
        assertTrue(system.get("tables").get(0).get("system").asBoolean());
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_list_tables", "{\"limit\":0}");
    }

    @Test
    void restrictedTablesNeverAppearAnywhere() {
        Predicate<String> mentionsRestricted = text -> text.contains("secrets") || text.contains("public.users")
                || text.contains("\"users\"") || text.contains("auth_tokens") || text.contains("system_config")
                || text.contains("dbadmin.");
        ObjectNode all = tools.ok("db_list_tables", "{\"include_system_tables\":true,\"limit\":1000}");
        assertTrue(all.get("total_count").asInt() > 30);
        assertFalse(mentionsRestricted.test(all.toString()), "listing hides restricted tables");
        assertFalse(texts(all.get("tables"), "name").contains("users"));
        assertEquals(0, tools.ok("db_list_tables", "{\"pattern\":\"secret\"}").get("count").asInt());
        assertEquals(0, tools.ok("db_list_tables", "{\"pattern\":\"users\"}").get("count").asInt());

        ObjectNode products = schema("schemalab.products");
        assertFalse(mentionsRestricted.test(products.get("foreign_keys").toString() + products.get("referenced_by")),
                "keys to and from schemalab.secrets are left out: " + products);
        assertEquals(List.of("products_category_id_fkey"), texts(products.get("foreign_keys"), "name"));
        assertTrue(products.get("referenced_by").isEmpty());
        ObjectNode notes = schema("schemalab.audit_notes");
        assertTrue(notes.get("foreign_keys").isEmpty(), "the key to public.users is left out");
        // A view reading users reads restricted rows: hidden like users itself.
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_get_schema", "{\"table\":\"schemalab.user_names\"}");
        assertFalse(all.toString().contains("user_names"), "the view over users is not listed");
        ObjectNode notesColumns = tools.ok("db_list_table_columns", "{\"table\":\"schemalab.audit_notes\",\"include_metadata\":true}");
        assertTrue(find(notesColumns.get("columns"), "name", "user_id").get("references").isEmpty());

        for (String deep : List.of("schemalab.products", "schemalab.audit_notes", "schemalab.categories")) {
            ObjectNode relationships = tools.ok("db_get_relationships", "{\"table\":\"" + deep + "\",\"depth\":3}");
            assertFalse(mentionsRestricted.test(relationships.toString()), relationships.toString());
        }
        for (String tool : List.of("db_get_schema", "db_list_table_columns", "db_get_relationships")) {
            for (String table : List.of("users", "public.auth_tokens", "schemalab.secrets", "SchemaLab.Secrets")) {
                tools.fails(ErrorCode.DB_404_NOT_FOUND, tool, "{\"table\":\"" + table + "\"}");
            }
        }
    }

    @Test
    void relationshipsFollowKeysBothWaysToDepthWithoutCycles() {
        ObjectNode one = tools.ok("db_get_relationships", "{\"table\":\"schemalab.grades\"}");
        assertEquals(1, one.get("depth").asInt());
        assertEquals(List.of("schemalab.enrolments"), texts(one.get("parents"), "table"));
        JsonNode edge = one.get("parents").get(0);
        assertEquals(List.of("student_id", "course_code"), texts(edge.get("columns"), null));
        assertEquals("cascade", edge.get("on_delete").asText());
        assertTrue(one.get("children").isEmpty());

        ObjectNode two = tools.ok("db_get_relationships", "{\"table\":\"schemalab.grades\",\"depth\":2}");
        assertEquals(List.of("schemalab.enrolments", "schemalab.courses", "schemalab.students"),
                texts(two.get("parents"), "table"));
        JsonNode courses = find(two.get("parents"), "table", "schemalab.courses");
        assertEquals(2, courses.get("level").asInt());
        assertEquals("schemalab.enrolments", courses.get("via").asText());

        ObjectNode students = tools.ok("db_get_relationships", "{\"table\":\"schemalab.students\",\"depth\":3}");
        assertEquals(List.of("schemalab.enrolments", "schemalab.grades"), texts(students.get("children"), "table"));
        assertEquals(2, find(students.get("children"), "table", "schemalab.grades").get("level").asInt());

        ObjectNode categories = tools.ok("db_get_relationships", "{\"table\":\"schemalab.categories\",\"depth\":3}");
        assertEquals(List.of("categories_parent_id_fkey"), texts(categories.get("self_references"), "name"));
        assertEquals(List.of("schemalab.products"), texts(categories.get("children"), "table"),
                "the self-reference is not walked; views and restricted tables are not children");

        ObjectNode cycle = tools.ok("db_get_relationships", "{\"table\":\"schemalab.cycle_a\",\"depth\":3}");
        JsonNode parents = cycle.get("parents");
        assertEquals(2, parents.size(), "a -> b, then b -> a (already reached), and the walk ends: " + parents);
        assertEquals("schemalab.cycle_b", parents.get(0).get("table").asText());
        assertEquals("schemalab.cycle_a", parents.get(1).get("table").asText());
        assertTrue(parents.get(1).get("already_reached").asBoolean());
        assertEquals(2, cycle.get("children").size());

        tools.fails(ErrorCode.DB_400_VALIDATION, "db_get_relationships", "{\"table\":\"schemalab.grades\",\"depth\":4}");
        tools.fails(ErrorCode.DB_400_VALIDATION, "db_get_relationships", "{\"table\":\"schemalab.grades\",\"depth\":0}");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_get_relationships", "{\"table\":\"schemalab.nope\"}");
    }

    @Test
    void columnListsAreShortOrCompleteOnRequest() {
        ObjectNode basic = tools.ok("db_list_table_columns", "{\"table\":\"schemalab.enrolments\"}");
        assertEquals(3, basic.get("count").asInt());
        JsonNode student = find(basic.get("columns"), "name", "student_id");
        assertTrue(student.get("primary_key").asBoolean());
        assertEquals("integer", student.get("type").asText());
        assertFalse(student.has("comment"), "short form");
        assertEquals("CURRENT_DATE", find(basic.get("columns"), "name", "enrolled_on").get("default").asText());

        ObjectNode full = tools.ok("db_list_table_columns", "{\"table\":\"schemalab.products\",\"include_metadata\":true}");
        JsonNode sku = find(full.get("columns"), "name", "sku");
        assertTrue(sku.get("unique").asBoolean());
        assertTrue(sku.get("indexed").asBoolean());
        assertEquals("Stock keeping unit", sku.get("comment").asText());
        JsonNode category = find(full.get("columns"), "name", "category_id");
        assertEquals("schemalab.categories", category.get("references").get(0).get("table").asText());
        assertEquals("id", category.get("references").get(0).get("column").asText());
        assertTrue(category.get("indexed").asBoolean());
        assertFalse(find(full.get("columns"), "name", "name").get("indexed").asBoolean(), "only in an expression index");
    }

    @Test
    void resultsSayWhetherTheyCameFromTheCacheAndRefreshReloads() {
        ObjectNode first = schema("schemalab.students");
        assertFalse(first.get("from_cache").asBoolean(), "first request after a reload reads the database");
        ObjectNode second = schema("schemalab.students");
        assertTrue(second.get("from_cache").asBoolean());
        assertEquals(first.get("cached_at"), second.get("cached_at"));

        TestDatabase.execute("ALTER TABLE schemalab.students ADD COLUMN nickname text");
        ObjectNode stale = schema("schemalab.students");
        assertTrue(stale.get("from_cache").asBoolean());
        assertFalse(texts(stale.get("columns"), "name").contains("nickname"), "DDL outside the tools is not seen until refresh");
        ObjectNode refreshed = tools.ok("db_get_schema", "{\"table\":\"schemalab.students\",\"refresh_cache\":true}");
        assertFalse(refreshed.get("from_cache").asBoolean());
        assertTrue(texts(refreshed.get("columns"), "name").contains("nickname"));
        assertTrue(tools.ok("db_list_table_columns", "{\"table\":\"schemalab.students\"}").get("columns").toString().contains("nickname"),
                "the record tools' catalogue is the same cache");

        // A call failing on a stale catalogue (a column dropped behind the server's back) drops the cache.
        TestDatabase.execute("ALTER TABLE schemalab.students DROP COLUMN nickname");
        tools.fails(ErrorCode.DB_404_NOT_FOUND, "db_query_records", "{\"table\":\"schemalab.students\",\"columns\":[\"nickname\"]}");
        ObjectNode afterFailure = schema("schemalab.students");
        assertFalse(afterFailure.get("from_cache").asBoolean());
        assertFalse(texts(afterFailure.get("columns"), "name").contains("nickname"));

        ObjectNode listed = tools.ok("db_list_tables", "{\"pattern\":\"students\"}");
        assertTrue(listed.has("from_cache") && listed.has("cached_at"));
        assertTrue(tools.ok("db_list_tables", "{\"pattern\":\"students\"}").get("from_cache").asBoolean());
        assertTrue(tools.ok("db_get_relationships", "{\"table\":\"schemalab.students\"}").has("from_cache"));
    }

    @Test
    void ddlThroughAToolRefreshesTheCache() {
        assertTrue(schema("schemalab.courses").get("from_cache").isBoolean());
        assertTrue(schema("schemalab.courses").get("from_cache").asBoolean());
        tools.ok("test_add_text_column", "{\"table\":\"schemalab.courses\",\"column\":\"added_by_tool\"}");
        ObjectNode after = schema("schemalab.courses");
        assertFalse(after.get("from_cache").asBoolean(), "the tool declared a schema change");
        assertTrue(texts(after.get("columns"), "name").contains("added_by_tool"));
        tools.ok("db_insert_record", "{\"table\":\"schemalab.courses\",\"data\":{\"code\":\"c1\",\"title\":\"t\",\"added_by_tool\":\"x\"}}");
    }
}
