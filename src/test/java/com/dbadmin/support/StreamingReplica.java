package com.dbadmin.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * A real streaming replica: a primary of its own (embedded PostgreSQL) and a hot standby made from it with
 * pg_basebackup, replaying its WAL. The standby can be stopped and started again on the same port, and its
 * replay paused, to see what readers of a dead or lagging replica get.
 */
public final class StreamingReplica implements AutoCloseable {
    private final EmbeddedPostgres primary;
    private final Path replicaData;
    private final int replicaPort;
    private EmbeddedPostgres replica;

    private StreamingReplica(EmbeddedPostgres primary, Path replicaData, int replicaPort) {
        this.primary = primary;
        this.replicaData = replicaData;
        this.replicaPort = replicaPort;
    }

    /** Starts a primary, runs {@code setup} on it, clones it with pg_basebackup and starts the standby. */
    public static StreamingReplica start(String setupSql) {
        try {
            EmbeddedPostgres primary = EmbeddedPostgres.builder().setServerConfig("wal_level", "replica").start();
            if (setupSql != null) {
                execute(jdbcUrl(primary.getPort()), setupSql);
            }
            Path data = Files.createTempDirectory("dbadmin-replica");
            PgTools.run(List.of(PgTools.binary("pg_basebackup").toString(), "-h", "127.0.0.1", "-p",
                    Integer.toString(primary.getPort()), "-U", "postgres", "-D", data.toString(), "-R",
                    "--checkpoint=fast", "-X", "stream"));
            StreamingReplica replica = new StreamingReplica(primary, data, freePort());
            replica.startReplica();
            return replica;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String primaryUrl() {
        return jdbcUrl(primary.getPort());
    }

    public String replicaUrl() {
        return jdbcUrl(replicaPort);
    }

    public void startReplica() {
        try {
            replica = EmbeddedPostgres.builder().setDataDirectory(replicaData).setCleanDataDirectory(false)
                    .setPort(replicaPort).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void stopReplica() {
        try {
            replica.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void pauseReplay() {
        execute(replicaUrl(), "SELECT pg_wal_replay_pause()");
    }

    public void resumeReplay() {
        execute(replicaUrl(), "SELECT pg_wal_replay_resume()");
    }

    public void onPrimary(String sql) {
        execute(primaryUrl(), sql);
    }

    /** Waits until the replica has replayed everything the primary has written so far. */
    public void awaitCaughtUp() throws InterruptedException {
        String target;
        try (Connection connection = DriverManager.getConnection(primaryUrl(), "postgres", null);
             Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            target = rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        for (int i = 0; i < 200; i++) {
            try (Connection connection = DriverManager.getConnection(replicaUrl(), "postgres", null);
                 Statement statement = connection.createStatement();
                 var rs = statement.executeQuery("SELECT pg_last_wal_replay_lsn() >= '" + target + "'::pg_lsn")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the replica did not catch up with " + target);
    }

    private static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    private static void execute(String url, String sql) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", null);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (replica != null) {
                replica.close();
            }
        } finally {
            primary.close();
        }
    }
}
