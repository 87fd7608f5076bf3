package com.dbadmin.call;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A setting every tool call's transaction starts with, as a {@code SET LOCAL} statement (statement
 * timeout, role, ...). It ends with the transaction, so it holds whichever server connection a
 * transaction-pooling proxy picks, and it never leaks to the next user of that connection. The invoker
 * collects every bean of this type; {@link DbSession} runs them in one round trip when it opens the
 * transaction.
 */
@FunctionalInterface
public interface TransactionSetting {
    /** The statement, for example {@code SET LOCAL statement_timeout = 30000}. */
    String sql();

    /**
     * Whether {@code connection}'s session already holds this setting, with the same value, for as long as it
     * lives. A read-only call whose every setting is held that way runs without a transaction of its own
     * (see {@link DbSession}). The default is no, which keeps the transaction.
     */
    default boolean heldBySession(Connection connection) throws SQLException {
        return false;
    }
}
