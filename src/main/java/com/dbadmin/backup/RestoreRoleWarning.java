package com.dbadmin.backup;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Says at start-up when restores would run as a superuser. A restore runs only signed files and only
 * the statements the dumper writes, but it still creates the functions, checks and index expressions a
 * backup carries, and PostgreSQL calls them while it loads rows and builds indexes: as a superuser, a
 * function planted in the source database runs with every power over the server (files, programs).
 */
@Singleton
class RestoreRoleWarning {
    private static final Logger LOG = LoggerFactory.getLogger(RestoreRoleWarning.class);
    static final String MESSAGE = "Restores (db_restore_full, db_restore_table) run as superuser '{}': the functions,"
            + " checks and index expressions a backup carries then run with superuser rights while rows load. Restore"
            + " only backups of databases whose owners you trust, or serve restores with a non-superuser role that owns"
            + " the target schemas.";

    private final DataSource dataSource;

    RestoreRoleWarning(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (rs.next() && rs.getBoolean(2)) {
                LOG.warn(MESSAGE, rs.getString(1));
            }
        } catch (SQLException | RuntimeException e) {
            // The database may be down at start-up; the server starts anyway and says so elsewhere.
            LOG.debug("Could not check the restore role: {}", e.getMessage());
        }
    }
}
