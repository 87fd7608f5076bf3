package com.dbadmin.mcp;

import com.dbadmin.call.CallControl;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ProgressListener;
import com.dbadmin.call.ToolOutcome;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers JSON-RPC messages for both transports: validates the envelope, routes by method, and turns every
 * failure into a JSON-RPC error with a code from the spec and a JSON body (never a stack trace).
 *
 * <p>Hand-written rather than the SDK's server because the SDK offers either a stateless server with no
 * way to send progress or log notifications, or session servers that keep per-client state (sticky
 * sessions across replicas and Lambda) and whose stdio transport drops answers under load. The protocol
 * shapes themselves are the SDK's {@link McpSchema} types.
 */
@Singleton
class McpDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(McpDispatcher.class);

    private final McpToolAdapter tools;
    private final McpServerInfo info;
    private final TableResources resources;
    private final Prompts prompts;
    private final JsonRpc rpc;
    private final ObjectMapper json;

    McpDispatcher(McpToolAdapter tools, McpServerInfo info, TableResources resources, Prompts prompts,
                  ObjectMapper json) {
        this.tools = tools;
        this.info = info;
        this.resources = resources;
        this.prompts = prompts;
        this.json = json;
        this.rpc = new JsonRpc(json);
    }

    JsonRpc rpc() {
        return rpc;
    }

    /**
     * Answers one parsed message: the serialised response for a request, null for a notification or a
     * client's response (and for a request the client cancelled, where the session says so).
     */
    byte[] handle(JsonNode message, McpSession session) {
        byte[] malformed = envelopeError(message);
        if (malformed != null) {
            return malformed;
        }
        JsonNode id = message.get("id");
        JsonNode method = message.get("method");
        if (method == null) {
            return null; // a response to a request of ours; this server sends none, so nothing waits for it
        }
        JsonNode params = message.get("params");
        ObjectNode paramsObject = params instanceof ObjectNode object ? object : json.createObjectNode();
        if (id == null) {
            notification(method.textValue(), paramsObject, session);
            return null;
        }
        try {
            return request(id, method.textValue(), paramsObject, session);
        } catch (McpError e) {
            return rpc.error(id, e);
        } catch (RuntimeException e) {
            LOG.error("MCP {} failed unexpectedly", method.textValue(), e);
            return rpc.error(id, McpSchema.ErrorCodes.INTERNAL_ERROR, "Internal error while handling "
                    + method.textValue() + ".", null);
        }
    }

    /**
     * The -32600 answer for a message that is not a well-formed JSON-RPC 2.0 request, notification or
     * response, or null when it is one.
     */
    byte[] envelopeError(JsonNode message) {
        if (message == null || !message.isObject()) {
            return rpc.error(null, McpError.invalidRequest("A JSON-RPC message must be a JSON object."));
        }
        JsonNode id = message.get("id");
        JsonNode replyId = validId(id) ? id : null;
        JsonNode method = message.get("method");
        if (!JsonRpc.isVersion2(message)) {
            return rpc.error(replyId, McpError.invalidRequest("jsonrpc must be \"2.0\"."));
        }
        if (method == null) {
            boolean response = id != null && (message.has("result") || message.has("error"));
            return response ? null : rpc.error(replyId, McpError.invalidRequest("The message has no method."));
        }
        if (!method.isTextual()) {
            return rpc.error(replyId, McpError.invalidRequest("method must be a string."));
        }
        JsonNode params = message.get("params");
        if (params != null && !params.isObject()) {
            return rpc.error(replyId, McpError.invalidRequest("params must be an object."));
        }
        if (id != null && !validId(id)) {
            // MCP request ids are strings or integers, never null: {"id": null} is a malformed request.
            return rpc.error(null, McpError.invalidRequest("id must be a string or an integer."));
        }
        return null;
    }

    /**
     * Answers a JSON-RPC batch (2025-03-26 only): the responses to its requests as one array, or null when
     * it held only notifications and responses.
     */
    byte[] handleBatch(ArrayNode batch, McpSession session) {
        if (batch.isEmpty()) {
            return rpc.error(null, McpError.invalidRequest("An empty batch is not a valid request."));
        }
        List<byte[]> answers = new ArrayList<>();
        for (JsonNode message : batch) {
            byte[] answer = message.isObject() && ProtocolVersions.isInitialize(message.path("method").asText())
                    ? rpc.error(message.get("id"), McpError.invalidRequest("initialize cannot be part of a batch."))
                    : handle(message, session);
            if (answer != null) {
                answers.add(answer);
            }
        }
        return answers.isEmpty() ? null : JsonRpc.batch(answers);
    }

    private byte[] request(JsonNode id, String method, ObjectNode params, McpSession session) {
        return switch (method) {
            case McpSchema.METHOD_INITIALIZE -> rpc.result(id, initialize(params, session));
            case McpSchema.METHOD_PING -> rpc.result(id, "{}");
            case McpSchema.METHOD_TOOLS_LIST -> rpc.result(id, tools.listFor(session.caller(), session.protocolVersion()));
            case McpSchema.METHOD_TOOLS_CALL -> callTool(id, params, session);
            case McpSchema.METHOD_RESOURCES_LIST -> rpc.result(id, resources.list(session.caller(), cursor(params)));
            case McpSchema.METHOD_RESOURCES_TEMPLATES_LIST -> rpc.result(id, resources.templates());
            case McpSchema.METHOD_RESOURCES_READ -> rpc.result(id, resources.read(session.caller(),
                    requiredString(params, "uri")));
            case McpSchema.METHOD_PROMPT_LIST -> rpc.result(id, prompts.list());
            case McpSchema.METHOD_PROMPT_GET -> rpc.result(id, prompts.get(requiredString(params, "name"),
                    params.get("arguments")));
            case McpSchema.METHOD_LOGGING_SET_LEVEL -> rpc.result(id, setLevel(params, session));
            default -> throw McpError.methodNotFound(method);
        };
    }

    private void notification(String method, ObjectNode params, McpSession session) {
        if ("notifications/cancelled".equals(method)) {
            JsonNode requestId = params.get("requestId");
            if (validId(requestId)) {
                session.inFlight().cancel(session.inFlightKey(requestId.toString()));
            }
        }
        // notifications/initialized and anything else need no action; unknown notifications are ignored.
    }

    private String initialize(ObjectNode params, McpSession session) {
        String requested = params.path("protocolVersion").textValue();
        String version = ProtocolVersions.negotiate(requested);
        JsonNode client = params.get("clientInfo");
        McpSchema.Implementation implementation = client != null && client.isObject()
                ? new McpSchema.Implementation(client.path("name").asText("unknown"), client.path("version").asText(""))
                : null;
        session.initialized(version, implementation);
        return info.initializeResult(version);
    }

    private String setLevel(ObjectNode params, McpSession session) {
        String level = requiredString(params, "level");
        McpSchema.LoggingLevel parsed = null;
        for (McpSchema.LoggingLevel candidate : McpSchema.LoggingLevel.values()) {
            if (candidate.name().equalsIgnoreCase(level)) {
                parsed = candidate;
            }
        }
        if (parsed == null) {
            throw McpError.invalidParams("Unknown log level '" + level + "'; use debug, info, notice, warning,"
                    + " error, critical, alert or emergency.");
        }
        session.logLevel(parsed);
        return "{}";
    }

    private byte[] callTool(JsonNode id, ObjectNode params, McpSession session) {
        String name = requiredString(params, "name");
        JsonNode arguments = params.get("arguments");
        if (!tools.exists(name)) {
            ToolOutcome refused = tools.unknownTool(name, session.caller());
            throw new McpError(McpSchema.ErrorCodes.INVALID_PARAMS, refused.error().getMessage(),
                    java.util.Map.of("code", refused.error().code().name()));
        }
        JsonNode progressToken = params.path("_meta").get("progressToken");
        ProgressListener progress = progressToken != null && session.canNotify()
                ? new ProgressNotifier(progressToken, session, rpc) : ProgressListener.NONE;
        CallControl control = new CallControl(progress);
        String key = session.inFlightKey(id.toString());
        session.inFlight().start(key, control);
        ToolOutcome outcome;
        try {
            outcome = tools.call(name, arguments, session.caller(), control);
        } finally {
            session.inFlight().finish(key, control);
        }
        CallLog.report(outcome, session, rpc);
        if (!outcome.success() && outcome.error().code() == ErrorCode.DB_499_CANCELLED) {
            return session.answersCancelledRequests()
                    ? rpc.error(id, McpError.REQUEST_CANCELLED, "Request cancelled", null) : null;
        }
        return tools.response(id, outcome);
    }

    private static String cursor(ObjectNode params) {
        JsonNode cursor = params.get("cursor");
        return cursor == null || cursor.isNull() ? null : cursor.asText();
    }

    private static String requiredString(ObjectNode params, String name) {
        JsonNode value = params.get(name);
        if (value == null || !value.isTextual()) {
            throw McpError.invalidParams("params." + name + " must be a string.");
        }
        return value.textValue();
    }

    private static boolean validId(JsonNode id) {
        return id != null && (id.isTextual() || id.isIntegralNumber());
    }
}
