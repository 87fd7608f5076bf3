package com.dbadmin.sql.catalog;

import com.dbadmin.support.MutableClock;
import com.dbadmin.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/** The catalogue cache's lifetime rules against the real test database, on a clock the test moves. */
class CatalogCacheTest {
    private final MutableClock clock = new MutableClock();

    private CatalogCache cache(Duration ttl) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(TestDatabase.jdbcUrl());
        dataSource.setUser("postgres");
        return new CatalogCache(dataSource, new CatalogSettings(ttl), clock);
    }

    @Test
    void snapshotsLiveForTheTtlAndTakeTheirDetailsWithThem() throws Exception {
        TestDatabase.execute("DROP SCHEMA IF EXISTS cachelab CASCADE; CREATE SCHEMA cachelab;"
                + " CREATE TABLE cachelab.first (id int)");
        CatalogCache cache = cache(Duration.ofMinutes(5));
        CatalogCache.Snapshot snapshot = cache.current();
        assertSame(snapshot, cache.current(), "reused within the TTL");
        clock.advance(Duration.ofMinutes(5));
        assertSame(snapshot, cache.current(), "reused up to the TTL itself");
        assertTrue(cache.find("cachelab.first").isPresent());

        CatalogCache.Cached<String> loaded = snapshot.memo("details", () -> "loaded once");
        assertFalse(loaded.fromCache());
        CatalogCache.Cached<String> reused = snapshot.memo("details", () -> "loaded twice");
        assertTrue(reused.fromCache());
        assertEquals("loaded once", reused.value());
        assertEquals(loaded.loadedAt(), reused.loadedAt());

        TestDatabase.execute("CREATE TABLE cachelab.later (id int)");
        assertTrue(cache.find("cachelab.later").isEmpty(), "a table created within the TTL is not seen by find");
        clock.advance(Duration.ofMillis(1));
        CatalogCache.Snapshot expired = cache.current();
        assertNotSame(snapshot, expired, "reloaded after the TTL");
        assertTrue(cache.find("cachelab.later").isPresent(), "the reload sees new tables");
        assertFalse(expired.memo("details", () -> "reloaded").fromCache(), "details expire with their snapshot");
        assertTrue(expired.loadedAt().isAfter(snapshot.loadedAt()));

        cache.invalidate();
        assertNotSame(expired, cache.current(), "invalidate forces a reload");
        TestDatabase.execute("DROP SCHEMA cachelab CASCADE");
    }
}
