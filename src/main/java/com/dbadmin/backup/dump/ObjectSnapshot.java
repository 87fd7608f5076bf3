package com.dbadmin.backup.dump;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema of a database at the backup's snapshot, after server policy removed restricted tables,
 * the internal schema and everything that depends on them.
 */
public final class ObjectSnapshot {
    private final List<SchemaInfo> schemas = new ArrayList<>();
    private final List<ExtensionInfo> extensions = new ArrayList<>();
    private final Map<String, DatabaseObject> objects = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private String serverVersion;
    private String database;

    public List<SchemaInfo> schemas() {
        return schemas;
    }

    public List<ExtensionInfo> extensions() {
        return extensions;
    }

    /** Every object by key, excluded ones already removed. */
    public Map<String, DatabaseObject> objects() {
        return objects;
    }

    public List<String> warnings() {
        return warnings;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public void serverVersion(String version) {
        this.serverVersion = version;
    }

    public String database() {
        return database;
    }

    public void database(String database) {
        this.database = database;
    }

    public List<DatabaseObject> tables() {
        return objects.values().stream().filter(o -> o.kind() == ObjectKind.TABLE).toList();
    }

    public record SchemaInfo(String name, String comment) {
    }

    public record ExtensionInfo(String name, String schema) {
    }
}
