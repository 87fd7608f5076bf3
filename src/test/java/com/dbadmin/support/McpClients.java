package com.dbadmin.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;

import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Real MCP clients from the MCP Java SDK, over Streamable HTTP and over stdio. */
public final class McpClients {
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private McpClients() {
    }

    public static McpSyncClient http(URL server) {
        return http(server, builder -> {
        });
    }

    public static McpSyncClient http(URL server, Consumer<java.net.http.HttpRequest.Builder> requestCustomizer) {
        java.net.http.HttpRequest.Builder headers = java.net.http.HttpRequest.newBuilder();
        requestCustomizer.accept(headers);
        var transport = HttpClientStreamableHttpTransport.builder(server.toString())
                .endpoint("/mcp")
                .jsonMapper(JSON)
                .requestBuilder(headers)
                .build();
        return client(McpClient.sync(transport));
    }

    public static McpSyncClient stdio(String jar, Map<String, String> env) {
        ServerParameters parameters = ServerParameters.builder(javaBinary())
                .args(List.of("-jar", jar, "--stdio"))
                .env(env)
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, JSON);
        transport.setStdErrorHandler(line -> System.err.println("[server] " + line));
        return client(McpClient.sync(transport));
    }

    private static McpSyncClient client(McpClient.SyncSpec spec) {
        return spec.requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(new ClientSchemaValidator())
                .initializationTimeout(Duration.ofSeconds(120))
                .clientInfo(new McpSchema.Implementation("db-admin-tests", "1.0"))
                .build();
    }

    public static String javaBinary() {
        return System.getProperty("java.home") + "/bin/java";
    }
}
