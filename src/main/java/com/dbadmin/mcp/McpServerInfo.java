package com.dbadmin.mcp;

import com.dbadmin.ops.BuildInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code initialize} answers: the server's name and version, its capabilities (tools, resources,
 * prompts, logging) and the instructions that explain the filter language and conventions once, so that
 * each tool's description can stay short. Written once per protocol version.
 */
@Singleton
class McpServerInfo {
    static final String NAME = "database-admin-server";
    static final String INSTRUCTIONS_RESOURCE = "/com/dbadmin/mcp/instructions.md";

    private final Map<String, String> results;

    McpServerInfo(BuildInfo build, ObjectMapper json) {
        String instructions = readInstructions();
        McpSchema.ServerCapabilities capabilities = McpSchema.ServerCapabilities.builder()
                .tools(false)
                .resources(false, false)
                .prompts(false)
                .logging()
                .build();
        McpSchema.Implementation server = new McpSchema.Implementation(NAME, "Database Admin Server", build.version());
        JsonRpc rpc = new JsonRpc(json);
        this.results = ProtocolVersions.SUPPORTED.stream().collect(Collectors.toUnmodifiableMap(Function.identity(),
                version -> rpc.write(new McpSchema.InitializeResult(version, capabilities, server, instructions))));
    }

    String initializeResult(String version) {
        return results.get(version);
    }

    private static String readInstructions() {
        try (InputStream in = McpServerInfo.class.getResourceAsStream(INSTRUCTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Missing " + INSTRUCTIONS_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
