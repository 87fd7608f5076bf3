package com.dbadmin.mcp;

import com.dbadmin.call.CallContext;
import com.dbadmin.security.HttpCallerResolver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.sse.Event;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Named;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;

/**
 * MCP over Streamable HTTP at {@code /mcp}, stateless: every POST carries everything needed to answer it
 * (no session id, no server-initiated stream), so any replica, or a Lambda function behind API Gateway,
 * can serve any request. A request answers with JSON, or with an SSE stream (progress and log
 * notifications, then the response) when it asks for progress and accepts {@code text/event-stream}.
 *
 * <p>Hand-written over Micronaut rather than the SDK's HTTP transports, which are servlet-based and, for
 * progress, session-based. Every answer is a JSON-RPC message with a spec error code, never a framework
 * error page: 400 for what cannot be read (-32700, -32600, an unsupported MCP-Protocol-Version), 200 for
 * requests (their JSON-RPC errors included, so clients read them), 202 for notifications and responses.
 */
@Controller("/mcp")
class McpHttpController {
    static final String PROTOCOL_VERSION_HEADER = "MCP-Protocol-Version";

    private final McpDispatcher dispatcher;
    private final HttpCallerResolver callers;
    private final ObjectMapper json;
    private final ExecutorService streams;
    private final boolean streaming;
    private final InFlightCalls inFlight = new InFlightCalls();

    McpHttpController(McpDispatcher dispatcher, HttpCallerResolver callers, ObjectMapper json,
                      @Named(TaskExecutors.BLOCKING) ExecutorService streams,
                      @Value("${db-admin.mcp.sse-responses:true}") boolean streaming) {
        this.dispatcher = dispatcher;
        this.callers = callers;
        this.json = json;
        this.streams = streams;
        this.streaming = streaming;
    }

    @Post(consumes = MediaType.ALL, produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    @ExecuteOn(TaskExecutors.BLOCKING)
    MutableHttpResponse<?> post(HttpRequest<?> request, @Nullable @Body byte[] body) {
        JsonRpc rpc = dispatcher.rpc();
        String header = request.getHeaders().get(PROTOCOL_VERSION_HEADER);
        if (header != null && !ProtocolVersions.supported(header)) {
            return json(HttpStatus.BAD_REQUEST, rpc.error(null, McpError.invalidRequest("Unsupported "
                    + PROTOCOL_VERSION_HEADER + " '" + header + "'; supported: "
                    + String.join(", ", ProtocolVersions.SUPPORTED) + ".")));
        }
        String version = header == null ? ProtocolVersions.HTTP_WITHOUT_HEADER : header;
        JsonNode message;
        try {
            message = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            message = null;
        }
        if (message == null || message.isMissingNode()) {
            return json(HttpStatus.BAD_REQUEST, rpc.error(null, McpSchema.ErrorCodes.PARSE_ERROR,
                    "Parse error: the body is not JSON.", null));
        }
        CallContext caller = callers.resolve(request);
        if (message.isArray()) {
            if (!ProtocolVersions.allowsBatches(version)) {
                return json(HttpStatus.BAD_REQUEST, rpc.error(null, McpError.invalidRequest(
                        "JSON-RPC batches are not part of MCP " + version + " (only 2025-03-26 has them).")));
            }
            if (message.isEmpty()) {
                return json(HttpStatus.BAD_REQUEST, rpc.error(null, McpError.invalidRequest(
                        "An empty batch is not a valid request.")));
            }
            byte[] answer = dispatcher.handleBatch((ArrayNode) message,
                    new HttpRequestSession(caller, version, inFlight, null));
            return answer == null ? HttpResponse.accepted() : json(HttpStatus.OK, answer);
        }
        byte[] malformed = dispatcher.envelopeError(message);
        if (malformed != null) {
            return json(HttpStatus.BAD_REQUEST, malformed);
        }
        boolean isRequest = message.has("method") && message.has("id");
        if (isRequest && streaming && wantsProgress(message) && acceptsEventStream(request)) {
            return stream(message, caller, version);
        }
        byte[] answer = dispatcher.handle(message, new HttpRequestSession(caller, version, inFlight, null));
        if (answer == null) {
            return HttpResponse.accepted();
        }
        return json(HttpStatus.OK, answer);
    }

    @Get(produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<?> get() {
        return notAllowed("GET: this server is stateless and opens no server-initiated stream");
    }

    @Delete(produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<?> delete() {
        return notAllowed("DELETE: this server is stateless and keeps no session to end");
    }

    @Put(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<?> put() {
        return notAllowed("PUT");
    }

    @Patch(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
    MutableHttpResponse<?> patch() {
        return notAllowed("PATCH");
    }

    /** Progress and log notifications, then the response, as server-sent events while the call runs. */
    private MutableHttpResponse<?> stream(JsonNode message, CallContext caller, String version) {
        Flux<Event<String>> events = Flux.create((FluxSink<Event<String>> sink) -> streams.execute(() -> {
            try {
                HttpRequestSession session = new HttpRequestSession(caller, version, inFlight,
                        notification -> sink.next(Event.of(new String(notification, StandardCharsets.UTF_8))));
                byte[] answer = dispatcher.handle(message, session);
                if (answer != null) {
                    sink.next(Event.of(new String(answer, StandardCharsets.UTF_8)));
                }
                sink.complete();
            } catch (RuntimeException e) {
                sink.error(e);
            }
        }));
        return HttpResponse.ok(events).contentType(MediaType.TEXT_EVENT_STREAM_TYPE);
    }

    private MutableHttpResponse<?> notAllowed(String what) {
        return json(HttpStatus.METHOD_NOT_ALLOWED, dispatcher.rpc().error(null, McpError.invalidRequest(
                "Method not allowed: " + what + ". Send JSON-RPC messages with POST.")))
                .header(HttpHeaders.ALLOW, "POST");
    }

    /** The answer's bytes as they are: already JSON, already UTF-8. */
    private static MutableHttpResponse<byte[]> json(HttpStatus status, byte[] body) {
        return HttpResponse.<byte[]>status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }

    private static boolean wantsProgress(JsonNode message) {
        return message.path("params").path("_meta").has("progressToken");
    }

    private static boolean acceptsEventStream(HttpRequest<?> request) {
        return request.getHeaders().accept().stream()
                .anyMatch(type -> type.matches(MediaType.TEXT_EVENT_STREAM_TYPE));
    }
}
