package com.dbadmin.db.multi;

import com.dbadmin.backup.BackupStoreFactory;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import com.dbadmin.db.named.NamedDatabase;
import com.dbadmin.db.named.NamedDatabases;
import com.dbadmin.ops.logging.SecretRedactor;
import com.dbadmin.tool.DatabaseRoutes;
import com.dbadmin.tool.ToolInvoker;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The databases of DB_ADMIN_DATABASES. The first is this context's own; every other one runs in a child
 * application context built from this context's configuration plus its own settings (URL, login, pool size,
 * restricted and read-only tables, a backup folder or S3 prefix of its own), so its catalogue cache, table policy,
 * audit log (its own dbadmin schema), backup store and schedule are its own and no tool knows about the others.
 * A context that cannot start (its database is down) is tried again by the first call or health check at least
 * five seconds later; meanwhile calls to it fail at once with DB_503 and /health reports it, while the other
 * databases keep serving.
 */
@Context
public class DatabaseRouter implements DatabaseRoutes, GracefulShutdownCapable {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseRouter.class);
    /** A database that did not start is tried again after this long, so calls to it fail fast meanwhile. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final ApplicationContext main;
    private final List<String> names;
    private final Map<String, Secondary> secondaries = new LinkedHashMap<>();

    DatabaseRouter(ApplicationContext main, @Value("${" + NamedDatabases.PROPERTY + ":}") String configured) {
        this.main = main;
        List<NamedDatabase> databases = NamedDatabases.parse(configured);
        this.names = databases.stream().map(NamedDatabase::name).toList();
        for (NamedDatabase database : databases.stream().skip(1).toList()) {
            Secondary secondary = new Secondary(database);
            secondaries.put(database.name(), secondary);
            try {
                secondary.start();
            } catch (ToolException unavailable) {
                // Logged and reported by /health; the next call to it tries again.
            }
        }
    }

    @Override
    public List<String> names() {
        return names;
    }

    @Override
    public ToolInvoker invoker(String name) {
        Secondary secondary = secondaries.get(name);
        if (secondary == null) {
            throw new IllegalArgumentException("'" + name + "' is not a secondary database");
        }
        return secondary.start().getBean(ToolInvoker.class);
    }

    /** The context of a database other than the first, started now if it could not start before; empty while it cannot. */
    public Optional<ApplicationContext> context(String name) {
        Secondary secondary = secondaries.get(name);
        if (secondary == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(secondary.start());
        } catch (ToolException unavailable) {
            return Optional.empty();
        }
    }

    /** Why a database other than the first has no running context, if it has none. */
    public Optional<String> startFailure(String name) {
        Secondary secondary = secondaries.get(name);
        return secondary == null ? Optional.empty() : Optional.ofNullable(secondary.failure());
    }

    /**
     * The server's graceful shutdown reaches the other databases too: each refuses new calls and is waited for
     * like the first, so a call forwarded there is neither cut off by the close below nor accepted while the
     * server drains.
     */
    @Override
    public CompletionStage<?> shutdownGracefully() {
        List<CompletableFuture<?>> draining = new ArrayList<>();
        for (Secondary secondary : secondaries.values()) {
            ApplicationContext context = secondary.running();
            if (context != null) {
                context.getBeansOfType(GracefulShutdownCapable.class)
                        .forEach(capable -> draining.add(capable.shutdownGracefully().toCompletableFuture()));
            }
        }
        return CompletableFuture.allOf(draining.toArray(CompletableFuture[]::new));
    }

    @PreDestroy
    void close() {
        secondaries.values().forEach(Secondary::close);
    }

    /** This context's settings with a database's own on top. */
    private ApplicationContextBuilder childOf(NamedDatabase database) {
        Environment environment = main.getEnvironment();
        Map<String, Object> own = new LinkedHashMap<>();
        // The server's replica and direct URLs name servers of the first database: others have their own or none.
        own.put("db-admin.database.direct-url", "");
        own.put("db-admin.database.read-replica-url", "");
        own.putAll(database.properties());
        own.put(NamedDatabases.PROPERTY, "");
        own.put("db-admin.backup.dir", BackupStoreFactory.localFolder(environment
                .getProperty("db-admin.backup.dir", String.class).orElse(null)).resolve(database.name()).toString());
        String prefix = environment.getProperty("db-admin.backup.s3.prefix", String.class).orElse("").trim();
        own.put("db-admin.backup.s3.prefix", (prefix.isEmpty() || prefix.endsWith("/") ? prefix : prefix + "/")
                + database.name() + "/");
        ApplicationContextBuilder builder = ApplicationContext.builder()
                .environments(environment.getActiveNames().toArray(String[]::new))
                .deduceEnvironment(false)
                .banner(false);
        for (PropertySource source : environment.getPropertySources()) {
            builder.propertySources(source);
        }
        return builder.propertySources(PropertySource.of("database-" + database.name(), own, Integer.MAX_VALUE));
    }

    private final class Secondary {
        private final NamedDatabase database;
        private ApplicationContext context;
        private String failure;
        private long failedAt;

        Secondary(NamedDatabase database) {
            this.database = database;
        }

        synchronized ApplicationContext start() {
            if (context != null) {
                return context;
            }
            if (failure != null && System.nanoTime() - failedAt < RETRY_AFTER.toNanos()) {
                throw unavailable();
            }
            ApplicationContext starting = childOf(database).build();
            try {
                context = starting.start();
                failure = null;
                return context;
            } catch (RuntimeException e) {
                closeQuietly(starting); // its pool and timers, if they started before the failure
                failure = SecretRedactor.redact(String.valueOf(rootMessage(e)));
                failedAt = System.nanoTime();
                LOG.warn("Database '{}' is unavailable: {}", database.name(), failure);
                throw unavailable();
            }
        }

        private ToolException unavailable() {
            return new ToolException(ErrorCode.DB_503_UNAVAILABLE, "The database '" + database.name()
                    + "' is unavailable; retry shortly.");
        }

        /** The context when it has started, else null (a graceful shutdown does not start it). */
        synchronized ApplicationContext running() {
            return context;
        }

        synchronized String failure() {
            return failure;
        }

        synchronized void close() {
            if (context != null) {
                context.close();
                context = null;
            }
        }

        private static void closeQuietly(ApplicationContext starting) {
            try {
                starting.close();
            } catch (RuntimeException e) {
                LOG.debug("Closing the context of a database that did not start failed", e);
            }
        }

        private static String rootMessage(Throwable e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root.getMessage();
        }
    }
}
