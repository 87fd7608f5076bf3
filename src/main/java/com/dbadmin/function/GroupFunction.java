package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * <p>Everything happens in the {@link ToolInvoker}, as for HTTP and stdio: validation, scopes, table policy,
 * transaction, audit. What the function itself refuses (an event that is not a call, a token that fails
 * verification) reaches the invoker as a {@link LambdaDoor} refusal, so it is audited and rate-limited under
 * the IAM invoker like every other refusal. A stream handler rather than a typed one so the answer is exactly
 * the tool's JSON (no re-encoding through maps) and a malformed event still gets a JSON error.
 *
 * <p>The five subclasses exist only because Lambda names a handler by class.
 */
public abstract class GroupFunction extends MicronautRequestStreamHandler {
    /** The operation an event that names no tool is audited as. */
    static final String NO_TOOL = "(no tool)";

    private final ToolGroup group;
    private final ToolInvoker invoker;
    private final LambdaCallerResolver callers;
    private final ObjectMapper json;

    /** Lambda: builds and starts the application context (eager singletons, environments function + lambda). */
    protected GroupFunction(ToolGroup group) {
        super();
        this.group = group;
        this.invoker = applicationContext.getBean(ToolInvoker.class);
        this.callers = applicationContext.getBean(LambdaCallerResolver.class);
        this.json = applicationContext.getBean(ObjectMapper.class);
    }

    /** Tests and embedding: runs on the given context (started here if it is not running). */
    protected GroupFunction(ToolGroup group, ApplicationContext context) {
        super(context);
        this.group = group;
        this.invoker = context.getBean(ToolInvoker.class);
        this.callers = context.getBean(LambdaCallerResolver.class);
        this.json = context.getBean(ObjectMapper.class);
    }

    public ToolGroup group() {
        return group;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerUtils.configureWithContext(this, context);
        String toolName = null;
        LambdaEvent call = null;
        ToolException refusal = null;
        try {
            JsonNode event = LambdaEvents.read(json, input, LambdaEvent.USAGE);
            toolName = LambdaEvent.toolName(event);
            call = LambdaEvent.parse(event);
        } catch (ToolException e) {
            refusal = e;
        }
        LambdaInvocation invocation = new LambdaInvocation(call, context, group);
        CallContext caller;
        if (refusal == null) {
            try {
                caller = callers.resolve(invocation);
            } catch (ToolException e) {
                refusal = e;
                caller = callers.unverified(invocation);
            }
        } else {
            caller = callers.unverified(invocation);
        }
        ToolOutcome outcome = invoker.invoke(toolName == null ? NO_TOOL : toolName,
                call == null ? null : call.arguments(), caller, List.of(new LambdaDoor(group, refusal)));
        json.writeValue(output, ToolResults.body(outcome));
    }
}
