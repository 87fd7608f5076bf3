package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.dbadmin.audit.AuditRetention;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolResults;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.HandlerUtils;
import io.micronaut.function.aws.MicronautRequestStreamHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * The function EventBridge Scheduler invokes: {@code com.dbadmin.function.ScheduledFunction::handleRequest}. Its
 * caller is always the principal {@code scheduler} (transport {@code scheduler}, exempt from the rate limit)
 * with the scopes of {@code db-admin.lambda.scheduler-scopes}: the function decides that, never the payload, and
 * IAM decides who may invoke it (the Terraform lets only the schedules' role). The group functions accept no
 * scheduled shape at all, so adding {@code "scheduler": {}} to a direct invocation grants nothing.
 *
 * <p>A failure (a tool error, a malformed event, a failed task) is thrown out of the handler after the call was
 * audited: Lambda then records a function error, so the asynchronous retries, the on-failure destination and
 * the backup alarms see it.
 */
public class ScheduledFunction extends MicronautRequestStreamHandler {
    public static final String SCHEDULER = "scheduler";

    private final ToolInvoker invoker;
    private final LambdaSettings settings;
    private final AuditRetention auditRetention;
    private final ObjectMapper json;

    /** Lambda: builds and starts the application context (eager singletons, environments function + lambda). */
    public ScheduledFunction() {
        super();
        this.invoker = applicationContext.getBean(ToolInvoker.class);
        this.settings = applicationContext.getBean(LambdaSettings.class);
        this.auditRetention = applicationContext.getBean(AuditRetention.class);
        this.json = applicationContext.getBean(ObjectMapper.class);
    }

    /** Tests and embedding: runs on the given context (started here if it is not running). */
    public ScheduledFunction(ApplicationContext context) {
        super(context);
        this.invoker = context.getBean(ToolInvoker.class);
        this.settings = context.getBean(LambdaSettings.class);
        this.auditRetention = context.getBean(AuditRetention.class);
        this.json = context.getBean(ObjectMapper.class);
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        HandlerUtils.configureWithContext(this, context);
        String toolName = null;
        ScheduledEvent job = null;
        ToolException refusal = null;
        try {
            JsonNode event = LambdaEvents.read(json, input, ScheduledEvent.USAGE);
            toolName = ScheduledEvent.toolName(event);
            job = ScheduledEvent.parse(event);
        } catch (ToolException e) {
            refusal = e;
        }
        if (job != null && job.task() != null) {
            json.writeValue(output, runTask(job));
            return;
        }
        CallContext caller = new CallContext(SCHEDULER, java.util.Set.copyOf(settings.schedulerScopes()), true, Transport.SCHEDULER, null,
                userAgent(job), context == null ? null : context.getAwsRequestId());
        ToolOutcome outcome = invoker.invoke(toolName == null ? GroupFunction.NO_TOOL : toolName,
                job == null ? null : job.arguments(), caller, List.of(new LambdaDoor(null, refusal)));
        if (!outcome.success()) {
            throw new ScheduledToolFailedException(toolName, outcome.error());
        }
        json.writeValue(output, ToolResults.body(outcome));
    }

    private ObjectNode runTask(ScheduledEvent job) {
        long deleted;
        try {
            deleted = auditRetention.purge(Instant.now());
        } catch (RuntimeException e) {
            throw new ScheduledToolFailedException(job.task(), new ToolException(ErrorCode.DB_500_DATABASE,
                    "The audit retention purge failed (" + e.getClass().getSimpleName() + "); it runs again at the"
                            + " next schedule."));
        }
        ObjectNode result = json.createObjectNode();
        result.put("task", job.task());
        result.put("retention_days", auditRetention.retentionDays());
        result.put("deleted", deleted);
        return result;
    }

    private static String userAgent(ScheduledEvent job) {
        return job == null || job.schedule().isEmpty() ? "eventbridge-scheduler" : "eventbridge-scheduler " + job.schedule();
    }
}
