package com.dbadmin.call;

/** Which connection a tool call's transaction may run on. */
public enum ConnectionKind {
    /**
     * Any connection of the pool, also one reached through a transaction-pooling proxy (PgBouncer in
     * transaction mode, RDS Proxy): the call is one short transaction that carries its own settings.
     */
    POOLED,
    /**
     * A connection straight to PostgreSQL (or through a session pooler): backups and restores hold one
     * snapshot or one bulk transaction for minutes, which through a transaction pooler would occupy one of
     * its few server connections for that long and be cut by its transaction and idle limits.
     */
    DIRECT
}
