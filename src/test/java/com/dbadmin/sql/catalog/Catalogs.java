package com.dbadmin.sql.catalog;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/** Catalogue caches built by hand, for tests of code that reads the catalogue outside an application context. */
public final class Catalogs {
    private Catalogs() {
    }

    public static CatalogCache on(DataSource dataSource) {
        return new CatalogCache(dataSource, new CatalogSettings(Duration.ofMinutes(5)), Clock.systemUTC());
    }
}
