package com.dbadmin.function;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.util.List;
import java.util.Objects;

/**
 * db-admin.lambda.*: who a direct invocation is when it carries no token, and what the scheduler may do.
 *
 * @param defaultScopes scopes of a caller that IAM let invoke a function and that presents no token (also the
 *                      scheduler's); empty: the scopes of the tools in that function's group, so invoke
 *                      permission on a function is permission to use its group
 * @param requireToken  refuse direct invocations without a verified token (IAM permission alone is not enough)
 * @param schedulerScopes scopes of the scheduled function's caller, {@code scheduler} (default: db:backup, so a
 *                        schedule can back up but not change data)
 */
@Context // bound and validated at start-up: a bad value stops the server before it serves anything
@ConfigurationProperties("db-admin.lambda")
record LambdaSettings(
        @Nullable @Bindable(defaultValue = "") List<String> defaultScopes,
        @Bindable(defaultValue = "false") boolean requireToken,
        @Nullable @Bindable(defaultValue = "db:backup") List<String> schedulerScopes) {

    LambdaSettings {
        defaultScopes = clean(defaultScopes);
        schedulerScopes = clean(schedulerScopes);
    }

    private static List<String> clean(List<String> scopes) {
        return scopes == null ? List.of()
                : scopes.stream().filter(Objects::nonNull).map(String::trim).filter(scope -> !scope.isEmpty()).toList();
    }
}
