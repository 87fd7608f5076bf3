package com.dbadmin.guard;

import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.sql.catalog.DataFlow;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * Policy applied to what data flows through, for what the tools' own reads cannot constrain (caller-written
 * SQL, listings of every object): the relations hidden by name (restricted, outside the allow-lists, the
 * server's own schema) plus every relation that can return their rows ({@link DataFlow#exposingRowsOf}).
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
    public Set<Long> oids() throws SQLException {
        CatalogCache.Snapshot snapshot = catalog.current();
        return snapshot.memo("hidden_relations", () -> snapshot.dataFlow().exposingRowsOf(policy::hiddenByName)).value();
    }

    /** Reloaded now, not from the snapshot: for checks that must see the database as it is. */
    public Set<Long> fresh(Connection connection) throws SQLException {
        return DataFlow.load(connection).exposingRowsOf(policy::hiddenByName);
    }

    public TablePolicy policy() {
        return policy;
    }
}
