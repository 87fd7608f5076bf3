package com.dbadmin.sql.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * The statements that took the most time, from pg_stat_statements when it is installed and loaded. Their text is
 * PostgreSQL's normalised form (constants replaced by $n); a statement that names a hidden relation or the server's
 * own schema is listed without its text.
 */
final class TopQueries {
    static final int LIMIT = 5;
    private static final int MAX_TEXT = 500;
    static final String HIDDEN_TEXT = "(a statement on a relation the server's policy hides)";
    static final String PASSWORD_TEXT = "(a statement that sets a password)";
    /** ALTER ROLE ... PASSWORD shows the password (or its verifier) in pg_stat_statements. */
    private static final java.util.regex.Pattern PASSWORD = java.util.regex.Pattern.compile("(?i)\\bpassword\\b");

    private TopQueries() {
    }

    static ObjectNode read(HealthContext context) throws SQLException {
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode queries = JsonNodeFactory.instance.arrayNode();
        String installed;
        try (PreparedStatement statement = context.prepare(
                "SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace"
                        + " WHERE e.extname = 'pg_stat_statements'");
             ResultSet rs = statement.executeQuery()) {
            installed = rs.next() ? rs.getString(1) : null;
        }
        if (installed == null) {
            return result.put("available", false).put("note", "pg_stat_statements is not installed in this database:"
                    + " add it to shared_preload_libraries, restart, then CREATE EXTENSION pg_stat_statements.")
                    .set("queries", queries);
        }
        Savepoint savepoint = context.connection.setSavepoint();
        try (PreparedStatement statement = context.prepare("""
                SELECT s.calls, s.total_exec_time, s.mean_exec_time, s.rows, s.query,
                       s.shared_blks_hit, s.shared_blks_read
                FROM %s.pg_stat_statements s
                WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                ORDER BY s.total_exec_time DESC LIMIT %d""".formatted(
                com.dbadmin.sql.catalog.Identifiers.quote(installed), LIMIT))) {
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    ObjectNode query = queries.addObject();
                    query.put("calls", rs.getLong("calls"));
                    query.put("total_time_ms", Math.round(rs.getDouble("total_exec_time") * 1000) / 1000.0);
                    query.put("mean_time_ms", Math.round(rs.getDouble("mean_exec_time") * 1000) / 1000.0);
                    query.put("rows", rs.getLong("rows"));
                    long hit = rs.getLong("shared_blks_hit");
                    long read = rs.getLong("shared_blks_read");
                    query.put("cache_hit_ratio", hit + read == 0 ? null : Math.round(1000.0 * hit / (hit + read)) / 1000.0);
                    query.put("query", text(context, rs.getString("query")));
                }
            }
            context.connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            context.connection.rollback(savepoint);
            // 55000: installed but not in shared_preload_libraries, so it has nothing to read.
            return result.put("available", false).put("note", "pg_stat_statements is installed but cannot be read ("
                    + e.getMessage() + "); add it to shared_preload_libraries and restart.").set("queries", queries);
        }
        String note = context.readsAllStats ? "Top " + LIMIT + " statements by total execution time."
                : "Top " + LIMIT + " statements by total execution time; other roles' statements show no text to this"
                + " login (grant it pg_read_all_stats).";
        return result.put("available", true).put("note", note).set("queries", queries);
    }

    private static String text(HealthContext context, String query) throws SQLException {
        if (query == null) {
            return null;
        }
        if (context.mentionsHidden(query)) {
            return HIDDEN_TEXT;
        }
        if (PASSWORD.matcher(query).find()) {
            return PASSWORD_TEXT;
        }
        return query.length() <= MAX_TEXT ? query : query.substring(0, MAX_TEXT) + "…";
    }
}
