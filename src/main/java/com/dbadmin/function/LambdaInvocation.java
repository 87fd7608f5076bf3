package com.dbadmin.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.dbadmin.call.ToolGroup;

/**
 * What a Lambda function knows about one invocation: the parsed event, the runtime's context (request id,
 * invoked function ARN, Cognito identity) and the tool group the function serves.
 */
record LambdaInvocation(LambdaEvent event, Context lambda, ToolGroup group) {
}
