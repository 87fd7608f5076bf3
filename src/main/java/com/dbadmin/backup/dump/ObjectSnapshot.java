package com.dbadmin.backup.dump;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema of a database at the backup's snapshot, after server policy removed restricted tables,
 * the internal schema and everything that depends on them, and (for partial backups) what the
 * backup cannot carry together with what depends on that.
 */
public final class ObjectSnapshot {
    private final List<SchemaInfo> schemas = new ArrayList<>();
    private final List<ExtensionInfo> extensions = new ArrayList<>();
    private final Map<String, DatabaseObject> objects = new LinkedHashMap<>();
    private final List<LargeObject> largeObjects = new ArrayList<>();
    private final List<String> defaultPrivileges = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notCarried = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private String serverVersion;
    private int serverVersionNumber;
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

    public List<LargeObject> largeObjects() {
        return largeObjects;
    }

    /** ALTER DEFAULT PRIVILEGES statements (only with include_privileges). */
    public List<String> defaultPrivileges() {
        return defaultPrivileges;
    }

    /** What server policy kept out, said once per object that depends on a restricted table. */
    public List<String> warnings() {
        return warnings;
    }

    /** Objects the backup engine cannot carry (a backup with any fails unless allow_partial). */
    public List<String> notCarried() {
        return notCarried;
    }

    /** Everything a partial backup leaves out: what cannot be carried and what depends on it. */
    public List<String> missing() {
        return missing;
    }

    public String serverVersion() {
        return serverVersion;
    }

    public void serverVersion(String version) {
        this.serverVersion = version;
    }

    /** server_version_num, e.g. 150008. */
    public int serverVersionNumber() {
        return serverVersionNumber;
    }

    public void serverVersionNumber(int number) {
        this.serverVersionNumber = number;
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

    /**
     * @param owner      the owning role (only with include_privileges)
     * @param privileges GRANT / REVOKE statements (only with include_privileges)
     */
    public record SchemaInfo(String name, String comment, String owner, List<String> privileges) {
    }

    /**
     * @param configTables the extension's configuration tables whose rows belong to the database
     *                     (pg_extension_config_dump), with the filter the extension declared
     */
    public record ExtensionInfo(String name, String schema, String version, String comment,
                                List<ConfigTable> configTables) {
    }

    /** Rows of an extension's configuration table to carry: {@code COPY (SELECT … WHERE condition)}. */
    public record ConfigTable(String schema, String name, String condition, List<String> columns) {
    }

    /**
     * @param size bytes of data, read in chunks when the backup is written
     */
    public record LargeObject(long oid, long size, String comment, String owner, List<String> privileges) {
    }
}
