package com.dbadmin.db;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Finds out whether a transaction-pooling proxy sits in front of PostgreSQL, by watching which backend
 * (pg_backend_pid) serves each statement: on PostgreSQL or behind a session pooler, a client connection
 * keeps its backend for life; behind a transaction pooler it gets whichever server connection is free.
 *
 * <p>One client connection alone cannot tell: a pooler usually hands the same idle server connection back
 * (PgBouncer reuses the most recent one). So a second connection holds a transaction open in between,
 * which takes the client's backend away from it if — and only if — backends are shared. Works for any
 * proxy (PgBouncer, pgcat, Odyssey, RDS Proxy) without its admin console. The RDS Proxy endpoint name is
 * also enough on its own, since RDS Proxy always multiplexes transactions (until a session gets pinned,
 * which this server avoids).
 */
final class PoolerProbe {
    private static final int ROUNDS = 3;
    /** A probe waits no longer than this for a statement: a saturated pooler answers it eventually, PostgreSQL at once. */
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern RDS_PROXY_HOST = Pattern.compile(
            "(?i)^jdbc:postgresql://[^/?]*\\.proxy-[a-z0-9]+\\.[a-z0-9-]+\\.rds\\.amazonaws\\.com(\\.cn)?(:\\d+)?([/?].*)?$");

    private PoolerProbe() {
    }

    /** A decision from the URL alone, or null when only a probe can tell. */
    static PoolerDecision fromEndpoint(String jdbcUrl) {
        if (jdbcUrl != null && RDS_PROXY_HOST.matcher(jdbcUrl.toLowerCase(Locale.ROOT)).matches()) {
            return new PoolerDecision(PoolerMode.TRANSACTION, PoolerDecision.DETECTED,
                    "the database URL names an RDS Proxy endpoint, which multiplexes transactions");
        }
        return null;
    }

    /**
     * Probes with two connections of {@code physical} (unpooled).
     *
     * @throws SQLException when the database cannot be reached or does not answer in time
     */
    static PoolerDecision probe(DataSource physical) throws SQLException {
        try (Connection client = physical.getConnection(); Connection holder = physical.getConnection()) {
            int timeout = (int) TIMEOUT.toMillis();
            for (Connection connection : new Connection[]{client, holder}) {
                connection.setNetworkTimeout(Runnable::run, timeout);
                // The probe repeats its statement: it must not become a named one before the answer is known.
                connection.unwrap(PGConnection.class).setPrepareThreshold(0);
            }
            long kept = -1;
            for (int round = 0; round < ROUNDS; round++) {
                long before = backend(client);
                holder.setAutoCommit(false);
                try {
                    long held = backend(holder); // the holder's transaction keeps this backend until the rollback
                    if (held == before) {
                        return transaction("backend " + before + " served one connection, then another connection's"
                                + " transaction");
                    }
                    long after = backend(client);
                    if (after != before) {
                        return transaction("two consecutive statements on one connection ran on backends " + before
                                + " and " + after);
                    }
                    kept = before;
                } finally {
                    holder.rollback();
                    holder.setAutoCommit(true);
                }
            }
            return new PoolerDecision(PoolerMode.NONE, PoolerDecision.DETECTED, "one connection kept backend " + kept
                    + " for " + (2 * ROUNDS) + " statements while another connection held transactions (PostgreSQL"
                    + " itself or a session pooler)");
        }
    }

    private static PoolerDecision transaction(String evidence) {
        return new PoolerDecision(PoolerMode.TRANSACTION, PoolerDecision.DETECTED, evidence
                + ": a transaction-pooling proxy");
    }

    private static long backend(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
