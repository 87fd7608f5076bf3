package com.dbadmin.function;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

/** db-admin.lambda.*: who a direct invocation is when it carries no token. */
@ConfigurationProperties("db-admin.lambda")
class LambdaSettings {
    private List<String> defaultScopes = List.of();
    private boolean requireToken;

    /**
     * Scopes of a caller that IAM let invoke a function and that presents no token (also the scheduler's).
     * Empty: the scopes of the tools in that function's group, so invoke permission on a function is
     * permission to use its group.
     */
    public List<String> getDefaultScopes() {
        return defaultScopes;
    }

    public void setDefaultScopes(List<String> defaultScopes) {
        this.defaultScopes = defaultScopes == null ? List.of()
                : defaultScopes.stream().map(String::trim).filter(scope -> !scope.isEmpty()).toList();
    }

    /** Refuse direct invocations without a verified token (IAM permission alone is not enough). */
    public boolean isRequireToken() {
        return requireToken;
    }

    public void setRequireToken(boolean requireToken) {
        this.requireToken = requireToken;
    }
}
