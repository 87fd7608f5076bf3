package com.dbadmin.backup.dump;

/**
 * Kinds of objects created before the data is loaded, in the order used to break ties between
 * objects that do not depend on each other.
 */
public enum ObjectKind {
    ENUM("type"), DOMAIN("domain"), COMPOSITE("type"), SEQUENCE("sequence"), FUNCTION("function"),
    TABLE("table"), VIEW("view"), MATVIEW("matview");

    private final String keyPrefix;

    ObjectKind(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    /** The prefix of this kind's keys; enums and composites share "type" (one namespace in PostgreSQL). */
    public String keyPrefix() {
        return keyPrefix;
    }

    public boolean isRelation() {
        return this == TABLE || this == VIEW || this == MATVIEW || this == SEQUENCE;
    }
}
