package com.dbadmin.db;

/**
 * Where the server's database is, without credentials: what another login to the same database (the SQL
 * role's) needs.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/db}, options included
 * @param embedded whether this is the embedded PostgreSQL started because no database was configured
 */
public record DatabaseEndpoint(String jdbcUrl, boolean embedded) {
}
