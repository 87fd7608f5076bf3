package com.dbadmin.rest;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.guard.RateLimitGuard;
import com.dbadmin.guard.ToolVisibility;
import com.dbadmin.security.HttpCallerResolver;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * REST over the same catalogue: {@code POST /api/tools/{name}} for any tool, plus the routes the
 * original's HTTP clients call ({@code /api/db/query|insert|update|delete}). The body is the tool's
 * arguments; the response is the same JSON as the MCP structured result, with the HTTP status taken
 * from the error code.
 */
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
public class ToolController {
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
        CallContext caller = callers.resolve(request, Transport.REST);
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

    @Post(uri = "/tools/{name}", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<ObjectNode> call(@PathVariable String name, @Nullable @Body JsonNode arguments,
                                         HttpRequest<?> request) {
        return respond(name, arguments, request);
    }

    @Post(uri = "/db/query", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<ObjectNode> query(@Nullable @Body JsonNode arguments, HttpRequest<?> request) {
        return respond("db_query_records", arguments, request);
    }

    @Post(uri = "/db/insert", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<ObjectNode> insert(@Nullable @Body JsonNode arguments, HttpRequest<?> request) {
        return respond("db_insert_record", arguments, request);
    }

    @Post(uri = "/db/update", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<ObjectNode> update(@Nullable @Body JsonNode arguments, HttpRequest<?> request) {
        return respond("db_update_records", arguments, request);
    }

    @Post(uri = "/db/delete", consumes = MediaType.APPLICATION_JSON, produces = MediaType.APPLICATION_JSON)
    public HttpResponse<ObjectNode> delete(@Nullable @Body JsonNode arguments, HttpRequest<?> request) {
        return respond("db_delete_records", arguments, request);
    }

    private HttpResponse<ObjectNode> respond(String tool, JsonNode arguments, HttpRequest<?> request) {
        ToolOutcome outcome = invoker.invoke(tool, arguments, callers.resolve(request, Transport.REST));
        ObjectNode body = ToolResults.body(outcome);
        if (outcome.success()) {
            return HttpResponse.ok(body);
        }
        MutableHttpResponse<ObjectNode> response = HttpResponse.<ObjectNode>status(
                HttpStatus.valueOf(outcome.error().code().httpStatus())).body(body);
        Object retryAfter = outcome.error().details().get(RateLimitGuard.RETRY_AFTER);
        if (retryAfter != null) {
            response.header(HttpHeaders.RETRY_AFTER, retryAfter.toString());
        }
        return response;
    }
}
