package com.dbadmin.api;

import com.dbadmin.call.ToolDefinition;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.Http;
import com.dbadmin.tool.ToolRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import io.micronaut.runtime.server.EmbeddedServer;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * /openapi.json is a valid OpenAPI 3.1 document (checked by swagger-parser, a real OpenAPI validator) that
 * describes every tool with its own schemas; /docs serves Swagger UI from the jar and the console its pages.
 */
class OpenApiDocumentTest extends DatabaseTest {
    @Inject
    EmbeddedServer server;
    @Inject
    ToolRegistry registry;

    @Test
    void theDocumentIsValidOpenApi31() {
        HttpResponse<String> response = new Http(server.getURL()).get("/openapi.json");
        assertEquals(200, response.statusCode());
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(response.body(), null, options);
        assertEquals(List.of(), parsed.getMessages() == null ? List.of() : parsed.getMessages(), "validator messages");
        assertNotNull(parsed.getOpenAPI());
        assertEquals("3.1.0", parsed.getOpenAPI().getOpenapi());
    }

    @Test
    void everyToolIsAnOperationWithItsOwnSchemas() {
        JsonNode doc = Http.json(new Http(server.getURL()).get("/openapi.json"));
        assertFalse(doc.has("jsonSchemaDialect"), "the default dialect (JSON Schema 2020-12 with the OpenAPI vocabulary) fits");
        for (ToolDefinition tool : registry.all()) {
            JsonNode operation = doc.at("/paths/~1api~1tools~1" + tool.name() + "/post");
            assertEquals(tool.name(), operation.path("operationId").asText(), tool.name());
            assertEquals(tool.inputSchema(), doc.at("/components/schemas/" + tool.name() + ".input"), tool.name());
            assertEquals(tool.scope(), operation.at("/security/0/bearer/0").asText(), tool.name());
            assertEquals("#/components/responses/Problem404", operation.at("/responses/404/$ref").asText());
            assertTrue(doc.at("/components/schemas/" + tool.name() + ".output").isObject(), tool.name());
        }
        assertTrue(doc.at("/paths/~1api~1db~1query/post").isObject());
        assertEquals("application/problem+json",
                doc.at("/components/responses/Problem400/content").fieldNames().next());
    }

    @Test
    void docsAndConsoleAreServedFromTheJar() {
        Http http = new Http(server.getURL());
        HttpResponse<String> docs = http.get("/docs");
        assertEquals(200, docs.statusCode());
        assertTrue(docs.body().contains("/docs/swagger-ui-bundle.js"));
        assertFalse(docs.body().contains("https://"), "no CDN: " + docs.body());
        HttpResponse<String> bundle = http.get("/docs/swagger-ui-bundle.js");
        assertEquals(200, bundle.statusCode());
        assertTrue(bundle.body().length() > 100_000);
        assertEquals(200, http.get("/docs/swagger-ui.css").statusCode());
        HttpResponse<String> console = http.get("/");
        assertEquals(200, console.statusCode());
        assertTrue(console.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(console.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals(200, http.get("/console/console.js").statusCode());
        assertEquals(200, http.get("/console/console.css").statusCode());
        assertEquals(404, http.get("/console/..%2Fapplication.yml").statusCode());
        assertEquals(404, http.get("/console/application.yml").statusCode());
        assertEquals(404, http.get("/docs/index.html").statusCode(), "only the named files");
    }
}
