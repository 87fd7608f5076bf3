package com.dbadmin.db;

import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The physical connections behind the pool when the credentials live in Secrets Manager. RDS rotates the
 * password, and a SnapStart snapshot may be restored long after it was taken, so a cached password goes
 * stale: when PostgreSQL rejects it, the secret is read again and the connection retried once with the new
 * value. HikariCP has no hook for "authentication failed, ask again", hence this small wrapper.
 */
final class SecretCredentialsDataSource extends DelegatingDataSource {
    private static final Logger LOG = LoggerFactory.getLogger(SecretCredentialsDataSource.class);
    /** invalid_password, invalid_authorization_specification (PostgreSQL and RDS Proxy). */
    private static final String INVALID_PASSWORD = "28P01";
    private static final String INVALID_AUTHORIZATION = "28000";

    private final DatabaseSecret secret;
    private volatile DatabaseSecret.Credentials credentials;

    SecretCredentialsDataSource(PGSimpleDataSource postgres, DatabaseSecret secret) {
        super(postgres);
        this.secret = secret;
        this.credentials = secret.read();
    }

    String username() {
        return credentials.username();
    }

    @Override
    public Connection getConnection() throws SQLException {
        DatabaseSecret.Credentials used = credentials;
        try {
            return delegate.getConnection(used.username(), used.password());
        } catch (SQLException e) {
            if (!INVALID_PASSWORD.equals(e.getSQLState()) && !INVALID_AUTHORIZATION.equals(e.getSQLState())) {
                throw e;
            }
            DatabaseSecret.Credentials fresh;
            try {
                fresh = reread(used);
            } catch (RuntimeException unreadable) {
                e.addSuppressed(unreadable);
                throw e;
            }
            if (fresh.equals(used)) {
                throw e;
            }
            LOG.info("Database credentials were rotated; connecting with the secret's current value");
            return delegate.getConnection(fresh.username(), fresh.password());
        }
    }

    private synchronized DatabaseSecret.Credentials reread(DatabaseSecret.Credentials rejected) {
        if (credentials != rejected) {
            return credentials; // another thread already refreshed them
        }
        credentials = secret.read();
        return credentials;
    }
}
