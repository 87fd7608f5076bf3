package com.dbadmin.db.named;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of DB_ADMIN_DATABASES. A null field keeps the server's own setting (DATABASE_USER, DB_SECRET_ARN,
 * DB_ADMIN_RESTRICTED_TABLES, DB_ADMIN_POOL_SIZE, ...), except {@code directUrl} and {@code readReplicaUrl}: they
 * name servers of one database, so only the first database falls back to DB_ADMIN_DIRECT_DATABASE_URL and
 * DB_ADMIN_READ_REPLICA_URL.
 */
public record NamedDatabase(String name, String url, String user, String password, String secretArn,
                            List<String> restrictedTables, List<String> readOnlyTables, Integer poolSize,
                            String directUrl, String readReplicaUrl) {

    /** Whether this entry names its own login (a password or a secret), so the server's secret must not replace it. */
    public boolean hasOwnLogin() {
        return password != null || secretArn != null;
    }

    /** The settings of this database, as properties over the server's configuration. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("db-admin.database.url", url);
        if (user != null) {
            properties.put("db-admin.database.username", user);
        }
        if (password != null) {
            properties.put("db-admin.database.password", password);
        }
        if (hasOwnLogin()) {
            properties.put("db-admin.database.secret-arn", secretArn == null ? "" : secretArn);
        }
        if (poolSize != null) {
            properties.put("db-admin.database.pool-size", poolSize);
        }
        if (directUrl != null) {
            properties.put("db-admin.database.direct-url", directUrl);
        }
        if (readReplicaUrl != null) {
            properties.put("db-admin.database.read-replica-url", readReplicaUrl);
        }
        if (restrictedTables != null) {
            properties.put("db-admin.policy.restricted-tables", String.join(",", restrictedTables));
        }
        if (readOnlyTables != null) {
            properties.put("db-admin.policy.read-only-tables", String.join(",", readOnlyTables));
        }
        return properties;
    }

    /** Keeps passwords out of logs. */
    @Override
    public String toString() {
        return "NamedDatabase[" + name + "]";
    }
}
