package com.dbadmin.db;

import java.util.Locale;

/** What sits between the server's connections and PostgreSQL ({@code DB_ADMIN_POOLER}). */
public enum PoolerMode {
    /** PostgreSQL itself: one server connection per client connection for its whole life. */
    NONE,
    /** A session-pooling proxy (PgBouncer {@code pool_mode = session}): behaves like {@link #NONE} for us. */
    SESSION,
    /**
     * A transaction-pooling proxy (PgBouncer {@code pool_mode = transaction}, RDS Proxy): consecutive
     * transactions of one client connection may run on different server connections, so nothing may live
     * in the session (no server-side prepared statements, no session-level SET).
     */
    TRANSACTION;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean multiplexesTransactions() {
        return this == TRANSACTION;
    }

    /** Parses a configured mode; {@code auto} (detect) is not a mode and gives null. */
    static PoolerMode configured(String setting) {
        String value = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "auto" -> null;
            case "none" -> NONE;
            case "session" -> SESSION;
            case "transaction" -> TRANSACTION;
            default -> throw new IllegalArgumentException("DB_ADMIN_POOLER must be auto, none, transaction or session, not '"
                    + setting + "'");
        };
    }
}
