package com.dbadmin.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Checks arguments against the tool's input schema before anything else runs. */
@Singleton
public class ArgumentValidator {
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    public void validate(ToolDefinition tool, JsonNode arguments) {
        JsonSchema schema = compiled.computeIfAbsent(tool.name(), name -> factory.getSchema(tool.inputSchema()));
        Set<ValidationMessage> messages = schema.validate(arguments);
        if (!messages.isEmpty()) {
            List<String> violations = messages.stream().map(ValidationMessage::getMessage).sorted().toList();
            throw new InvalidArgumentsException(tool.name(), violations);
        }
    }
}
