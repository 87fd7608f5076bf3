package com.dbadmin.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes JSON-RPC 2.0 messages as text, one serialisation each. Results arrive already serialised (a tool
 * result is written once, see {@link McpToolAdapter}), so the envelope is put around them as text rather
 * than by building and re-writing an object tree.
 */
final class JsonRpc {
    private final ObjectMapper json;

    JsonRpc(ObjectMapper json) {
        this.json = json;
    }

    /** A response whose result is already JSON text. */
    String result(JsonNode id, String resultJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idText(id) + ",\"result\":" + resultJson + "}";
    }

    String error(JsonNode id, McpError error) {
        return error(id, error.code(), error.getMessage(), error.data());
    }

    String error(JsonNode id, int code, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        if (data != null) {
            body.put("data", data);
        }
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idText(id) + ",\"error\":" + write(body) + "}";
    }

    String notification(String method, Object params) {
        return "{\"jsonrpc\":\"2.0\",\"method\":" + quote(method) + ",\"params\":" + write(params) + "}";
    }

    String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String quote(String text) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }

    private static String idText(JsonNode id) {
        return id == null ? NullNode.instance.toString() : id.toString();
    }

    /** {@code jsonrpc: "2.0"}; anything else is not a JSON-RPC 2.0 message. */
    static boolean isVersion2(JsonNode message) {
        JsonNode version = message.get("jsonrpc");
        return version != null && McpSchema.JSONRPC_VERSION.equals(version.textValue());
    }
}
