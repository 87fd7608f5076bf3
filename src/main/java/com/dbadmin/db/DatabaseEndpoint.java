package com.dbadmin.db;

/**
 * Where the server's database is, without credentials: what another login to the same database (the SQL
 * role's) needs.
 *
 * @param jdbcUrl  {@code jdbc:postgresql://host:port/db}, options included
 * @param embedded whether this is the embedded PostgreSQL started because no database was configured
 * @param replicaJdbcUrl the read replica's URL (same form), or null
 * @param replicaMaxLag  how far behind a replica may be and still serve reads
 */
public record DatabaseEndpoint(String jdbcUrl, boolean embedded, String replicaJdbcUrl, java.time.Duration replicaMaxLag) {

    public boolean hasReplica() {
        return replicaJdbcUrl != null;
    }

    /** The replica as an endpoint of its own (for another login's pool). */
    public DatabaseEndpoint replica() {
        return new DatabaseEndpoint(replicaJdbcUrl, false, null, replicaMaxLag);
    }
}
