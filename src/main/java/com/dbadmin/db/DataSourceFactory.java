package com.dbadmin.db;

import com.dbadmin.guard.Limits;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
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
 * extra configuration.
 */
@Factory
class DataSourceFactory {
    private static final Logger LOG = LoggerFactory.getLogger(DataSourceFactory.class);

    static final String APPLICATION_NAME = "database-admin-server";

    private EmbeddedDatabase embedded;
    private DatabaseSecret secret;
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
        DatabaseUrl url;
        boolean loadDemo = settings.loadDemo();
        if (settings.isConfigured()) {
            url = DatabaseUrl.parse(settings.url(), settings.username(), settings.password());
        } else {
            embedded = EmbeddedDatabase.start(Path.of(embeddedSettings.dataDir()), embeddedSettings.port());
            url = new DatabaseUrl(embedded.jdbcUrl(), embedded.username(), null);
            loadDemo = embeddedSettings.demoData();
        }
        HikariConfig config = poolConfig("db-admin", url, settings, limits);
        // micronaut-crac suspends the pool and closes its connections before a SnapStart/CRaC checkpoint.
        config.setAllowPoolSuspension(checkpointable);
        config.setConnectionTimeout(5_000);
        HikariDataSource dataSource = new HikariDataSource(config);
        DatabaseUrl replicaUrl = settings.hasReadReplica() ? replicaUrl(settings, url) : null;
        endpoint = new DatabaseEndpoint(url.jdbcUrlWithoutCredentials(), embedded != null,
                replicaUrl == null ? null : replicaUrl.jdbcUrlWithoutCredentials(), settings.readReplicaMaxLag());
        if (replicaUrl != null) {
            HikariConfig replicaConfig = poolConfig("db-admin-replica", replicaUrl, settings, limits);
            // A dead replica must cost a read-only call little: the call falls back to the primary.
            replicaConfig.setConnectionTimeout(2_000);
            replicaConfig.setReadOnly(true);
            replica = new ReplicaPool(new HikariDataSource(replicaConfig), settings.readReplicaMaxLag());
            LOG.info("Read replica: {} (reads lagging more than {} go to the primary)", replicaUrl.redacted(),
                    settings.readReplicaMaxLag());
        }
        LOG.info("Database: {}", url.redacted());
        if (loadDemo) {
            loadDemo(dataSource, embeddedSettings.demoBooks());
        }
        return dataSource;
    }

    /** The primary and, when configured, the read replica: what tool calls run on. */
    @Singleton
    public CallConnections callConnections(@Named("default") HikariDataSource dataSource) {
        return new CallConnections(dataSource, replica);
    }

    private HikariConfig poolConfig(String name, DatabaseUrl url, DatabaseSettings settings, Limits limits) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(name);
        if (settings.hasSecret()) {
            // Credentials from Secrets Manager (Lambda: DB_SECRET_ARN), re-read when the password is rotated.
            config.setDataSource(secretDataSource(url, settings.secretArn()));
        } else {
            config.setJdbcUrl(url.jdbcUrl());
            config.setUsername(url.username());
            config.setPassword(url.password());
            config.addDataSourceProperty("ApplicationName", APPLICATION_NAME);
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setInitializationFailTimeout(-1);
        // SET rather than the "options" startup parameter: PgBouncer rejects unknown startup parameters.
        config.setConnectionInitSql("SET statement_timeout = " + limits.statementTimeout().toMillis());
        return config;
    }

    /** The replica's URL, with the primary's login unless it names its own. */
    private static DatabaseUrl replicaUrl(DatabaseSettings settings, DatabaseUrl primary) {
        DatabaseUrl replica = DatabaseUrl.parse(settings.readReplicaUrl(), null, null);
        return replica.username() != null ? replica
                : new DatabaseUrl(replica.jdbcUrl(), primary.username(), primary.password());
    }

    /** Where the pool above connects; built with it. */
    @Singleton
    public DatabaseEndpoint databaseEndpoint(@Named("default") HikariDataSource dataSource) {
        return endpoint;
    }

    private DataSource secretDataSource(DatabaseUrl url, String secretArn) {
        if (secret == null) {
            secret = new DatabaseSecret(secretArn);
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url.jdbcUrl());
        postgres.setApplicationName(APPLICATION_NAME);
        postgres.setReWriteBatchedInserts(true);
        SecretCredentialsDataSource dataSource = new SecretCredentialsDataSource(postgres, secret);
        LOG.info("Database credentials from Secrets Manager (user {})", dataSource.username());
        return dataSource;
    }

    /** Stops the embedded database after the pool has closed. */
    @jakarta.annotation.PreDestroy
    void stopEmbedded() {
        if (replica != null) {
            replica.close();
        }
        if (embedded != null) {
            embedded.close();
        }
        if (secret != null) {
            secret.close();
        }
    }

    private static void loadDemo(HikariDataSource dataSource, int books) {
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
