package com.dbadmin.db;

import com.dbadmin.call.CallConnections;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * The server's ways to the database: the pool, the connection pooler it goes through (if any), the read
 * replica read-only tools prefer (if configured), and the direct connections that backups and restores need ({@code DB_ADMIN_DIRECT_DATABASE_URL} when set,
 * otherwise the pool unless it is behind a transaction pooler). Direct connections are opened per use and
 * closed after, so nothing idle is held beside the pool.
 */
public final class DatabaseConnections implements CallConnections {
    private final HikariDataSource pool;
    private final PoolerAwareDataSource physical;
    private final PoolerDetector pooler;
    private final DataSource direct;
    private final String target;
    private final String directTarget;
    private final ReplicaPool replica;

    DatabaseConnections(HikariDataSource pool, PoolerAwareDataSource physical, PoolerDetector pooler, DataSource direct,
                        String target, String directTarget, ReplicaPool replica) {
        this.pool = pool;
        this.physical = physical;
        this.pooler = pooler;
        this.direct = direct;
        this.target = target;
        this.directTarget = directTarget;
        this.replica = replica;
    }

    @Override
    public boolean hasReplica() {
        return replica != null;
    }

    @Override
    public ReplicaConnection readFromReplica() {
        if (replica == null) {
            return ReplicaConnection.none(null);
        }
        ReplicaPool.Borrowed borrowed = replica.borrow();
        return new ReplicaConnection(borrowed.connection(), borrowed.lagMs(), borrowed.unavailable());
    }

    /** The read replica, when one is configured (for /health). */
    public java.util.Optional<ReplicaPool> replica() {
        return java.util.Optional.ofNullable(replica);
    }

    @Override
    public DataSource pooled() {
        return pool;
    }

    @Override
    public DataSource direct() {
        if (direct != null) {
            return direct;
        }
        if (!pooler.mode().multiplexesTransactions()) {
            return pool;
        }
        throw directRefusal();
    }

    @Override
    public boolean directAvailable() {
        return direct != null || !pooler.mode().multiplexesTransactions();
    }

    /** Whether this pooled connection's session has the statement timeout (not behind a transaction pooler). */
    boolean hasSessionTimeout(Connection connection) throws SQLException {
        return physical != null && physical.hasSessionTimeout(connection);
    }

    /** The current pooler mode and why. */
    public PoolerDecision pooler() {
        return pooler.decision();
    }

    /** host:port/database of the pool, without credentials or URL options. */
    public String target() {
        return target;
    }

    /** host:port/database of DB_ADMIN_DIRECT_DATABASE_URL, or null when it is not set. */
    public String directTarget() {
        return directTarget;
    }

    /** Why a backup or restore cannot run now: behind a transaction pooler with no direct URL. */
    ToolException directRefusal() {
        PoolerDecision decision = pooler.decision();
        return new ToolException(ErrorCode.DB_503_UNAVAILABLE, "Backups and restores need a direct connection to"
                + " PostgreSQL, and this server reaches it through a transaction-pooling proxy (" + decision.basis() + ": "
                + decision.evidence() + "). Set DB_ADMIN_DIRECT_DATABASE_URL to the database itself (or to a session"
                + " pooler); if the proxy pools sessions, set DB_ADMIN_POOLER=session. Nothing was read or changed.",
                Map.of("setting", "DB_ADMIN_DIRECT_DATABASE_URL", "pooler", decision.mode().id()));
    }
}
