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
        HikariConfig config = new HikariConfig();
        config.setPoolName("db-admin");
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
        // micronaut-crac suspends the pool and closes its connections before a SnapStart/CRaC checkpoint.
        config.setAllowPoolSuspension(checkpointable);
        config.setMaximumPoolSize(settings.poolSize());
        config.setMinimumIdle(Math.min(2, settings.poolSize()));
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        // SET rather than the "options" startup parameter: PgBouncer rejects unknown startup parameters.
        config.setConnectionInitSql("SET statement_timeout = " + limits.statementTimeout().toMillis());
        HikariDataSource dataSource = new HikariDataSource(config);
        endpoint = new DatabaseEndpoint(url.jdbcUrlWithoutCredentials(), embedded != null);
        LOG.info("Database: {}", url.redacted());
        if (loadDemo) {
            loadDemo(dataSource, embeddedSettings.demoBooks());
        }
        return dataSource;
    }

    /** Where the pool above connects; built with it. */
    @Singleton
    public DatabaseEndpoint databaseEndpoint(@Named("default") HikariDataSource dataSource) {
        return endpoint;
    }

    private DataSource secretDataSource(DatabaseUrl url, String secretArn) {
        secret = new DatabaseSecret(secretArn);
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
