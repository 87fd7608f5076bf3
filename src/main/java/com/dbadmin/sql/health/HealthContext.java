package com.dbadmin.sql.health;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What every check needs: the connection, what the policy hides, and what the server's login may see
 * (pg_stat_activity and pg_stat_replication show other roles' details only to pg_read_all_stats).
 */
final class HealthContext {
    final Connection connection;
    final Set<Long> hiddenRelations;
    final Predicate<String> schemaVisible;
    final boolean superuser;
    /** Member of pg_read_all_stats (pg_monitor includes it): other sessions' states and replication lag are visible. */
    final boolean readsAllStats;
    private List<String> hiddenNames;

    HealthContext(Connection connection, Set<Long> hiddenRelations, Predicate<String> schemaVisible) throws SQLException {
        this.connection = connection;
        this.hiddenRelations = hiddenRelations;
        this.schemaVisible = schemaVisible;
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT rolsuper, pg_has_role(current_user, 'pg_read_all_stats', 'USAGE')
                FROM pg_roles WHERE rolname = current_user""");
             ResultSet rs = statement.executeQuery()) {
            rs.next();
            superuser = rs.getBoolean(1);
            readsAllStats = superuser || rs.getBoolean(2);
        }
    }

    /** Whether a relation (by oid and schema) may be named in a report. */
    boolean visible(long oid, String schema) {
        return !hiddenRelations.contains(oid) && schemaVisible.test(schema);
    }

    /** Lower-case names of the hidden relations, for keeping statements on them out of the report. */
    List<String> hiddenNames() throws SQLException {
        if (hiddenNames == null) {
            List<String> names = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT DISTINCT lower(relname) FROM pg_class WHERE oid::bigint = ANY(?)")) {
                statement.setArray(1, connection.createArrayOf("bigint", hiddenRelations.toArray()));
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            names.add("dbadmin");
            hiddenNames = List.copyOf(names);
        }
        return hiddenNames;
    }

    /** Whether statement text names a hidden relation or the server's schema (as a whole word, any case). */
    boolean mentionsHidden(String text) throws SQLException {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String name : hiddenNames()) {
            for (int at = lower.indexOf(name); at >= 0; at = lower.indexOf(name, at + 1)) {
                if (!wordChar(lower, at - 1) && !wordChar(lower, at + name.length())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean wordChar(String text, int index) {
        if (index < 0 || index >= text.length()) {
            return false;
        }
        char ch = text.charAt(index);
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$';
    }

    PreparedStatement prepare(String sql) throws SQLException {
        return connection.prepareStatement(sql);
    }
}
