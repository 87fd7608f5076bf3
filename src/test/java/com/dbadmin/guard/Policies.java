package com.dbadmin.guard;

import com.dbadmin.sql.catalog.Catalogs;
import com.dbadmin.support.TestDatabase;

import java.util.List;

/**
 * Table policies built by hand, for tests of code that applies policy outside an application context. Policy
 * follows data through the catalogue, so it reads the shared test database's (tables the test names but
 * the database lacks are judged by name alone).
 */
public final class Policies {
    private Policies() {
    }

    /** Restricted and read-only entries as configured (table or schema.table); no allow-lists. */
    public static TablePolicy of(List<String> restricted, List<String> readOnly) {
        return new TablePolicy(new PolicySettings(restricted, readOnly, List.of(), List.of()),
                Catalogs.on(TestDatabase.dataSource()));
    }
}
