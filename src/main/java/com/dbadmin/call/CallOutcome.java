package com.dbadmin.call;

import java.util.EnumSet;
import java.util.Set;

/**
 * How a call ended, for the {@code outcome} label and the log: {@code success}; {@code denied} when
 * policy refused it or the client cancelled it (authentication, authorisation, rate limit,
 * cancellation: the caller's side, excluded from the
 * error-rate alerts); {@code error} for everything else.
 */
public enum CallOutcome {
    SUCCESS, ERROR, DENIED;

    private static final Set<ErrorCode> DENIALS = EnumSet.of(ErrorCode.DB_401_UNAUTHENTICATED,
            ErrorCode.DB_403_ACCESS_DENIED, ErrorCode.DB_429_RATE_LIMITED, ErrorCode.DB_499_CANCELLED);

    public static CallOutcome of(ToolOutcome outcome) {
        if (outcome.success()) {
            return SUCCESS;
        }
        return DENIALS.contains(outcome.error().code()) ? DENIED : ERROR;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
