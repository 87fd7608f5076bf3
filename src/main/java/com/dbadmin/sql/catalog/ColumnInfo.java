package com.dbadmin.sql.catalog;

/**
 * A column as the live catalogue describes it.
 *
 * @param type         the declared type, e.g. {@code character varying(200)} or {@code numeric(10,2)}
 * @param castType     the type without modifiers, used to cast bound text values (a cast to
 *                     {@code varchar(n)} would silently truncate, assignment to the column does not)
 * @param typeName     pg_type.typname, e.g. {@code int4}, {@code _text}, {@code book_status}
 * @param category     pg_type.typcategory: A array, B boolean, N numeric, S string, D date/time, E enum, U user
 * @param identity     'a' (always), 'd' (by default) or empty
 * @param generated    's' for stored generated columns, else empty
 */
public record ColumnInfo(String name, int position, String type, String castType, String typeName, char category,
                         boolean nullable, boolean hasDefault, String defaultExpression, String identity,
                         String generated, String comment) {

    public boolean isArray() {
        return category == 'A';
    }

    public boolean isJson() {
        return "json".equals(typeName) || "jsonb".equals(typeName);
    }

    public boolean isBytea() {
        return "bytea".equals(typeName);
    }

    public boolean isText() {
        return category == 'S';
    }

    /** Generated-always columns and identity-always columns cannot be written. */
    public boolean isWritable() {
        return !"s".equals(generated) && !"a".equals(identity);
    }
}
