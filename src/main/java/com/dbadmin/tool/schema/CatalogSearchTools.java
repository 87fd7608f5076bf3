package com.dbadmin.tool.schema;

import com.dbadmin.call.Args;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.HiddenRelations;
import com.dbadmin.guard.Limits;
import com.dbadmin.guard.TablePolicy;
import com.dbadmin.sql.catalog.CatalogObjects;
import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.dbadmin.tool.JsonSchemas.*;

/**
 * The schema group's catalogue-wide tools: the schemas, and a search over every kind of object. Objects of
 * the server's schema, of schemas outside the allow-list, and relations the policy hides (with their indexes,
 * triggers and owned sequences, and the views and parents that read them) never appear.
 */
@Factory
class CatalogSearchTools {
    private final HiddenRelations hidden;
    private final TablePolicy policy;
    private final Limits limits;

    CatalogSearchTools(HiddenRelations hidden, Limits limits) {
        this.hidden = hidden;
        this.policy = hidden.policy();
        this.limits = limits;
    }

    @Singleton
    @Named("db_list_schemas")
    ToolDefinition listSchemas() {
        return ToolDefinition.builder("db_list_schemas")
                .title("List schemas")
                .description("Schemas with owner, comment, counts of tables, views, sequences and functions, and size.")
                .group(ToolGroup.SCHEMA, Scope.READ)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .optional("include_system", bool(null))
                        .withDefault("include_system", false)
                        .build())
                .output(CommonSchemas.output(result()
                        .field("schemas", list(result()
                                .field("name", type("string"))
                                .field("owner", type("string"))
                                .field("comment", nullable("string"))
                                .field("system", type("boolean"))
                                .field("tables", type("integer"))
                                .field("views", type("integer"))
                                .field("materialized_views", type("integer"))
                                .field("sequences", type("integer"))
                                .field("functions", type("integer"))
                                .field("size_bytes", type("integer"))
                                .build()))
                        .field("count", type("integer"))
                        .build()))
                .handler(this::schemas);
    }

    @Singleton
    @Named("db_search_objects")
    ToolDefinition searchObjects() {
        ObjectNode kinds = arrayOf("Default: all", enumOf(null,
                CatalogObjects.KINDS.toArray(String[]::new)));
        kinds.put("uniqueItems", true);
        ObjectNode pattern = string("LIKE pattern (ILIKE unless case_sensitive); without % or _ a substring");
        pattern.put("maxLength", 200);
        ObjectNode schema = string("Exact schema name");
        schema.put("maxLength", 200);
        return ToolDefinition.builder("db_search_objects")
                .title("Search database objects")
                .description("Find tables, views, sequences, indexes, functions, procedures, types, extensions and triggers by"
                        + " name pattern, kind and schema.")
                .group(ToolGroup.SCHEMA, Scope.READ)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .optional("pattern", pattern)
                        .optional("kinds", kinds)
                        .optional("schema", schema)
                        .optional("case_sensitive", bool(null))
                        .optional("include_system", bool(null))
                        .optional("limit", integer("Default " + limits.defaultLimit(), 1, limits.maxRows()))
                        .optional("offset", CommonSchemas.offset(null))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("objects", list(result()
                                .field("kind", enumOf(null, CatalogObjects.KINDS.toArray(String[]::new)))
                                .field("schema", type("string"))
                                .field("name", type("string"))
                                .field("table", nullable("string"))
                                .field("detail", nullable("string"))
                                .field("comment", nullable("string"))
                                .build()))
                        .fieldsOf(CommonSchemas.page())
                        .build()))
                .handler(this::search);
    }

    private ObjectNode schemas(ToolCall call) throws SQLException {
        boolean system = call.args().optBoolean("include_system", false);
        Connection connection = call.session().connection();
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode schemas = result.putArray("schemas");
        for (CatalogObjects.SchemaSummary schema : CatalogObjects.schemas(connection, hidden.oids())) {
            if ((schema.system() && !system) || !policy.isSchemaVisible(schema.name())) {
                continue;
            }
            ObjectNode item = schemas.addObject();
            item.put("name", schema.name());
            item.put("owner", schema.owner());
            item.put("comment", schema.comment());
            item.put("system", schema.system());
            item.put("tables", schema.tables());
            item.put("views", schema.views());
            item.put("materialized_views", schema.materializedViews());
            item.put("sequences", schema.sequences());
            item.put("functions", schema.functions());
            item.put("size_bytes", schema.sizeBytes());
        }
        result.put("count", schemas.size());
        call.details().rowCount(schemas.size());
        return result;
    }

    private ObjectNode search(ToolCall call) throws SQLException {
        Args args = call.args();
        int limit = args.optInt("limit", limits.defaultLimit());
        int offset = args.optInt("offset", 0);
        List<String> kinds = new ArrayList<>();
        JsonNode requested = args.get("kinds");
        if (requested == null || requested.isEmpty()) {
            kinds.addAll(CatalogObjects.KINDS);
        } else {
            requested.forEach(kind -> kinds.add(kind.asText()));
        }
        Connection connection = call.session().connection();
        Set<Long> hiddenOids = hidden.oids();
        List<CatalogObjects.Found> visible = CatalogObjects.search(connection, kinds,
                        CatalogObjects.likePattern(args.optString("pattern", null)),
                        args.optBoolean("case_sensitive", false), args.optString("schema", null),
                        args.optBoolean("include_system", false)).stream()
                .filter(found -> policy.isSchemaVisible(found.schema()))
                .filter(found -> found.guard() == 0 || !hiddenOids.contains(found.guard()))
                .toList();

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode page = result.putArray("objects");
        visible.stream().skip(offset).limit(limit).forEach(found -> {
            ObjectNode item = page.addObject();
            item.put("kind", found.kind());
            item.put("schema", found.schema());
            item.put("name", found.name());
            item.put("table", found.table());
            item.put("detail", found.detail());
            item.put("comment", found.comment());
        });
        result.put("count", page.size());
        result.put("total_count", visible.size());
        result.put("limit", limit);
        result.put("offset", offset);
        result.put("has_more", offset + page.size() < visible.size());
        call.details().rowCount(page.size());
        return result;
    }
}
