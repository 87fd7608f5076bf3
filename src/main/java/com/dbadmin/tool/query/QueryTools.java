package com.dbadmin.tool.query;

import com.dbadmin.call.Args;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.Limits;
import com.dbadmin.guard.TableAccess;
import com.dbadmin.sql.FilterCompiler;
import com.dbadmin.sql.RecordStatements;
import com.dbadmin.sql.RowWriter;
import com.dbadmin.sql.SqlBuilder;
import com.dbadmin.sql.catalog.TableInfo;
import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import static com.dbadmin.tool.JsonSchemas.*;

/** The query group: reading records. */
@Factory
class QueryTools {
    private final TableAccess tables;
    private final Limits limits;

    public QueryTools(TableAccess tables, Limits limits) {
        this.tables = tables;
        this.limits = limits;
    }

    @Singleton
    @Named("db_query_records")
    ToolDefinition queryRecords() {
        return ToolDefinition.builder("db_query_records")
                .title("Query records")
                .description("Read rows of a table or view: filter, columns, order, page.")
                .group(ToolGroup.QUERY, Scope.READ)
                .hints(ToolHints.READ_ONLY)
                .tableArgument("table")
                .input(CommonSchemas.recordsRequest(limits.defaultLimit(), limits.maxRows()))
                .output(CommonSchemas.output(result()
                        .field("table", type("string"))
                        .field("records", CommonSchemas.rows())
                        .fieldsOf(CommonSchemas.page())
                        .build()))
                .handler(this::queryRecords);
    }

    private ObjectNode queryRecords(ToolCall call) throws SQLException {
        Args args = call.args();
        TableInfo table = tables.readable(call, args.string("table"));
        int limit = args.optInt("limit", limits.defaultLimit());
        int offset = args.optInt("offset", 0);
        JsonNode where = args.get("where");

        SqlBuilder sql = new SqlBuilder();
        RecordStatements.selectPage(sql, table, args.get("columns"), where, args.get("order_by"), limit, offset);
        Connection connection = call.session().connection();
        ArrayNode records;
        try (PreparedStatement statement = sql.prepare(connection); ResultSet rs = statement.executeQuery()) {
            records = new RowWriter(rs.getMetaData()).readAll(rs);
        }
        boolean hasMore = records.size() > limit;
        if (hasMore) {
            records.remove(limit);
        }
        long total = hasMore || offset > 0 ? count(connection, table, where) : records.size();

        call.details().rowCount(records.size());
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("table", table.qualifiedName());
        result.set("records", records);
        result.put("count", records.size());
        result.put("total_count", total);
        result.put("limit", limit);
        result.put("offset", offset);
        result.put("has_more", hasMore);
        return result;
    }

    private static long count(Connection connection, TableInfo table, JsonNode where) throws SQLException {
        SqlBuilder sql = new SqlBuilder().append("SELECT count(*) FROM ").append(table.rowSource());
        FilterCompiler.appendWhere(sql, table, where);
        try (PreparedStatement statement = sql.prepare(connection); ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
