package com.dbadmin.backup;

import com.dbadmin.support.Databases;
import com.dbadmin.support.PgTools;
import com.dbadmin.support.ServerContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The small shop database (fixtures/backup_shop.sql) with a server context and a backup folder. */
final class ShopDatabase implements AutoCloseable {
    final String name;
    final Path store;
    final ServerContext server;

    private ShopDatabase(String name, Path store, ServerContext server) {
        this.name = name;
        this.store = store;
        this.server = server;
    }

    static ShopDatabase create(String name, Map<String, String> extra) {
        Databases.fresh(name);
        Databases.loadFixture(name, "backup_shop.sql");
        try {
            Path store = Files.createTempDirectory("backups-" + name);
            Map<String, String> properties = new HashMap<>();
            properties.put("db-admin.backup.dir", store.toString());
            properties.putAll(extra);
            return new ShopDatabase(name, store, ServerContext.on(name, properties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Map<String, String> checksums() {
        return PgTools.contentChecksums(name, "shop");
    }

    void sql(String sql) {
        Databases.execute(name, sql);
    }

    long count(String sql) {
        return Databases.number(name, sql);
    }

    @Override
    public void close() {
        server.close();
    }
}
