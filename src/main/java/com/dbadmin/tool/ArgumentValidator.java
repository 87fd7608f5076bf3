package com.dbadmin.tool;

import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.InvalidArgumentsException;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
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
class ArgumentValidator {
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> compiled = new ConcurrentHashMap<>();

    public void validate(ToolDefinition tool, JsonNode arguments) {
        JsonSchema schema = compiled.computeIfAbsent(tool.name(), name -> factory.getSchema(tool.inputSchema()));
        Set<ValidationMessage> messages = schema.validate(arguments);
        if (!messages.isEmpty()) {
            List<String> violations = messages.stream().map(ValidationMessage::getMessage).sorted().toList();
            if (messages.stream().allMatch(message -> "maxItems".equals(message.getType()))) {
                // The request is well formed but bigger than this server accepts in one call.
                throw new ToolException(ErrorCode.DB_413_TOO_LARGE, String.join("; ", violations)
                        + ". That is more than one " + tool.name() + " call accepts; split the work into several calls.",
                        Map.of("violations", violations));
            }
            throw new InvalidArgumentsException(tool.name(), violations);
        }
    }
}
