package com.dbadmin.backup;

import com.dbadmin.support.Databases;
import com.dbadmin.support.PgTools;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rich fixture database (fixtures/backup_rich.sql) and the comparison every fidelity test makes. */
final class RichDatabase {
    /** Restricted by the default policy (users, auth_tokens) and what depends on them. */
    static final String[] LEFT_OUT = {"backuplab.users", "backuplab.auth_tokens", "backuplab.user_names"};
    static final String[] SCHEMAS = {"backuplab", "Other Schema", "public"};

    private RichDatabase() {
    }

    static String create(String name) {
        Databases.fresh(name);
        Databases.loadFixture(name, "backup_rich.sql");
        return name;
    }

    /**
     * The restored database equals the source minus what policy keeps out of backups: pg_dump
     * --schema-only output, every table's content checksum and every sequence's value.
     */
    static void assertSameDatabase(String source, String target) {
        assertEquals(PgTools.schema(source, LEFT_OUT), PgTools.schema(target), "schema differs (pg_dump --schema-only)");
        Map<String, String> expected = new TreeMap<>(PgTools.contentChecksums(source, SCHEMAS));
        List.of(LEFT_OUT).forEach(expected::remove);
        assertEquals(expected, PgTools.contentChecksums(target, SCHEMAS), "table contents differ");
        assertEquals(PgTools.sequences(source, SCHEMAS), PgTools.sequences(target, SCHEMAS), "sequence values differ");
        assertEquals(0, Databases.number(target, "SELECT count(*) FROM pg_class WHERE relname IN ('users', 'auth_tokens')"));
    }
}
