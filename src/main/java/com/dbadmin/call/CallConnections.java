package com.dbadmin.call;

import javax.sql.DataSource;
import java.sql.Connection;

/**
 * Where tool calls get their connections: the pool, or for {@link ConnectionKind#DIRECT} calls a
 * connection that does not go through a transaction-pooling proxy.
 */
public interface CallConnections {

    /** The connection pool (possibly in front of a transaction-pooling proxy). */
    DataSource pooled();

    /**
     * Connections straight to PostgreSQL: the pool itself when it is not behind a transaction pooler,
     * otherwise {@code DB_ADMIN_DIRECT_DATABASE_URL}.
     *
     * @throws ToolException DB_503_UNAVAILABLE when there is none (behind a transaction pooler without a direct URL)
     */
    DataSource direct();

    /** Whether {@link #direct()} has connections to give. */
    boolean directAvailable();

    default DataSource forTool(ToolDefinition tool) {
        return tool.connection() == ConnectionKind.DIRECT ? direct() : pooled();
    }

    /** Whether a read replica is configured: results then say which server answered ({@link ServedBy}). */
    default boolean hasReplica() {
        return false;
    }

    /** For a read-only call: a replica's connection when one can serve now, or why not (the call then uses the pool). */
    default ReplicaConnection readFromReplica() {
        return ReplicaConnection.none(null);
    }

    /**
     * @param connection  null when no replica can serve
     * @param lagMs       its replay lag when the call began
     * @param unavailable why there is none (down, lagging), null when none is configured
     */
    record ReplicaConnection(Connection connection, Long lagMs, String unavailable) {
        public static ReplicaConnection none(String why) {
            return new ReplicaConnection(null, null, why);
        }
    }
}
