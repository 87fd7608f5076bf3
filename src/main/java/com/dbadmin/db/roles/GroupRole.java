package com.dbadmin.db.roles;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The database login role of each deployed function, and what it may do in the database. Each function logs in
 * with the least it needs, so a bug or a stolen secret in one function reaches no further than its tools:
 * <ul>
 *   <li>{@code query}: reads the visible tables and the audit log;</li>
 *   <li>{@code insert}, {@code batch}: read and change the visible, writable tables (DML only);</li>
 *   <li>{@code schema}: the catalogue, which PostgreSQL shows every role, and nothing else;</li>
 *   <li>{@code backup}: reads everything visible, and what a table restore or import needs (DML, TRUNCATE,
 *   setting sequences);</li>
 *   <li>{@code http}: serves every group over MCP and REST, so the union of the above;</li>
 *   <li>{@code scheduler}: scheduled backups and reports, and the audit retention purge.</li>
 * </ul>
 * Every role may write its own calls' audit rows. None owns a table, creates objects or reads a restricted
 * table: the second wall behind the server's table policy.
 */
public enum GroupRole {
    QUERY(EnumSet.of(Privilege.READ_TABLES, Privilege.READ_AUDIT)),
    INSERT(EnumSet.of(Privilege.READ_TABLES, Privilege.WRITE_TABLES)),
    BATCH(EnumSet.of(Privilege.READ_TABLES, Privilege.WRITE_TABLES)),
    SCHEMA(EnumSet.noneOf(Privilege.class)),
    BACKUP(EnumSet.of(Privilege.READ_TABLES, Privilege.WRITE_TABLES, Privilege.RESTORE_TABLES)),
    HTTP(EnumSet.of(Privilege.READ_TABLES, Privilege.WRITE_TABLES, Privilege.RESTORE_TABLES, Privilege.READ_AUDIT)),
    SCHEDULER(EnumSet.of(Privilege.READ_TABLES, Privilege.WRITE_TABLES, Privilege.RESTORE_TABLES,
            Privilege.READ_AUDIT, Privilege.PURGE_AUDIT));

    /** What a role may do beyond connecting and writing its own audit rows. */
    public enum Privilege {
        /** SELECT on visible tables and views, USAGE and SELECT on their sequences. */
        READ_TABLES,
        /** INSERT, UPDATE, DELETE on visible tables that are not read-only. */
        WRITE_TABLES,
        /** TRUNCATE on those tables and UPDATE on their sequences (setval), for restores. */
        RESTORE_TABLES,
        /** SELECT on the audit log (db_query_audit_logs, db_get_audit_summary). */
        READ_AUDIT,
        /** DELETE on the audit log (the retention purge). */
        PURGE_AUDIT
    }

    private final Set<Privilege> privileges;

    GroupRole(Set<Privilege> privileges) {
        this.privileges = privileges;
    }

    public Set<Privilege> privileges() {
        return privileges;
    }

    public boolean has(Privilege privilege) {
        return privileges.contains(privilege);
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GroupRole of(String id) {
        for (GroupRole role : values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw new IllegalArgumentException("Unknown function role '" + id + "'; one of query, insert, batch, schema,"
                + " backup, http, scheduler.");
    }
}
