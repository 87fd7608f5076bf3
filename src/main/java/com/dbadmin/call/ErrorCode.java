package com.dbadmin.call;

/**
 * The stable error codes every transport reports. Clients branch on the code, never on the message.
 */
public enum ErrorCode {
    DB_400_VALIDATION(400, false),
    DB_401_UNAUTHENTICATED(401, false),
    DB_403_ACCESS_DENIED(403, false),
    DB_404_NOT_FOUND(404, false),
    DB_409_CONFLICT(409, false),
    DB_413_TOO_LARGE(413, false),
    DB_422_CONSTRAINT(422, false),
    DB_429_RATE_LIMITED(429, true),
    /** The client cancelled the call (MCP notifications/cancelled); it was rolled back. */
    DB_499_CANCELLED(499, false),
    DB_500_DATABASE(500, false),
    DB_503_UNAVAILABLE(503, true),
    DB_504_TIMEOUT(504, true);

    private final int httpStatus;
    private final boolean retryable;

    ErrorCode(int httpStatus, boolean retryable) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }
}
