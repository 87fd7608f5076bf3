package com.dbadmin.sql.catalog;

/** Quoting for identifiers that came from the catalogue (never from input). */
public final class Identifiers {
    private Identifiers() {
    }

    public static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }
}
