package com.dbadmin.backup.dump;

import com.dbadmin.sql.catalog.Identifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One object of the schema as read from the catalogue: its DDL (written for {@code search_path} set to
 * its own schema, so that the same text restores into another schema), the keys of the objects it
 * depends on, and the statements that follow the data for it (keys, indexes, triggers, rules,
 * policies, owner and grants).
 */
public final class DatabaseObject {
    private final ObjectKind kind;
    private final long oid;
    private final String schema;
    private final String name;
    private final String key;
    private final Set<String> dependencies = new TreeSet<>();
    private final List<String> comments = new ArrayList<>();
    private final List<PostStatement> posts = new ArrayList<>();
    private String ddl;
    /** Functions and aggregates: the signature as regprocedure text, for existence checks and comments. */
    private final String signature;
    /** Sequences owned by a column (serial): the table's key and the column. */
    private String ownerTable;
    private String ownerColumn;
    private String ownerRole;
    private DumpedTable table;
    /** Event triggers: pg_event_trigger.evtenabled (O fires in ordinary sessions, A always, R on replicas, D never). */
    private String enabledState;

    public DatabaseObject(ObjectKind kind, long oid, String schema, String name, String signature) {
        this.kind = kind;
        this.oid = oid;
        this.schema = schema;
        this.name = name;
        this.signature = signature;
        this.key = keyOf(kind, schema, signature != null ? signature : name);
    }

    /** Keys identify objects across the catalogue, the dump's table of contents and restores. */
    public static String keyOf(ObjectKind kind, String schema, String name) {
        if (schema == null) {
            return kind.keyPrefix() + ":" + Identifiers.quote(name);
        }
        return kind.keyPrefix() + ":" + (kind == ObjectKind.FUNCTION || kind == ObjectKind.AGGREGATE
                ? Identifiers.quote(schema) + "." + name : Identifiers.qualified(schema, name));
    }

    public static String tableKey(String schema, String name) {
        return keyOf(ObjectKind.TABLE, schema, name);
    }

    public ObjectKind kind() {
        return kind;
    }

    public long oid() {
        return oid;
    }

    public String schema() {
        return schema;
    }

    public String name() {
        return name;
    }

    public String key() {
        return key;
    }

    /** schema.name as users write it (tables in manifests and results). */
    public String qualifiedName() {
        return schema == null ? name : schema + "." + (signature != null ? signature : name);
    }

    public Set<String> dependencies() {
        return dependencies;
    }

    public List<String> comments() {
        return comments;
    }

    /** Statements run after the data for this object, in the order they were read. */
    public List<PostStatement> posts() {
        return posts;
    }

    public String ddl() {
        return ddl;
    }

    public void ddl(String ddl) {
        this.ddl = ddl;
    }

    public String signature() {
        return signature;
    }

    public String ownerTable() {
        return ownerTable;
    }

    public String ownerColumn() {
        return ownerColumn;
    }

    public void owner(String tableKey, String column) {
        this.ownerTable = tableKey;
        this.ownerColumn = column;
    }

    /** The role that owns it (only read with include_privileges). */
    public String ownerRole() {
        return ownerRole;
    }

    public void ownerRole(String role) {
        this.ownerRole = role;
    }

    public String enabledState() {
        return enabledState;
    }

    public void enabledState(String state) {
        this.enabledState = state;
    }

    public DumpedTable table() {
        return table;
    }

    public void table(DumpedTable details) {
        this.table = details;
    }

    @Override
    public String toString() {
        return key;
    }
}
