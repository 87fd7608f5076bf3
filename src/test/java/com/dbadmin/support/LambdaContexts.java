package com.dbadmin.support;

import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.LambdaApplicationContextBuilder;

import java.util.HashMap;
import java.util.Map;

/**
 * Application contexts built the way the Lambda handlers build theirs (environments function + lambda,
 * eager singletons, the Lambda pool of one connection), pointed at the shared test database. The handler
 * under test starts it.
 */
public final class LambdaContexts {
    private LambdaContexts() {
    }

    public static ApplicationContext build(Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(TestDatabase.properties());
        // The pool size Lambda ships with (application-lambda.yml), not the test default.
        properties.remove("db-admin.database.pool-size");
        properties.putAll(extra);
        return new LambdaApplicationContextBuilder().properties(properties).build();
    }
}
