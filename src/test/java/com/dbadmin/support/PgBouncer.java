package com.dbadmin.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real PgBouncer (Debian's {@code pgbouncer} package) in transaction-pooling mode on loopback: every
 * database name goes to the database of the same name on a PostgreSQL port. {@link #shared()} is one for the
 * whole test JVM in front of {@link TestDatabase}. Its ini and user list go to a temporary folder; it
 * refuses to run as root, so under root it runs as {@code nobody}. Never skipped: a missing or failing
 * PgBouncer fails the test with the reason.
 */
public final class PgBouncer implements AutoCloseable {
    /** Server connections per database: fewer than the clients the tests run, so transactions must share them. */
    public static final int POOL_SIZE = 8;
    private static final Path EXECUTABLE = Path.of("/usr/sbin/pgbouncer");
    private static PgBouncer shared;

    private final Process process;
    private final int port;

    private PgBouncer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The JVM's PgBouncer in front of the test database, started on first use, stopped when the JVM exits. */
    public static synchronized PgBouncer shared() {
        if (shared == null) {
            try {
                shared = start(freePort(), TestDatabase.port());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public int port() {
        return port;
    }

    /** A JDBC URL for {@code database} through PgBouncer. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** A client connection through PgBouncer (no pool of ours in between). */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", null);
    }

    /**
     * A SHOW command of PgBouncer's admin console, one map per row. Through psql: pgjdbc takes the console's
     * version for an old PostgreSQL and sends a SET the console refuses.
     */
    public List<Map<String, String>> show(String what) {
        String csv = PgTools.run(List.of(PgTools.binary("psql").toString(), "-X", "--csv", "-h", "127.0.0.1",
                "-p", Integer.toString(port), "-U", "postgres", "-d", "pgbouncer", "-c", "SHOW " + what));
        List<String> lines = csv.lines().filter(line -> !line.isBlank()).toList();
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length && i < values.length; i++) {
                row.put(header[i], values[i]);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Starts a PgBouncer listening on {@code listenPort} in front of the PostgreSQL on {@code postgresPort}. */
    public static PgBouncer start(int listenPort, int postgresPort) {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException(EXECUTABLE + " is missing: install Debian's pgbouncer package"
                    + " (apt-get install pgbouncer; .ci/run does it when missing)");
        }
        try {
            Path dir = Files.createTempDirectory("dbadmin-pgbouncer");
            // Readable by the unprivileged user PgBouncer runs as.
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path userlist = dir.resolve("userlist.txt");
            Files.writeString(userlist, "\"postgres\" \"\"\n");
            Path ini = dir.resolve("pgbouncer.ini");
            Files.writeString(ini, String.join("\n",
                    "[databases]",
                    "* = host=127.0.0.1 port=" + postgresPort,
                    "[pgbouncer]",
                    "listen_addr = 127.0.0.1",
                    "listen_port = " + listenPort,
                    "unix_socket_dir =",
                    "auth_type = trust",
                    "auth_file = " + userlist,
                    "admin_users = postgres",
                    "pool_mode = transaction",
                    "default_pool_size = " + POOL_SIZE,
                    "max_client_conn = 500",
                    "ignore_startup_parameters = extra_float_digits",
                    "log_connections = 0",
                    "log_disconnections = 0",
                    ""));
            for (Path file : List.of(userlist, ini)) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
            List<String> command = new ArrayList<>();
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
            }
            command.addAll(List.of(EXECUTABLE.toString(), ini.toString()));
            Path log = dir.resolve("pgbouncer.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitListening(process, listenPort, log);
            return new PgBouncer(process, listenPort);
        } catch (IOException e) {
            throw new UncheckedIOException("PgBouncer could not be started", e);
        }
    }

    private static void awaitListening(Process process, int port, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PgBouncer exited with " + process.exitValue() + ": "
                        + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for PgBouncer", e);
                }
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("PgBouncer did not listen on 127.0.0.1:" + port + " within 15 s: "
                + Files.readString(log));
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
