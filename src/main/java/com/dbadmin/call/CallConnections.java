package com.dbadmin.call;

import javax.sql.DataSource;

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
}
