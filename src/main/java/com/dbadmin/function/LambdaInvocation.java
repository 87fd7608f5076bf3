package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.dbadmin.call.ToolGroup;
import io.micronaut.core.annotation.Nullable;

/**
 * What a group function knows about one invocation: the parsed event (null when it could not be parsed), the
 * runtime's context (request id, invoked function ARN, Cognito identity) and the tool group the function serves.
 */
record LambdaInvocation(@Nullable LambdaEvent event, @Nullable Context lambda, ToolGroup group) {
}
