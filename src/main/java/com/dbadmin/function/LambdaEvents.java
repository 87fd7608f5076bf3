package com.dbadmin.function;

import com.dbadmin.call.ToolException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;

/** Reading a direct or scheduled invocation's event: JSON, or a clear DB_400 naming the expected shape. */
final class LambdaEvents {
    private LambdaEvents() {
    }

    static JsonNode read(ObjectMapper json, InputStream input, String usage) throws IOException {
        try {
            return json.readTree(input);
        } catch (JsonProcessingException e) {
            throw ToolException.validation("The event is not valid JSON. " + usage + ".");
        }
    }
}
