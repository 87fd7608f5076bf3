package com.dbadmin.call;

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
}
