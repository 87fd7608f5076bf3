package com.dbadmin.support;

import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.TableAccess;
import com.dbadmin.sql.catalog.Identifiers;
import com.dbadmin.sql.catalog.TableInfo;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.sql.Statement;

import static com.dbadmin.tool.JsonSchemas.object;
import static com.dbadmin.tool.JsonSchemas.string;

/**
 * A tool that runs DDL the way a restore or import will: through the invoker, declaring
 * {@code schemaChanged}. Only in test contexts that enable {@code test.schema-changing-tool}.
 */
@Factory
@Requires(property = "test.schema-changing-tool", value = "true")
public class SchemaChangingTestTool {
    private final TableAccess tables;

    public SchemaChangingTestTool(TableAccess tables) {
        this.tables = tables;
    }

    @Singleton
    @Named("test_add_text_column")
    ToolDefinition addColumn() {
        return ToolDefinition.builder("test_add_text_column")
                .title("Add a text column (test only)")
                .description("Adds a text column named by a fixed list of test names.")
                .group(ToolGroup.SCHEMA, Scope.ADMIN)
                .hints(ToolHints.ADDITIVE)
                .tableArgument("table")
                .input(object().required("table", string("table"))
                        .required("column", com.dbadmin.tool.JsonSchemas.enumOf("new column", "added_by_tool")).build())
                .handler(this::add);
    }

    private ObjectNode add(ToolCall call) throws SQLException {
        TableInfo table = tables.writable(call, call.args().string("table"));
        try (Statement statement = call.session().connection().createStatement()) {
            statement.execute("ALTER TABLE " + table.sqlName() + " ADD COLUMN "
                    + Identifiers.quote(call.args().string("column")) + " text");
        }
        call.details().schemaChanged(true);
        return JsonNodeFactory.instance.objectNode().put("table", table.qualifiedName());
    }
}
