package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.dbadmin.call.CallContext;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.Transport;
import com.dbadmin.security.CallerAuthenticator;
import com.dbadmin.security.CallerResolver;
import com.dbadmin.tool.ToolRegistry;
import jakarta.inject.Singleton;

import java.util.Set;
import java.util.TreeSet;

/**
 * Who a direct invocation of a group function is. The payload never decides it beyond presenting a token:
 * <ul>
 *   <li>A token in the event goes through the {@link CallerAuthenticator}, like every other door: a verified
 *   token is the caller (its principal and scopes); an invalid one is DB_401.</li>
 *   <li>Without a token, the caller is whoever IAM allowed to invoke the function. Lambda does not tell a
 *   function who invoked it (the Context carries no caller ARN for direct invocations; CloudTrail does, under
 *   the same request id), so the principal names the function and qualifier that was invoked,
 *   {@code iam:<function>[:<alias>]}, or the Cognito identity when the invoker used one. Its scopes are
 *   {@code db-admin.lambda.default-scopes}, by default those of the function's group.</li>
 * </ul>
 * With authentication off (the stub authenticator) a token proves nothing, so the IAM caller applies.
 * Scheduled calls are not resolved here: they have their own function, whose every caller is the scheduler.
 */
@Singleton
class LambdaCallerResolver implements CallerResolver<LambdaInvocation> {
    private final CallerAuthenticator authenticator;
    private final LambdaSettings settings;
    private final ToolRegistry toolRegistry;

    public LambdaCallerResolver(CallerAuthenticator authenticator, LambdaSettings settings, ToolRegistry toolRegistry) {
        this.authenticator = authenticator;
        this.settings = settings;
        this.toolRegistry = toolRegistry;
    }

    @Override
    public CallContext resolve(LambdaInvocation invocation) {
        LambdaEvent event = invocation.event();
        String bearer = event == null ? null : event.bearer();
        if (bearer != null) {
            CallContext verified = authenticator.authenticate(bearer, Transport.LAMBDA, null, null,
                    requestId(invocation.lambda()));
            if (verified.authenticated()) {
                return verified;
            }
            if (settings.requireToken()) {
                throw new ToolException(ErrorCode.DB_401_UNAUTHENTICATED, "The token could not be verified: "
                        + "this deployment has no token authentication configured.");
            }
        } else if (settings.requireToken()) {
            throw new ToolException(ErrorCode.DB_401_UNAUTHENTICATED, "This function requires a token: add "
                    + "\"token\": \"<JWT or API key>\" (or \"authorization\": \"Bearer <token>\") to the event.");
        }
        return new CallContext(iamPrincipal(invocation.lambda()), defaultScopes(invocation.group()), true,
                Transport.LAMBDA, null, null, requestId(invocation.lambda()));
    }

    /**
     * The invoker IAM let in, with no scopes and not authenticated: who an invocation the function refuses
     * (malformed event, failed token) is audited and rate-limited as.
     */
    CallContext unverified(LambdaInvocation invocation) {
        return new CallContext(iamPrincipal(invocation.lambda()), Set.of(), false, Transport.LAMBDA, null, null,
                requestId(invocation.lambda()));
    }

    /** The configured default scopes, or every scope a tool of the group needs. */
    public Set<String> defaultScopes(ToolGroup group) {
        if (!settings.defaultScopes().isEmpty()) {
            return Set.copyOf(settings.defaultScopes());
        }
        Set<String> scopes = new TreeSet<>();
        for (ToolDefinition tool : toolRegistry.group(group)) {
            scopes.add(tool.scope());
        }
        return scopes;
    }

    private static String iamPrincipal(Context lambda) {
        if (lambda == null) {
            return "iam";
        }
        CognitoIdentity identity = lambda.getIdentity();
        if (identity != null && identity.getIdentityId() != null && !identity.getIdentityId().isBlank()) {
            return "cognito:" + identity.getIdentityId();
        }
        String arn = lambda.getInvokedFunctionArn();
        if (arn == null || arn.isBlank()) {
            return "iam:" + lambda.getFunctionName();
        }
        // arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]
        int function = arn.indexOf(":function:");
        return "iam:" + (function < 0 ? arn : arn.substring(function + ":function:".length()));
    }

    private static String requestId(Context lambda) {
        return lambda == null ? null : lambda.getAwsRequestId();
    }
}
