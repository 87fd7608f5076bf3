package com.dbadmin.tool.sql;

import com.dbadmin.call.Args;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.Limits;
import com.dbadmin.guard.TableAccess;
import com.dbadmin.sql.RecordStatements;
import com.dbadmin.sql.SqlBuilder;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.sql.plan.QueryPlan;
import com.dbadmin.sql.readonly.CallerParameters;
import com.dbadmin.sql.readonly.CallerSql;
import com.dbadmin.sql.readonly.CallerSqlErrors;
import com.dbadmin.sql.readonly.ReadOnlyQuery;
import com.dbadmin.sql.readonly.RoleSession;
import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.exceptions.DisabledBeanException;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static com.dbadmin.tool.JsonSchemas.*;

/**
 * Caller-written SQL: db_execute_sql runs one read-only statement as the SQL role, db_explain shows the plan of
 * such a statement or of a db_query_records request. PostgreSQL enforces what they may do (the role's privileges,
 * a READ ONLY transaction that is always rolled back, the statement timeout); the server adds a one-statement rule
 * and row and byte caps. Both belong to the query group (the query Lambda function) with the scope db:sql.
 */
@Factory
class SqlTools {
    static final int MAX_SQL_LENGTH = 100_000;
    static final int MAX_PARAMS = 1_000;
    /** A table created after the managed role's last grant sync answers this until the next sync. */
    private static final String PERMISSION_DENIED = "42501";

    private final SqlRole role;
    private final Limits limits;
    private final TableAccess tables;

    SqlTools(SqlRole role, Limits limits, TableAccess tables) {
        this.role = role;
        this.limits = limits;
        this.tables = tables;
    }

    @Singleton
    @Named("db_execute_sql")
    ToolDefinition executeSql() {
        if (!role.usable()) {
            throw new DisabledBeanException("db_execute_sql is off: " + role.unavailableReason());
        }
        return ToolDefinition.builder("db_execute_sql")
                .title("Run a read-only SQL query")
                .description("One read-only SQL statement (SELECT, WITH, VALUES, TABLE or SHOW), values bound as $1, $2 ... from"
                        + " params; rows as JSON, at most limit. PostgreSQL enforces read-only and policy.")
                .group(ToolGroup.QUERY, Scope.SQL)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .required("sql", sqlArgument())
                        .optional("params", paramsArgument())
                        .optional("limit", integer("Default " + limits.defaultLimit(), 1, limits.maxRows()))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("columns", list(result().field("name", type("string")).field("type", type("string")).build()))
                        .field("rows", CommonSchemas.rows())
                        .field("count", type("integer"))
                        .field("limit", type("integer"))
                        .field("has_more", type("boolean"))
                        .build()))
                .handler(this::execute);
    }

    @Singleton
    @Named("db_explain")
    ToolDefinition explain() {
        return ToolDefinition.builder("db_explain")
                .title("Explain a query plan")
                .description("EXPLAIN (FORMAT JSON) of sql, or of a db_query_records request (query), with a short summary;"
                        + " analyze runs it, rolled back.")
                .group(ToolGroup.QUERY, Scope.SQL)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .optional("sql", sqlArgument())
                        .optional("params", paramsArgument())
                        .optional("query", CommonSchemas.recordsRequest(limits.defaultLimit(), limits.maxRows()))
                        .optional("analyze", bool(null))
                        .withDefault("analyze", false)
                        .build())
                .output(CommonSchemas.output(result()
                        .field("source", enumOf(null, "sql", "query"))
                        .maybe("table", type("string"))
                        .field("plan", list(type("object")))
                        .field("summary", planSummarySchema())
                        .build()))
                .handler(this::explainPlan);
    }

    private ObjectNode execute(ToolCall call) throws SQLException {
        Args args = call.args();
        int limit = args.optInt("limit", limits.defaultLimit());
        ReadOnlyQuery.Result result;
        long started = System.nanoTime();
        try {
            result = query(call, limit);
        } catch (SQLException e) {
            if (!PERMISSION_DENIED.equals(e.getSQLState()) || !role.refreshAfterDenial(started)) {
                throw CallerSqlErrors.translate(e);
            }
            try {
                result = query(call, limit);
            } catch (SQLException again) {
                throw CallerSqlErrors.translate(again);
            }
        }
        call.details().rowCount(result.rows().size());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set("columns", result.columns());
        body.set("rows", result.rows());
        body.put("count", result.rows().size());
        body.put("limit", limit);
        body.put("has_more", result.hasMore());
        return body;
    }

    private ReadOnlyQuery.Result query(ToolCall call, int limit) throws SQLException {
        try (RoleSession session = role.open(limits.statementTimeout())) {
            call.details().servedBy(session.servedBy());
            return ReadOnlyQuery.run(session.connection(), call.args().string("sql"), call.args().get("params"), limit);
        }
    }

    private ObjectNode explainPlan(ToolCall call) throws SQLException {
        Args args = call.args();
        boolean analyze = args.optBoolean("analyze", false);
        if (args.has("sql") == args.has("query")) {
            throw ToolException.validation("Pass either 'sql' (a statement) or 'query' (a db_query_records request),"
                    + " not both and not neither.");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        if (args.has("sql")) {
            body.put("source", "sql");
            try (RoleSession session = role.open(limits.statementTimeout())) {
                call.details().servedBy(session.servedBy());
                Connection connection = session.connection();
                CallerSql sql = CallerSql.parse(args.string("sql"), ReadOnlyQuery.standardConformingStrings(connection),
                        CallerSql.PLANNABLE_KEYWORDS);
                try (PreparedStatement statement = connection.prepareStatement(QueryPlan.explainPrefix(analyze)
                        + sql.jdbcSql())) {
                    CallerParameters.bind(statement, sql, args.get("params"));
                    QueryPlan plan = QueryPlan.read(statement, analyze);
                    return withPlan(body, plan, plan.summary(connection));
                }
            } catch (SQLException e) {
                throw CallerSqlErrors.translate(e);
            }
        }
        if (args.has("params")) {
            throw ToolException.validation("'params' binds $n placeholders of 'sql'; a 'query' takes its values in 'where'.");
        }
        Args query = new Args(args.optObject("query"));
        TableInfo table = tables.readable(call, query.string("table"));
        int limit = query.optInt("limit", limits.defaultLimit());
        SqlBuilder sql = new SqlBuilder().append(QueryPlan.explainPrefix(analyze));
        RecordStatements.selectPage(sql, table, query.get("columns"), query.get("where"), query.get("order_by"), limit,
                query.optInt("offset", 0));
        call.session().readOnly();
        Connection connection = call.session().connection();
        try (PreparedStatement statement = sql.prepare(connection)) {
            QueryPlan plan = QueryPlan.read(statement, analyze);
            body.put("source", "query");
            body.put("table", table.qualifiedName());
            return withPlan(body, plan, plan.summary(connection));
        }
    }

    private static ObjectNode withPlan(ObjectNode body, QueryPlan plan, ObjectNode summary) {
        body.set("plan", plan.plan());
        body.set("summary", summary);
        return body;
    }

    private static ObjectNode sqlArgument() {
        ObjectNode sql = string(null);
        sql.put("minLength", 1);
        sql.put("maxLength", MAX_SQL_LENGTH);
        return sql;
    }

    private static ObjectNode paramsArgument() {
        ObjectNode params = arrayOf("Values of $1, $2 ...", any(null));
        params.put("maxItems", MAX_PARAMS);
        return params;
    }

    private static ObjectNode planSummarySchema() {
        ObjectNode node = result()
                .field("node_type", type("string"))
                .field("relation", nullable("string"))
                .maybe("self_cost", type("number"))
                .maybe("self_time_ms", type("number"))
                .field("share", type("number"))
                .build();
        ObjectNode nullableNode = JsonNodeFactory.instance.objectNode();
        nullableNode.putArray("anyOf").add(type("null")).add(node);
        return result()
                .field("analyzed", type("boolean"))
                .field("total_cost", type("number"))
                .field("estimated_rows", type("integer"))
                .field("planning_time_ms", nullable("number"))
                .field("execution_time_ms", nullable("number"))
                .field("most_expensive_node", nullableNode)
                .field("row_estimate_errors", list(result()
                        .field("node_type", type("string"))
                        .field("relation", nullable("string"))
                        .field("estimated_rows", type("integer"))
                        .field("actual_rows", type("integer"))
                        .field("factor", type("number"))
                        .build()))
                .field("seq_scans_on_large_tables", list(result()
                        .field("relation", type("string"))
                        .field("table_rows", type("integer"))
                        .field("filter", nullable("string"))
                        .build()))
                .field("text", type("string"))
                .build();
    }
}
