package com.dbadmin.call;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * One tool, defined once and served by every transport (MCP HTTP and stdio, REST, Lambda).
 *
 * @param tableArgument the argument naming the table the tool works on (policy and audit read it), or null
 * @param connection    what the call's transaction may run on (backups and restores need a direct connection)
 */
public record ToolDefinition(String name, String title, String description, ToolGroup group, String scope,
                             ObjectNode inputSchema, ObjectNode outputSchema, ToolHints hints,
                             String tableArgument, ConnectionKind connection, ToolHandler handler) {

    public ToolDefinition {
        Objects.requireNonNull(name);
        Objects.requireNonNull(group);
        Objects.requireNonNull(scope);
        Objects.requireNonNull(inputSchema);
        Objects.requireNonNull(hints);
        Objects.requireNonNull(connection);
        Objects.requireNonNull(handler);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Fluent construction keeps each tool's definition readable in its group class. */
    public static final class Builder {
        private final String name;
        private String title;
        private String description;
        private ToolGroup group;
        private String scope;
        private ObjectNode inputSchema;
        private ObjectNode outputSchema;
        private ToolHints hints = ToolHints.READ_ONLY;
        private String tableArgument;
        private ConnectionKind connection = ConnectionKind.POOLED;

        private Builder(String name) {
            this.name = name;
        }

        public Builder title(String title) {
            this.title = title;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder group(ToolGroup group, String scope) {
            this.group = group;
            this.scope = scope;
            return this;
        }

        public Builder input(ObjectNode schema) {
            this.inputSchema = schema;
            return this;
        }

        public Builder output(ObjectNode schema) {
            this.outputSchema = schema;
            return this;
        }

        public Builder hints(ToolHints hints) {
            this.hints = hints;
            return this;
        }

        public Builder tableArgument(String argument) {
            this.tableArgument = argument;
            return this;
        }

        public Builder connection(ConnectionKind kind) {
            this.connection = kind;
            return this;
        }

        public ToolDefinition handler(ToolHandler handler) {
            return new ToolDefinition(name, title, description, group, scope, inputSchema, outputSchema, hints,
                    tableArgument, connection, handler);
        }
    }
}
