package com.dbadmin.backup.dump;

import java.util.Locale;

/**
 * Kinds of objects a backup creates, in the order used to break ties between objects that do not
 * depend on each other. Most are created before the data ({@code pre}); publications and event
 * triggers after the data and what follows it ({@code post}), as pg_dump does; event triggers after
 * comments and privileges too, so that one never fires on the restore's own DDL.
 */
public enum ObjectKind {
    COLLATION("collation", "pg_collation", "COLLATION"),
    ENUM("type", "pg_type", "TYPE"),
    DOMAIN("domain", "pg_type", "DOMAIN"),
    COMPOSITE("type", "pg_type", "TYPE"),
    RANGE("type", "pg_type", "TYPE"),
    SEQUENCE("sequence", "pg_class", "SEQUENCE"),
    FUNCTION("function", "pg_proc", "FUNCTION"),
    AGGREGATE("aggregate", "pg_proc", "AGGREGATE"),
    TS_DICTIONARY("ts_dictionary", "pg_ts_dict", "TEXT SEARCH DICTIONARY"),
    TS_CONFIG("ts_config", "pg_ts_config", "TEXT SEARCH CONFIGURATION"),
    FDW("fdw", "pg_foreign_data_wrapper", "FOREIGN DATA WRAPPER"),
    SERVER("server", "pg_foreign_server", "SERVER"),
    USER_MAPPING("user_mapping", "pg_user_mapping", "USER MAPPING"),
    TABLE("table", "pg_class", "TABLE"),
    FOREIGN_TABLE("foreign_table", "pg_class", "FOREIGN TABLE"),
    VIEW("view", "pg_class", "VIEW"),
    MATVIEW("matview", "pg_class", "MATERIALIZED VIEW"),
    PUBLICATION("publication", "pg_publication", "PUBLICATION"),
    EVENT_TRIGGER("event_trigger", "pg_event_trigger", "EVENT TRIGGER"),
    /** Something the backup cannot carry; known so that what depends on it is handled consistently. */
    NOT_CARRIED("not_carried", null, null);

    private final String keyPrefix;
    private final String catalog;
    private final String sqlName;

    ObjectKind(String keyPrefix, String catalog, String sqlName) {
        this.keyPrefix = keyPrefix;
        this.catalog = catalog;
        this.sqlName = sqlName;
    }

    /** The prefix of this kind's keys; enums, composites and ranges share "type" (one namespace in PostgreSQL). */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** The system catalog its rows live in (pg_depend's classid). */
    public String catalog() {
        return catalog;
    }

    /** How SQL names the kind: ALTER &lt;sqlName&gt; …, COMMENT ON &lt;sqlName&gt; …. */
    public String sqlName() {
        return sqlName;
    }

    /** The table-of-contents kind of its creating entry. */
    public String tocKind() {
        return keyPrefix.equals("type") ? "type" : name().toLowerCase(Locale.ROOT);
    }

    public boolean isRelation() {
        return this == TABLE || this == FOREIGN_TABLE || this == VIEW || this == MATVIEW || this == SEQUENCE;
    }

    /** Objects of the database as a whole rather than of a schema. */
    public boolean databaseLevel() {
        return this == FDW || this == SERVER || this == USER_MAPPING || this == PUBLICATION || this == EVENT_TRIGGER;
    }

    /** Created after the data and the statements that follow it (see the class comment). */
    public boolean createdLast() {
        return this == PUBLICATION || this == EVENT_TRIGGER;
    }
}
