package com.dbadmin.tool.diagnostics;

import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.HiddenRelations;
import com.dbadmin.sql.health.HealthReport;
import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;

import static com.dbadmin.tool.JsonSchemas.*;

/**
 * db_health: a diagnosis of the database an operator would otherwise assemble from a dozen catalogue queries.
 * Part of the schema group (the schema Lambda function), scope db:read; it names no hidden relation and shows
 * no session's query text.
 */
@Factory
class HealthTools {
    static final int DEFAULT_SESSION_SECONDS = 60;

    private final HiddenRelations hidden;

    HealthTools(HiddenRelations hidden) {
        this.hidden = hidden;
    }

    @Singleton
    @Named("db_health")
    ToolDefinition health() {
        return ToolDefinition.builder("db_health")
                .title("Diagnose the database")
                .description("Diagnosis as findings with severity and advice: connections, long queries, locks, cache, vacuum,"
                        + " bloat, indexes, sequences, replication, size; top statements if pg_stat_statements is there.")
                .group(ToolGroup.SCHEMA, Scope.READ)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .optional("session_seconds", integer("Age of queries and idle transactions worth reporting (default "
                                + DEFAULT_SESSION_SECONDS + ")", 1, 86_400))
                        .withDefault("session_seconds", DEFAULT_SESSION_SECONDS)
                        .build())
                .output(CommonSchemas.output(result()
                        .field("database", type("string"))
                        .field("server_version", type("string"))
                        .field("checked_at", type("string"))
                        .field("status", enumOf(null, "ok", "info", "warning", "critical"))
                        .field("privileges", result()
                                .field("superuser", type("boolean"))
                                .field("pg_read_all_stats", type("boolean"))
                                .field("note", type("string"))
                                .build())
                        .field("findings", list(result()
                                .field("check", enumOf(null, HealthReport.CHECKS.toArray(String[]::new)))
                                .field("severity", enumOf(null, "ok", "info", "warning", "critical"))
                                .field("summary", type("string"))
                                .field("recommendation", type("string"))
                                .field("items", list(type("object")))
                                .build()))
                        .field("top_queries", result()
                                .field("available", type("boolean"))
                                .field("note", type("string"))
                                .field("queries", list(result()
                                        .field("calls", type("integer"))
                                        .field("total_time_ms", type("number"))
                                        .field("mean_time_ms", type("number"))
                                        .field("rows", type("integer"))
                                        .field("cache_hit_ratio", nullable("number"))
                                        .field("query", nullable("string"))
                                        .build()))
                                .build())
                        .build()))
                .handler(this::health);
    }

    private ObjectNode health(ToolCall call) throws SQLException {
        call.session().readOnly();
        Connection connection = call.session().connection();
        return HealthReport.run(connection, hidden.oids(), hidden.policy()::isSchemaVisible,
                call.args().optInt("session_seconds", DEFAULT_SESSION_SECONDS));
    }
}
