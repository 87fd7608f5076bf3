package com.dbadmin.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.modelcontextprotocol.json.schema.JsonSchemaValidator;

import java.util.Map;
import java.util.Set;

/**
 * The MCP client validates structured results against output schemas. Its default validator is built
 * on json-schema-validator 2.x, while Micronaut's server side needs 1.x on the same classpath, so the
 * test clients get this 1.x-based equivalent.
 */
final class ClientSchemaValidator implements JsonSchemaValidator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    @Override
    public ValidationResponse validate(Map<String, Object> schema, Object structuredContent) {
        JsonNode content = JSON.valueToTree(structuredContent);
        Set<ValidationMessage> messages = factory.getSchema(JSON.valueToTree(schema)).validate(content);
        if (messages.isEmpty()) {
            return ValidationResponse.asValid(content.toString());
        }
        return ValidationResponse.asInvalid(messages.toString());
    }
}
