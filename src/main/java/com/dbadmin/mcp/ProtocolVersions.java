package com.dbadmin.mcp;

import io.modelcontextprotocol.spec.McpSchema;

import java.util.List;

/**
 * The MCP protocol versions this server speaks, and the rules that differ between them. A client asking
 * for a supported version gets it; any other request gets the latest, and the client decides whether to
 * go on (the spec's negotiation).
 */
final class ProtocolVersions {
    static final String V2024_11_05 = io.modelcontextprotocol.spec.ProtocolVersions.MCP_2024_11_05;
    static final String V2025_03_26 = io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_03_26;
    static final String V2025_06_18 = io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_06_18;
    static final String V2025_11_25 = io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_11_25;
    static final String LATEST = V2025_11_25;
    /** Newest first. */
    static final List<String> SUPPORTED = List.of(V2025_11_25, V2025_06_18, V2025_03_26, V2024_11_05);
    /** What a Streamable HTTP request without an MCP-Protocol-Version header speaks (the spec's fallback). */
    static final String HTTP_WITHOUT_HEADER = V2025_03_26;

    private ProtocolVersions() {
    }

    static String negotiate(String requested) {
        return supported(requested) ? requested : LATEST;
    }

    static boolean supported(String version) {
        return version != null && SUPPORTED.contains(version);
    }

    /** JSON-RPC batches exist in 2025-03-26 only: added by it, removed by 2025-06-18. */
    static boolean allowsBatches(String version) {
        return V2025_03_26.equals(version);
    }

    static boolean isInitialize(String method) {
        return McpSchema.METHOD_INITIALIZE.equals(method);
    }
}
