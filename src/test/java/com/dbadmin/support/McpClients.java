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

/** Real MCP clients from the MCP Java SDK (2.2.0), over Streamable HTTP and over stdio. */
public final class McpClients {
    private static final JacksonMcpJsonMapper JSON = new JacksonMcpJsonMapper(new ObjectMapper());

    private McpClients() {
    }

    public static McpSyncClient http(URL server) {
        return http(server, builder -> {
        });
    }

    public static McpSyncClient http(URL server, Consumer<java.net.http.HttpRequest.Builder> requestCustomizer) {
        return client(McpClient.sync(httpTransport(server, requestCustomizer, null)), spec -> {
        });
    }

    /** An HTTP client that offers only {@code version} in initialize (and sends it as MCP-Protocol-Version). */
    public static McpSyncClient http(URL server, String version, Consumer<McpClient.SyncSpec> options) {
        return client(McpClient.sync(httpTransport(server, builder -> {
        }, version)), options);
    }

    private static HttpClientStreamableHttpTransport httpTransport(URL server,
                                                                   Consumer<java.net.http.HttpRequest.Builder> customizer,
                                                                   String version) {
        java.net.http.HttpRequest.Builder headers = java.net.http.HttpRequest.newBuilder();
        customizer.accept(headers);
        HttpClientStreamableHttpTransport.Builder builder = HttpClientStreamableHttpTransport.builder(server.toString())
                .endpoint("/mcp")
                .jsonMapper(JSON)
                .requestBuilder(headers);
        if (version != null) {
            builder.supportedProtocolVersions(List.of(version));
        }
        return builder.build();
    }

    public static McpSyncClient stdio(String jar, Map<String, String> env) {
        return stdio(jar, env, null, spec -> {
        });
    }

    /** A stdio client; with a {@code version}, it offers only that one in initialize. */
    public static McpSyncClient stdio(String jar, Map<String, String> env, String version,
                                      Consumer<McpClient.SyncSpec> options) {
        ServerParameters parameters = ServerParameters.builder(javaBinary())
                .args(List.of("-jar", jar, "--stdio"))
                .env(env)
                .build();
        StdioClientTransport transport = new StdioClientTransport(parameters, JSON) {
            @Override
            public List<String> protocolVersions() {
                return version == null ? super.protocolVersions() : List.of(version);
            }
        };
        transport.setStdErrorHandler(line -> System.err.println("[server] " + line));
        return client(McpClient.sync(transport), options);
    }

    private static McpSyncClient client(McpClient.SyncSpec spec, Consumer<McpClient.SyncSpec> options) {
        spec.requestTimeout(Duration.ofSeconds(60))
                .jsonSchemaValidator(new ClientSchemaValidator())
                .initializationTimeout(Duration.ofSeconds(120))
                .clientInfo(new McpSchema.Implementation("db-admin-tests", "1.0"));
        options.accept(spec);
        return spec.build();
    }

    public static String javaBinary() {
        return System.getProperty("java.home") + "/bin/java";
    }
}
