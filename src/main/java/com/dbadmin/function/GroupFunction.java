package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolGuard;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.HandlerUtils;
import io.micronaut.function.aws.MicronautRequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;

/**
 * The Lambda function of one tool group, invoked directly with {@code {"tool": "...", "arguments": {...}}}
 * (see {@link LambdaEvent}). It answers with the same JSON as the MCP structured result: the tool's result,
 * or {@code {"error": {"code", "message", "retryable"}}}. A tool of another group is refused with
 * DB_403_ACCESS_DENIED: invoke permission on this function is permission for this group only.
 *
 * <p>Everything else happens in the {@link ToolInvoker}, as for HTTP and stdio: validation, scopes, table
 * policy, transaction, audit. A stream handler rather than a typed one so the answer is exactly the tool's
 * JSON (no re-encoding through maps) and a malformed event still gets a JSON error.
 *
 * <p>A scheduled invocation whose tool fails raises {@link ScheduledToolFailedException} after writing nothing:
 * Lambda then records a function error, so the asynchronous retry and the backup-failure alarm work.
 *
 * <p>The five subclasses exist only because Lambda names a handler by class.
 */
public abstract class GroupFunction extends MicronautRequestStreamHandler {
    private final ToolGroup group;
    private final ToolInvoker invoker;
    private final LambdaCallerResolver callers;
    private final ObjectMapper json;
    private final List<ToolGuard> admission;

    /** Lambda: builds and starts the application context (eager singletons, environments function + lambda). */
    protected GroupFunction(ToolGroup group) {
        super();
        this.group = group;
        this.invoker = applicationContext.getBean(ToolInvoker.class);
        this.callers = applicationContext.getBean(LambdaCallerResolver.class);
        this.json = applicationContext.getBean(ObjectMapper.class);
        this.admission = List.of(this::admit);
    }

    /** Tests and embedding: runs on the given context (started here if it is not running). */
    protected GroupFunction(ToolGroup group, ApplicationContext context) {
        super(context);
        this.group = group;
        this.invoker = context.getBean(ToolInvoker.class);
        this.callers = context.getBean(LambdaCallerResolver.class);
        this.json = context.getBean(ObjectMapper.class);
        this.admission = List.of(this::admit);
    }

    public ToolGroup group() {
        return group;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerUtils.configureWithContext(this, context);
        JsonNode event = null;
        ObjectNode body;
        try {
            event = readEvent(input);
            LambdaEvent call = LambdaEvent.parse(event);
            CallContext caller = callers.resolve(new LambdaInvocation(call, context, group));
            ToolOutcome outcome = invoker.invoke(call.tool(), call.arguments(), caller, admission);
            body = ToolResults.body(outcome);
            if (call.scheduled() && !outcome.success()) {
                throw new ScheduledToolFailedException(call.tool(), outcome.error());
            }
        } catch (ToolException e) {
            if (LambdaEvent.isScheduled(event)) {
                throw new ScheduledToolFailedException(null, e);
            }
            body = ToolResults.error(e);
        }
        json.writeValue(output, body);
    }

    private JsonNode readEvent(InputStream input) throws IOException {
        try {
            return json.readTree(input);
        } catch (JsonProcessingException e) {
            throw ToolException.validation("The event is not valid JSON. Invoke with {\"tool\": \"<tool name>\", "
                    + "\"arguments\": {...}}.");
        }
    }

    private void admit(ToolCall call) {
        ToolGroup toolGroup = call.tool().group();
        if (toolGroup != group) {
            throw ToolException.denied(call.tool().name() + " belongs to the " + toolGroup.id() + " group; this is the "
                    + group.id() + " function. Invoke the " + toolGroup.id() + " function instead.");
        }
    }
}
