package com.dbadmin.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.modelcontextprotocol.spec.McpSchema;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON-RPC 2.0 messages as UTF-8 bytes, the form both transports send, one serialisation each.
 * Results arrive already serialised (a tool result is written once, see {@link McpToolAdapter}), so the
 * envelope is put around them rather than by building and re-writing an object tree.
 */
final class JsonRpc {
    private final ObjectMapper json;

    JsonRpc(ObjectMapper json) {
        this.json = json;
    }

    /** A response whose result is already JSON text. */
    byte[] result(JsonNode id, String resultJson) {
        return utf8(resultHead(id) + resultJson + "}");
    }

    /** The start of a response up to its result, which the caller writes followed by one closing brace. */
    static String resultHead(JsonNode id) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + idText(id) + ",\"result\":";
    }

    byte[] error(JsonNode id, McpError error) {
        return error(id, error.code(), error.getMessage(), error.data());
    }

    byte[] error(JsonNode id, int code, String message, Object data) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        if (data != null) {
            body.put("data", data);
        }
        return utf8("{\"jsonrpc\":\"2.0\",\"id\":" + idText(id) + ",\"error\":" + write(body) + "}");
    }

    byte[] notification(String method, Object params) {
        return utf8("{\"jsonrpc\":\"2.0\",\"method\":" + quote(method) + ",\"params\":" + write(params) + "}");
    }

    /** The answers of a batch as one JSON array. */
    static byte[] batch(List<byte[]> answers) {
        int size = answers.size() + 1;
        for (byte[] answer : answers) {
            size += answer.length;
        }
        byte[] out = new byte[size];
        int at = 0;
        out[at++] = '[';
        for (byte[] answer : answers) {
            if (at > 1) {
                out[at++] = ',';
            }
            System.arraycopy(answer, 0, out, at, answer.length);
            at += answer.length;
        }
        out[at] = ']';
        return out;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
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
