package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.dbadmin.support.TestLambdaContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Real API Gateway v2 events (the fixtures under /events) handed to the HTTP function the way the Lambda
 * runtime does: event JSON through the runtime's own serialisers in, the response read back as API Gateway would.
 */
final class ApiGatewayEvents {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final PojoSerializer<APIGatewayV2HTTPEvent> EVENTS =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPEvent.class, ApiGatewayEvents.class.getClassLoader());
    private static final PojoSerializer<APIGatewayV2HTTPResponse> RESPONSES =
            LambdaEventSerializers.serializerFor(APIGatewayV2HTTPResponse.class, ApiGatewayEvents.class.getClassLoader());

    private ApiGatewayEvents() {
    }

    /** A fixture event, to edit before it is sent. */
    static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = ApiGatewayEvents.class.getResourceAsStream("/events/" + name)) {
            assertNotNull(in, name);
            return (ObjectNode) JSON.readTree(in);
        }
    }

    /** The function's response to {@code event}, as the runtime's object. */
    static APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEventFunction function, JsonNode event) throws IOException {
        return function.handleRequest(EVENTS.fromJson(new ByteArrayInputStream(JSON.writeValueAsBytes(event))),
                new TestLambdaContext("dbadmin-prod-http"));
    }

    /** The function's response to {@code event}, as the JSON API Gateway reads. */
    static JsonNode invoke(APIGatewayV2HTTPEventFunction function, JsonNode event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RESPONSES.toJson(handle(function, event), out);
        return JSON.readTree(out.toByteArray());
    }

    /** A response's body (base64 or not) as JSON. */
    static JsonNode body(JsonNode response) throws IOException {
        String body = response.path("body").asText();
        if (response.path("isBase64Encoded").asBoolean()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        return JSON.readTree(body);
    }
}
