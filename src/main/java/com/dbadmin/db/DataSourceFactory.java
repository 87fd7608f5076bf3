package com.dbadmin.db;

import com.dbadmin.guard.Limits;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.Map;

/**
 * The connection pool: to {@code DATABASE_URL} when set (with the credentials of {@code DB_SECRET_ARN}
 * when that is set too), otherwise to an embedded PostgreSQL loaded with the demo schema. Built here rather than from
 * {@code datasources.*} so that the documented environment names and the embedded fallback work without
 * extra configuration. Its connections are set up for whatever pools connections in front of PostgreSQL
 * ({@link PoolerDetector}, {@link PoolerAwareDataSource}); backups and restores get theirs from
 * {@link DatabaseConnections}.
 */
@Factory
class DataSourceFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DataSourceFactory.class);

    private static final String APPLICATION_NAME = "database-admin-server";

    private EmbeddedDatabase embedded;
    private DatabaseSecret secret;
    private PoolerDetector pooler;
    private DataSource direct;
    private PoolerAwareDataSource pooled;
    private String target;
    private String directTarget;

    @Singleton
    @Primary
    @Named("default")
    @Bean(preDestroy = "close")
    public HikariDataSource dataSource(DatabaseSettings settings, EmbeddedSettings embeddedSettings, Limits limits,
                                       @Value("${crac.enabled:false}") boolean checkpointable) {
        if (settings.hasSecret() && !settings.isConfigured()) {
            throw new IllegalStateException("DB_SECRET_ARN names the credentials; DATABASE_URL must name the database");
        }
        if (settings.hasDirectUrl() && !settings.isConfigured()) {
            throw new IllegalStateException("DB_ADMIN_DIRECT_DATABASE_URL is for a DATABASE_URL that goes through a"
                    + " connection pooler; set DATABASE_URL too");
        }
        DatabaseUrl url;
        boolean loadDemo = settings.loadDemo();
        if (settings.isConfigured()) {
            url = DatabaseUrl.parse(settings.url(), settings.username(), settings.password());
        } else {
            embedded = EmbeddedDatabase.start(Path.of(embeddedSettings.dataDir()), embeddedSettings.port());
            url = new DatabaseUrl(embedded.jdbcUrl(), embedded.username(), null);
            loadDemo = embeddedSettings.demoData();
        }
        if (settings.hasSecret()) {
            secret = new DatabaseSecret(settings.secretArn());
        }
        DataSource physical = physicalConnections(url);
        pooler = embedded != null ? PoolerDetector.fixed(PoolerMode.NONE, "the embedded PostgreSQL")
                : PoolerDetector.start(settings.pooler(), url.jdbcUrl(), physical);
        target = url.redacted();
        if (settings.hasDirectUrl()) {
            DatabaseUrl directUrl = DatabaseUrl.parse(settings.directUrl(), null, null).withDefaultCredentials(url);
            direct = physicalConnections(directUrl);
            directTarget = directUrl.redacted();
            LOG.info("Backups and restores connect directly to {}", directTarget);
        } else if (pooler.mode().multiplexesTransactions()) {
            LOG.warn("Backups and restores are refused until DB_ADMIN_DIRECT_DATABASE_URL names the database itself:"
                    + " their snapshot and long transactions must not go through a transaction pooler");
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("db-admin");
        pooled = new PoolerAwareDataSource(physical, pooler, limits.statementTimeout());
        config.setDataSource(pooled);
        // micronaut-crac suspends the pool and closes its connections before a SnapStart/CRaC checkpoint.
        config.setAllowPoolSuspension(checkpointable);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        HikariDataSource dataSource = new HikariDataSource(config);
        pooler.onModeChange(() -> {
            HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
            if (pool != null) {
                pool.softEvictConnections();
            }
        });
        LOG.info("Database: {}", target);
        if (loadDemo) {
            loadDemo(unpooled(dataSource), embeddedSettings.demoBooks());
        }
        return dataSource;
    }

    /**
     * The pool's connections without the pool, for Flyway: it holds two connections at once, more than a
     * pool of one (Lambda) has, and a migration is a one-off at start-up.
     */
    static DataSource unpooled(DataSource dataSource) {
        return dataSource instanceof HikariDataSource pool && pool.getDataSource() != null ? pool.getDataSource()
                : dataSource;
    }

    /** The pool, the pooler decision and the direct connections, for tool calls, backups and /health. */
    @Singleton
    DatabaseConnections connections(HikariDataSource pool) {
        return new DatabaseConnections(pool, pooled, pooler, direct, target, directTarget);
    }

    /**
     * Unpooled connections to {@code url}, with the credentials of the secret when one is configured.
     * {@code assumeMinServerVersion} makes pgjdbc send its application name in the startup packet instead
     * of a session-level SET after connecting (which a transaction pooler would leave on one server
     * connection, and which pins an RDS Proxy session); the server supports PostgreSQL 13 and later.
     */
    private DataSource physicalConnections(DatabaseUrl url) {
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url.jdbcUrl());
        // Defaults; an option in the URL wins.
        if (!url.hasOption("ApplicationName")) {
            postgres.setApplicationName(APPLICATION_NAME);
        }
        if (!url.hasOption("assumeMinServerVersion")) {
            postgres.setAssumeMinServerVersion("13");
        }
        if (!url.hasOption("reWriteBatchedInserts")) {
            postgres.setReWriteBatchedInserts(true);
        }
        if (secret != null) {
            // Credentials from Secrets Manager (Lambda: DB_SECRET_ARN), re-read when the password is rotated.
            SecretCredentialsDataSource dataSource = new SecretCredentialsDataSource(postgres, secret);
            LOG.info("Database credentials from Secrets Manager (user {})", dataSource.username());
            return dataSource;
        }
        if (url.username() != null) {
            postgres.setUser(url.username());
        }
        if (url.password() != null) {
            postgres.setPassword(url.password());
        }
        return postgres;
    }

    /** Stops the embedded database after the pool has closed. */
    @jakarta.annotation.PreDestroy
    void stopEmbedded() {
        if (embedded != null) {
            embedded.close();
        }
        if (secret != null) {
            secret.close();
        }
    }

    private static void loadDemo(DataSource dataSource, int books) {
        long started = System.nanoTime();
        var result = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/demo")
                // History in the internal schema, which no tool lists; the scripts set search_path to public.
                .schemas("dbadmin")
                .createSchemas(true)
                .table("demo_schema_history")
                .placeholders(Map.of("demo_books", Integer.toString(books)))
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Demo schema loaded ({} books) in {} ms", books, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
