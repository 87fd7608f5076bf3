package com.dbadmin.db;

import com.dbadmin.guard.Limits;
import com.dbadmin.ops.UserDataFolder;
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
import java.nio.file.Files;
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

    static final String APPLICATION_NAME = "database-admin-server";

    private EmbeddedDatabase embedded;
    private DatabaseSecret secret;
    private PoolerDetector pooler;
    private DataSource direct;
    private PoolerAwareDataSource pooled;
    private String target;
    private String directTarget;
    private DatabaseEndpoint endpoint;
    private ReplicaPool replica;

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
            embedded = EmbeddedDatabase.start(embeddedDataDir(embeddedSettings), embeddedSettings.port());
            url = new DatabaseUrl(embedded.jdbcUrl(), embedded.username(), null);
            loadDemo = embeddedSettings.demoData();
        }
        try {
            return pool(settings, embeddedSettings, limits, checkpointable, url, loadDemo);
        } catch (RuntimeException e) {
            // Nothing else will stop a PostgreSQL this process started when the pool cannot be built.
            stopEmbedded();
            throw e;
        }
    }

    private HikariDataSource pool(DatabaseSettings settings, EmbeddedSettings embeddedSettings, Limits limits,
                                  boolean checkpointable, DatabaseUrl url, boolean loadDemo) {
        if (settings.hasSecret()) {
            secret = new DatabaseSecret(settings.secretArn());
        }
        DataSource physical = physicalConnections(url);
        pooler = embedded != null ? PoolerDetector.fixed(PoolerMode.NONE, "the embedded PostgreSQL")
                : PoolerDetector.start(settings.poolerMode(), url.jdbcUrl(), physical);
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
        DatabaseUrl replicaUrl = settings.hasReadReplica()
                ? DatabaseUrl.parse(settings.readReplicaUrl(), null, null).withDefaultCredentials(url) : null;
        endpoint = new DatabaseEndpoint(url.jdbcUrlWithoutCredentials(), embedded != null,
                replicaUrl == null ? null : replicaUrl.jdbcUrlWithoutCredentials(), settings.readReplicaMaxLag());
        if (replicaUrl != null) {
            replica = replicaPool(settings, replicaUrl, limits);
        }
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
     * DB_ADMIN_DATA_DIR resolved against the user data folder ({@code postgres} there when unset), so the
     * folder never depends on the working directory a desktop client starts the server in.
     */
    private static Path embeddedDataDir(EmbeddedSettings settings) {
        UserDataFolder userFolder = UserDataFolder.current();
        Path folder = userFolder.resolve(settings.dataDir(), "postgres", "DB_ADMIN_DATA_DIR");
        String configured = settings.dataDir();
        if (configured != null && !configured.isBlank() && !Path.of(configured.trim()).isAbsolute()) {
            LOG.info("DB_ADMIN_DATA_DIR '{}' is relative: it is taken inside the user data folder, {}", configured.trim(),
                    folder);
        }
        Path legacy = Path.of("data", "postgres").toAbsolutePath();
        if ((configured == null || configured.isBlank()) && Files.exists(legacy.resolve("PG_VERSION"))
                && !legacy.equals(folder)) {
            LOG.warn("The embedded database now lives in {}; the one in {} is no longer used. To keep using it, set"
                    + " DB_ADMIN_DATA_DIR={}", folder, legacy, legacy);
        }
        return folder;
    }

    /**
     * The pool's connections without the pool, for Flyway: it holds two connections at once, more than a
     * pool of one (Lambda) has, and a migration is a one-off at start-up.
     */
    static DataSource unpooled(DataSource dataSource) {
        return dataSource instanceof HikariDataSource pool && pool.getDataSource() != null ? pool.getDataSource()
                : dataSource;
    }

    /** The pool, the pooler decision, the direct connections and the read replica, for tool calls, backups and /health. */
    @Singleton
    DatabaseConnections connections(HikariDataSource pool) {
        return new DatabaseConnections(pool, pooled, pooler, direct, target, directTarget, replica);
    }

    /** Where the pool above connects (and its replica), for another login to the same database. */
    @Singleton
    public DatabaseEndpoint databaseEndpoint(@Named("default") HikariDataSource dataSource) {
        return endpoint;
    }

    /**
     * The read replica's own pool, set up like the primary's (a proxy in front of it is detected the same way).
     * A dead replica must cost a read-only call little: it waits at most 2 s for a connection, once, and then
     * reads go to the primary while the replica is probed in the background.
     */
    private ReplicaPool replicaPool(DatabaseSettings settings, DatabaseUrl replicaUrl, Limits limits) {
        DataSource physical = physicalConnections(replicaUrl);
        PoolerDetector replicaPooler = PoolerDetector.start(settings.poolerMode(), replicaUrl.jdbcUrl(), physical);
        HikariConfig config = new HikariConfig();
        config.setPoolName("db-admin-replica");
        config.setDataSource(new PoolerAwareDataSource(physical, replicaPooler, limits.statementTimeout()));
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(0);
        config.setInitializationFailTimeout(-1);
        config.setConnectionTimeout(2_000);
        config.setReadOnly(true);
        LOG.info("Read replica: {} (reads lagging more than {} go to the primary)", replicaUrl.redacted(),
                settings.readReplicaMaxLag());
        return new ReplicaPool(new HikariDataSource(config), settings.readReplicaMaxLag(), replicaUrl.redacted());
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
        if (replica != null) {
            replica.close();
        }
        if (embedded != null) {
            embedded.close();
            embedded = null;
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
                // The schema may already hold the server's own tables (migrated before the demo was asked for).
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .placeholders(Map.of("demo_books", Integer.toString(books)))
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            LOG.info("Demo schema loaded ({} books) in {} ms", books, (System.nanoTime() - started) / 1_000_000);
        }
    }
}
