package com.dbadmin.rest;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.guard.RateLimitGuard;
import com.dbadmin.guard.ToolVisibility;
import com.dbadmin.security.HttpCallerResolver;
import com.dbadmin.tool.Problems;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.util.Map;

/**
 * REST over the same tool registry: {@code POST /api/tools/{name}} for any tool, plus the record routes
 * older HTTP clients call ({@code /api/db/query|insert|update|delete}). The body is the tool's
 * arguments; a success is the same JSON as the MCP structured result, a failure an RFC 9457 problem
 * ({@code application/problem+json}) with the HTTP status of its stable code. {@code /openapi.json}
 * describes every route.
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class ToolController {
    private static final Map<String, String> OPERATIONS = Map.of(
            "query", "db_query_records",
            "insert", "db_insert_record",
            "update", "db_update_records",
            "delete", "db_delete_records");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolInvoker invoker;
    private final HttpCallerResolver callers;

    public ToolController(ToolInvoker invoker, HttpCallerResolver callers) {
        this.invoker = invoker;
        this.callers = callers;
    }

    /** The tools this caller may call (its scopes decide), like MCP tools/list. */
    @Get(uri = "/tools", produces = MediaType.APPLICATION_JSON)
    public ObjectNode list(HttpRequest<?> request) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode tools = body.putArray("tools");
        CallContext caller = callers.resolve(request);
        for (ToolDefinition tool : ToolVisibility.visible(caller, invoker.registry().all())) {
            ObjectNode entry = tools.addObject();
            entry.put("name", tool.name());
            entry.put("title", tool.title());
            entry.put("description", tool.description());
            entry.put("group", tool.group().id());
            entry.put("scope", tool.scope());
            entry.set("inputSchema", tool.inputSchema());
        }
        return body;
    }

    @Post(uri = "/tools/{name}", consumes = MediaType.APPLICATION_JSON,
            produces = {MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public HttpResponse<ObjectNode> call(@PathVariable String name, @Nullable @Body byte[] body,
                                         HttpRequest<?> request) {
        return respond(name, body, request);
    }

    /**
     * The record routes older HTTP clients call: /api/db/query, /insert, /update and /delete, each one tool.
     * Any other operation is an unknown tool (404, audited like every unknown tool).
     */
    @Post(uri = "/db/{operation}", consumes = MediaType.APPLICATION_JSON,
            produces = {MediaType.APPLICATION_JSON, Problems.MEDIA_TYPE})
    public HttpResponse<ObjectNode> operation(@PathVariable String operation, @Nullable @Body byte[] body,
                                              HttpRequest<?> request) {
        return respond(OPERATIONS.getOrDefault(operation, "/api/db/" + operation), body, request);
    }

    /**
     * The body is read here rather than bound by the framework, so a body that is not JSON (or not UTF-8)
     * is a tool call with unreadable arguments: a DB_400 problem, rate-limited and audited,
     * instead of a framework error page that no audit row records.
     */
    private HttpResponse<ObjectNode> respond(String tool, byte[] body, HttpRequest<?> request) {
        CallContext caller = callers.resolve(request);
        JsonNode arguments;
        try {
            arguments = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            String problem = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
            problem = problem == null ? "" : problem.length() > 200 ? problem.substring(0, 200) + "..." : problem;
            return response(request, invoker.invokeUnreadable(tool, "the request body is not valid JSON in UTF-8 ("
                    + problem + ")", caller));
        }
        return response(request, invoker.invoke(tool, arguments == null || arguments.isMissingNode() ? null : arguments,
                caller));
    }

    private static HttpResponse<ObjectNode> response(HttpRequest<?> request, ToolOutcome outcome) {
        if (outcome.success()) {
            return HttpResponse.ok(ToolResults.body(outcome));
        }
        MutableHttpResponse<ObjectNode> response = Problems.apply(
                HttpResponse.status(HttpStatus.valueOf(outcome.error().code().httpStatus())), outcome.error(),
                request.getPath());
        Object retryAfter = outcome.error().details().get(RateLimitGuard.RETRY_AFTER);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        }
        return response;
    }
}
