package com.dbadmin.sql.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A diagnosis of one database: every check as a finding with a severity and a one-line recommendation, and the
 * top statements when pg_stat_statements is there. Each check runs under a savepoint, so one the login may not
 * run (a missing privilege, an old server) becomes an "info" finding saying so instead of failing the report.
 */
public final class HealthReport {
    /** The checks, in report order. */
    public static final List<String> CHECKS = List.of("connections", "long_running_queries", "idle_in_transaction",
            "blocking_locks", "cache_hit_ratio", "vacuum", "analyze", "transaction_id_age", "bloat", "invalid_indexes",
            "unused_indexes", "duplicate_indexes", "sequences", "replication", "database_size");

    private HealthReport() {
    }

    @FunctionalInterface
    private interface Check {
        Finding run(HealthContext context) throws SQLException;
    }

    /**
     * @param hiddenRelations  relations no finding may name
     * @param schemaVisible    schemas findings may name
     * @param sessionSeconds   how old an active query or an idle transaction must be to be reported
     */
    public static ObjectNode run(Connection connection, Set<Long> hiddenRelations, Predicate<String> schemaVisible,
                                 int sessionSeconds) throws SQLException {
        HealthContext context = new HealthContext(connection, hiddenRelations, schemaVisible);
        List<Check> checks = List.of(SessionChecks::connections,
                c -> SessionChecks.longRunningQueries(c, sessionSeconds),
                c -> SessionChecks.idleInTransaction(c, sessionSeconds),
                c -> SessionChecks.blockingLocks(c, sessionSeconds),
                CapacityChecks::cacheHitRatio, MaintenanceChecks::vacuum, MaintenanceChecks::analyze,
                MaintenanceChecks::transactionIdAge, MaintenanceChecks::bloat, IndexChecks::invalid,
                IndexChecks::unused, IndexChecks::duplicates, CapacityChecks::sequences, CapacityChecks::replication,
                CapacityChecks::databaseSize);
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT current_database(), current_setting('server_version')"); ResultSet rs = statement.executeQuery()) {
            rs.next();
            report.put("database", rs.getString(1));
            report.put("server_version", rs.getString(2));
        }
        report.put("checked_at", Instant.now().toString());
        Severity status = Severity.OK;
        ArrayNode findings = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < checks.size(); i++) {
            Finding finding = guarded(context, CHECKS.get(i), checks.get(i));
            status = status.worst(finding.severity());
            findings.add(finding.toJson());
        }
        report.put("status", status.id());
        ObjectNode privileges = report.putObject("privileges");
        privileges.put("superuser", context.superuser);
        privileges.put("pg_read_all_stats", context.readsAllStats);
        privileges.put("note", context.readsAllStats ? "This login sees every session and replication detail."
                : "This login is not a member of pg_monitor (or pg_read_all_stats): other roles' sessions are counted"
                + " but their state, duration and lock waits are hidden, and so is replication lag. GRANT pg_monitor"
                + " TO the server's login for a complete report.");
        report.set("findings", findings);
        report.set("top_queries", TopQueries.read(context));
        return report;
    }

    private static Finding guarded(HealthContext context, String name, Check check) throws SQLException {
        Savepoint savepoint = context.connection.setSavepoint();
        try {
            Finding finding = check.run(context);
            context.connection.releaseSavepoint(savepoint);
            return finding;
        } catch (SQLException e) {
            context.connection.rollback(savepoint);
            if (e.getSQLState() != null && (e.getSQLState().startsWith("08") || e.getSQLState().equals("57014"))) {
                throw e; // the connection is gone or the time is up: the whole report fails
            }
            return Finding.of(name, Severity.INFO, "This check could not run for this login: " + e.getMessage(),
                    "Grant the server's login pg_monitor, or run the check as an administrator.");
        }
    }
}
