package com.dbadmin.tool;

import com.dbadmin.call.CallConnections;
import com.dbadmin.call.ToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * With a read replica configured, every result carries {@code served_by} (see {@link ToolInvoker}); each tool's
 * exact output schema then names it. Without a replica the schemas stay as the tools define them, so clients
 * of a plain deployment read nothing about replicas.
 */
@Singleton
class ServedBySchema implements BeanCreatedEventListener<ToolDefinition> {
    private final CallConnections connections;

    ServedBySchema(CallConnections connections) {
        this.connections = connections;
    }

    @Override
    public ToolDefinition onCreated(BeanCreatedEvent<ToolDefinition> event) {
        ToolDefinition tool = event.getBean();
        if (connections.hasReplica() && tool.outputSchema() != null) {
            JsonNode success = tool.outputSchema().path("anyOf").path(0).path("properties");
            if (success instanceof ObjectNode properties) {
                properties.set(ToolResults.SERVED_BY, CommonSchemas.servedBy());
            }
        }
        return tool;
    }
}
