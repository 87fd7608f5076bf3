package com.dbadmin.tool.schema;

import com.dbadmin.call.Args;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.Limits;
import com.dbadmin.guard.TableAccess;
import com.dbadmin.guard.TablePolicy;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.sql.catalog.ColumnInfo;
import com.dbadmin.sql.catalog.ForeignKeyInfo;
import com.dbadmin.sql.catalog.RelationSummary;
import com.dbadmin.sql.catalog.RelationshipGraph;
import com.dbadmin.sql.catalog.SchemaInspector;
import com.dbadmin.sql.catalog.TableDetails;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static com.dbadmin.tool.JsonSchemas.*;

/**
 * The schema group: introspection of tables, views, columns, keys, indexes and relationships. Answers
 * come from the catalogue cache shared with the record tools (TTL db-admin.catalog.ttl); each says
 * whether it reused cached data ({@code from_cache}) and when that was read ({@code cached_at}).
 * Tables hidden by policy never appear, not even as the far end of a foreign key.
 */
@Factory
class SchemaTools {
    private static final int MAX_DEPTH = 3;

    private final TableAccess tables;
    private final CatalogCache catalog;
    private final Limits limits;
    private final TablePolicy policy;
    private final SchemaJson json;

    public SchemaTools(TableAccess tables, CatalogCache catalog, TablePolicy policy, Limits limits) {
        this.tables = tables;
        this.catalog = catalog;
        this.policy = policy;
        this.limits = limits;
        this.json = new SchemaJson(policy::isVisible);
    }

    @Singleton
    @Named("db_get_schema")
    ToolDefinition getSchema() {
        return ToolDefinition.builder("db_get_schema")
                .title("Describe a table")
                .description("Structure of a table or view: columns, keys, constraints, foreign keys both ways,"
                        + " indexes, triggers, size, view definition.")
                .group(ToolGroup.SCHEMA, Scope.READ)
                .hints(ToolHints.READ_ONLY)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .optional("refresh_cache", bool("Re-read the catalogue first"))
                        .withDefault("refresh_cache", false)
                        .build())
                .output(CommonSchemas.output(OutputSchemas.table()))
                .handler(this::describe);
    }

    @Singleton
    @Named("db_list_tables")
    ToolDefinition listTables() {
        return ToolDefinition.builder("db_list_tables")
                .title("List tables")
                .description("Tables, views and materialized views with kind, estimated rows, size and comment.")
                .group(ToolGroup.SCHEMA, Scope.READ)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .optional("include_system_tables", bool("Also pg_catalog and information_schema"))
                        .optional("pattern", CommonSchemas.table().put("description", "Case-insensitive name filter:"
                                + " a substring, or a pattern with % * (any) and _ ? (one character)"))
                        .optional("limit", integer("Default " + limits.defaultLimit(), 1, limits.maxRows()))
                        .optional("offset", CommonSchemas.offset(null))
                        .build())
                .output(CommonSchemas.output(OutputSchemas.tableList()))
                .handler(this::list);
    }

    @Singleton
    @Named("db_get_relationships")
    ToolDefinition getRelationships() {
        return ToolDefinition.builder("db_get_relationships")
                .title("Table relationships")
                .description("Foreign-key parents and children of a table, followed depth levels; each table is"
                        + " expanded once (already_reached marks the way back).")
                .group(ToolGroup.SCHEMA, Scope.READ)
                .hints(ToolHints.READ_ONLY)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .optional("depth", integer(null, 1, MAX_DEPTH))
                        .withDefault("depth", 1)
                        .build())
                .output(CommonSchemas.output(OutputSchemas.relationships()))
                .handler(this::relationships);
    }

    @Singleton
    @Named("db_list_table_columns")
    ToolDefinition listTableColumns() {
        return ToolDefinition.builder("db_list_table_columns")
                .title("List columns")
                .description("Columns of a table or view: name, type, nullable, default, primary key;"
                        + " include_metadata adds type details, comments, and unique/indexed/references.")
                .group(ToolGroup.SCHEMA, Scope.READ)
                .hints(ToolHints.READ_ONLY)
                .tableArgument("table")
                .input(object()
                        .required("table", CommonSchemas.table())
                        .optional("include_metadata", bool(null))
                        .withDefault("include_metadata", false)
                        .build())
                .output(CommonSchemas.output(OutputSchemas.columnList()))
                .handler(this::columns);
    }

    private ObjectNode describe(ToolCall call) throws SQLException {
        if (call.args().optBoolean("refresh_cache", false)) {
            catalog.refresh();
        }
        TableInfo table = tables.readable(call, call.args().string("table"));
        CatalogCache.Cached<TableDetails> details = details(call, table);
        ObjectNode result = json.table(details.value());
        SchemaJson.cacheInfo(result, details.fromCache(), details.loadedAt());
        return result;
    }

    private ObjectNode list(ToolCall call) throws SQLException {
        Args args = call.args();
        boolean system = args.optBoolean("include_system_tables", false);
        NamePattern pattern = NamePattern.parse(args.optString("pattern", null));
        int limit = args.optInt("limit", limits.defaultLimit());
        int offset = args.optInt("offset", 0);
        Connection connection = call.session().connection();
        CatalogCache.Snapshot snapshot = catalog.current();

        CatalogCache.Cached<List<RelationSummary>> user = snapshot.memo("relations",
                () -> SchemaInspector.relations(connection, false));
        List<RelationSummary> all = new ArrayList<>(user.value());
        boolean fromCache = user.fromCache();
        Instant cachedAt = user.loadedAt();
        if (system) {
            CatalogCache.Cached<List<RelationSummary>> systemRelations = snapshot.memo("relations:system",
                    () -> SchemaInspector.relations(connection, true));
            all.addAll(systemRelations.value());
            fromCache &= systemRelations.fromCache();
            cachedAt = cachedAt.isBefore(systemRelations.loadedAt()) ? cachedAt : systemRelations.loadedAt();
        }
        List<RelationSummary> matching = all.stream()
                .filter(relation -> policy.isVisible(relation.schema(), relation.name()))
                .filter(relation -> pattern == null || pattern.matches(relation.name())
                        || pattern.matches(relation.qualifiedName()))
                .sorted(Comparator.comparing(RelationSummary::system).thenComparing(RelationSummary::schema)
                        .thenComparing(RelationSummary::name))
                .toList();

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode page = result.putArray("tables");
        matching.stream().skip(offset).limit(limit).forEach(relation -> page.add(json.relation(relation)));
        result.put("count", page.size());
        result.put("total_count", matching.size());
        result.put("limit", limit);
        result.put("offset", offset);
        result.put("has_more", offset + page.size() < matching.size());
        SchemaJson.cacheInfo(result, fromCache, cachedAt);
        call.details().rowCount(page.size());
        return result;
    }

    private ObjectNode relationships(ToolCall call) throws SQLException {
        TableInfo table = tables.readable(call, call.args().string("table"));
        int depth = call.args().optInt("depth", 1);
        Connection connection = call.session().connection();
        CatalogCache.Cached<List<ForeignKeyInfo>> keys = catalog.current().memo("foreign_keys",
                () -> SchemaInspector.foreignKeys(connection));
        List<ForeignKeyInfo> shown = keys.value().stream().filter(json::shows).toList();
        RelationshipGraph.Walk walk = new RelationshipGraph(shown).walk(table.qualifiedName(), depth);

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        result.put("depth", depth);
        ArrayNode parents = result.putArray("parents");
        walk.parents().forEach(step -> parents.add(json.step(step, true)));
        ArrayNode children = result.putArray("children");
        walk.children().forEach(step -> children.add(json.step(step, false)));
        ArrayNode self = result.putArray("self_references");
        walk.selfReferences().forEach(fk -> self.add(json.foreignKey(fk, true)));
        SchemaJson.cacheInfo(result, keys.fromCache(), keys.loadedAt());
        return result;
    }

    private ObjectNode columns(ToolCall call) throws SQLException {
        TableInfo table = tables.readable(call, call.args().string("table"));
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        ArrayNode columns = result.putArray("columns");
        if (call.args().optBoolean("include_metadata", false)) {
            CatalogCache.Cached<TableDetails> details = details(call, table);
            details.value().columns().forEach(column -> columns.add(json.columnWithRoles(column, details.value())));
            SchemaJson.cacheInfo(result, details.fromCache(), details.loadedAt());
        } else {
            for (ColumnInfo column : table.columns()) {
                columns.add(SchemaJson.basicColumn(column, table));
            }
            Instant loadedAt = catalog.current().loadedAt();
            SchemaJson.cacheInfo(result, loadedAt.isBefore(call.startedAt()), loadedAt);
        }
        result.put("count", columns.size());
        return result;
    }

    private CatalogCache.Cached<TableDetails> details(ToolCall call, TableInfo table) throws SQLException {
        Connection connection = call.session().connection();
        return catalog.current().memo("details:" + table.oid(), () -> SchemaInspector.details(connection, table));
    }
}
