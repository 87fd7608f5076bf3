package com.dbadmin.guard;

import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.sql.catalog.RestrictedReach;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Policy applied to what data flows through: the relations hidden by name (restricted, outside the
 * allow-lists, the server's own schema) plus every relation that reads their rows (see {@link RestrictedReach}).
 * Kept with the catalogue snapshot, so it follows DDL at the same pace as the table list.
 */
@Singleton
public class HiddenRelations {
    private final CatalogCache catalog;
    private final TablePolicy policy;

    HiddenRelations(CatalogCache catalog, TablePolicy policy) {
        this.catalog = catalog;
        this.policy = policy;
    }

    /** The oids of every user relation no caller may read, directly or through another relation. */
    public Set<Long> oids(Connection connection) throws SQLException {
        return catalog.current().memo("hidden_relations",
                () -> RestrictedReach.load(connection, policy::isVisible)).value();
    }

    /** Reloaded now, not from the snapshot: for checks that must see the database as it is. */
    public Set<Long> fresh(Connection connection) throws SQLException {
        return RestrictedReach.load(connection, policy::isVisible);
    }

    public TablePolicy policy() {
        return policy;
    }
}
