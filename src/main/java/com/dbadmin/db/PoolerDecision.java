package com.dbadmin.db;

/**
 * Which {@link PoolerMode} the server works in, and why (shown in the log and in /health).
 *
 * @param basis    {@code configured} (DB_ADMIN_POOLER), {@code detected} (probe or endpoint name) or
 *                 {@code assumed} (the probe could not run; the safe mode until it can)
 * @param evidence what was seen, in one sentence
 */
public record PoolerDecision(PoolerMode mode, String basis, String evidence) {
    static final String CONFIGURED = "configured";
    static final String DETECTED = "detected";
    static final String ASSUMED = "assumed";

    /** What the mode changes, for the log and /health. */
    public String consequence() {
        return mode.multiplexesTransactions()
                ? "no server-side prepared statements, no session settings; every call sets its limits with SET LOCAL"
                : "server-side prepared statements and session settings allowed";
    }
}
