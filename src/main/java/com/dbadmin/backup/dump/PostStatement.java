package com.dbadmin.backup.dump;

import java.util.Set;
import java.util.TreeSet;

/**
 * A statement run after the data for an object: a key, index, foreign key, trigger, rule, policy,
 * statistics object, row-security switch, publication membership. It has its own dependencies (a
 * foreign key needs the referenced table, an index its operator class, a rule the tables it writes
 * to): when one of them is not in the backup, the statement is left out and the backup says so.
 */
public final class PostStatement {
    private final String kind;
    private final String name;
    private final String sql;
    private final String catalog;
    private final long oid;
    private final Set<String> dependencies = new TreeSet<>();
    private String references;
    private String triggerState;
    private boolean forEachRow;

    /**
     * @param kind    its table-of-contents kind (constraint, index, foreign_key, trigger, rule, policy, …)
     * @param catalog the system catalog of the object it creates, null when it creates none
     */
    public PostStatement(String kind, String name, String sql, String catalog, long oid) {
        this.kind = kind;
        this.name = name;
        this.sql = sql;
        this.catalog = catalog;
        this.oid = oid;
    }

    public String kind() {
        return kind;
    }

    public String name() {
        return name;
    }

    public String sql() {
        return sql;
    }

    public String catalog() {
        return catalog;
    }

    public long oid() {
        return oid;
    }

    /** Keys of the objects it needs besides its owner. */
    public Set<String> dependencies() {
        return dependencies;
    }

    /** For foreign keys: the referenced table's key (the key is skipped when that table is not restored). */
    public String references() {
        return references;
    }

    public PostStatement references(String tableKey) {
        this.references = tableKey;
        if (tableKey != null) {
            dependencies.add(tableKey);
        }
        return this;
    }

    /**
     * For triggers: when it fires ({@code pg_trigger.tgenabled}: O in ordinary sessions, A always, R on
     * replicas only, D never) and whether for each row (only row triggers of a partitioned table are
     * cloned onto its partitions).
     */
    public PostStatement trigger(String state, boolean forEachRow) {
        this.triggerState = state;
        this.forEachRow = forEachRow;
        return this;
    }

    /** Whether it is a trigger that fires in an ordinary session (the one a restore runs in). */
    public boolean firesInOrdinarySessions() {
        return "trigger".equals(kind) && ("O".equals(triggerState) || "A".equals(triggerState));
    }

    public String triggerState() {
        return triggerState;
    }

    public boolean forEachRow() {
        return forEachRow;
    }
}
