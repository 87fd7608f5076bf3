package com.dbadmin.db;

import com.dbadmin.ops.StartupFailure;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL run from a local data folder (kept between runs) for the zero-configuration start.
 * Only this class touches the embedded binaries, so artifacts without them (Lambda) never load it.
 *
 * <p>One data folder belongs to one server process ({@link DataFolderLock}); its PostgreSQL listens on a
 * port checked to be free before it starts, and is asked afterwards which folder it serves, so a process
 * never mistakes another instance's database for its own. A postmaster left running by a process that was
 * killed is stopped before the folder is used again; a stopped process always stops its postmaster (on
 * context close, and from a JVM shutdown hook otherwise).
 */
final class EmbeddedDatabase implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** Where the PostgreSQL binaries are unpacked: the library reads it when a builder is made. */
    private static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final DataFolderLock lock;

    private EmbeddedDatabase(EmbeddedPostgres postgres, Path dataDir, DataFolderLock lock) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.lock = lock;
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, creating it on first use.
     *
     * @param configuredPort DB_ADMIN_EMBEDDED_PORT, or 0 for the default port when free and any free port otherwise
     */
    static EmbeddedDatabase start(Path dataDir, int configuredPort) {
        Path folder = dataDir.toAbsolutePath().normalize();
        createFolder(folder);
        DataFolderLock lock;
        try {
            lock = DataFolderLock.acquire(folder);
        } catch (IOException e) {
            throw notWritable(folder, e);
        }
        try {
            boolean existing = Files.exists(folder.resolve("PG_VERSION"));
            stopOrphanPostmaster(folder);
            int port = choosePort(configuredPort);
            lock.describe(port);
            EmbeddedPostgres postgres = startPostgres(folder, port);
            try {
                verifyServes(folder, port);
            } catch (RuntimeException e) {
                postgres.close();
                throw e;
            }
            LOG.info("Embedded PostgreSQL {} on {}:{} (data: {})", existing ? "resumed" : "initialised", LOOPBACK, port,
                    folder);
            return new EmbeddedDatabase(postgres, folder, lock);
        } catch (IOException e) {
            lock.close();
            throw new StartupFailure("The embedded PostgreSQL did not start in " + folder + " (" + e.getMessage() + ")",
                    "Check the folder (or set DB_ADMIN_DATA_DIR to another one), or set DATABASE_URL to an existing"
                            + " PostgreSQL", e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static void createFolder(Path folder) {
        try {
            Files.createDirectories(folder);
            if (!Files.isWritable(folder)) {
                throw new AccessDeniedException(folder.toString());
            }
        } catch (IOException e) {
            throw notWritable(folder, e);
        }
    }

    private static StartupFailure notWritable(Path folder, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : e.toString();
        return new StartupFailure("Cannot use " + folder + " as the embedded PostgreSQL data folder (" + reason + ")",
                "Set DB_ADMIN_DATA_DIR to a writable folder, or DATABASE_URL to an existing PostgreSQL", e);
    }

    /** The configured port when free (else a failure naming the variable); without one, 54329 or any free port. */
    private static int choosePort(int configured) throws IOException {
        if (configured != 0) {
            if (!isFree(configured)) {
                throw new StartupFailure("Port " + configured + " (DB_ADMIN_EMBEDDED_PORT) is already in use on "
                        + LOOPBACK, "Choose a free port with DB_ADMIN_EMBEDDED_PORT, or unset it to use any free port");
            }
            return configured;
        }
        if (isFree(EmbeddedSettings.DEFAULT_PORT)) {
            return EmbeddedSettings.DEFAULT_PORT;
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            LOG.info("Port {} is in use (another instance?); the embedded PostgreSQL takes port {}",
                    EmbeddedSettings.DEFAULT_PORT, socket.getLocalPort());
            return socket.getLocalPort();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A postmaster whose server process was killed keeps running on the folder. Holding the folder's lock
     * proves no live server owns it, so that postmaster is an orphan: it is asked to shut down (SIGTERM, a
     * smart shutdown; its clients died with their process) before the folder is used again.
     */
    private static void stopOrphanPostmaster(Path folder) throws IOException {
        Path pidFile = folder.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        long pid;
        try {
            pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return; // not a pid file PostgreSQL wrote; PostgreSQL itself reports it
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(handle -> handle.info().command().map(command -> command.contains("postgres")).orElse(false));
        if (process.isEmpty()) {
            return; // a stale file; PostgreSQL removes it on start
        }
        LOG.warn("A PostgreSQL left running by an earlier, stopped process (pid {}) still serves {}; stopping it", pid,
                folder);
        process.get().destroy();
        try {
            process.get().onExit().get(ORPHAN_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new StartupFailure("A PostgreSQL left running by an earlier process (pid " + pid + ") still serves "
                    + folder + " and did not stop", "Stop it (kill " + pid + ") and start again, or set"
                    + " DB_ADMIN_DATA_DIR to another folder");
        }
    }

    private static EmbeddedPostgres startPostgres(Path folder, int port) throws IOException {
        EmbeddedPostgres.Builder builder;
        // The binaries go beside the data folder, not into a shared temporary folder another user may own.
        Path binaries = folder.resolveSibling("postgres-binaries");
        Files.createDirectories(binaries);
        synchronized (EmbeddedDatabase.class) {
            String previous = System.getProperty(WORKING_DIR_PROPERTY);
            System.setProperty(WORKING_DIR_PROPERTY, binaries.toString());
            try {
                builder = EmbeddedPostgres.builder().setOverrideWorkingDirectory(binaries.toFile());
            } finally {
                if (previous == null) {
                    System.clearProperty(WORKING_DIR_PROPERTY);
                } else {
                    System.setProperty(WORKING_DIR_PROPERTY, previous);
                }
            }
        }
        return builder.setPgBinaryResolver(PlatformBinaries.INSTANCE)
                .setDataDirectory(folder)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setServerConfig("listen_addresses", LOOPBACK)
                .setServerConfig("max_connections", "200")
                .start();
    }

    /** The server on {@code port} must be the one serving {@code folder}, not another instance that holds the port. */
    private static void verifyServes(Path folder, int port) throws IOException {
        String served;
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://" + LOOPBACK + ":" + port
                + "/postgres", "postgres", null);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW data_directory")) {
            rs.next();
            served = rs.getString(1);
        } catch (SQLException e) {
            throw new StartupFailure("The embedded PostgreSQL on port " + port + " does not answer ("
                    + e.getMessage() + ")", "Check the log above; set DB_ADMIN_EMBEDDED_PORT to another free port or"
                    + " DB_ADMIN_DATA_DIR to another folder", e);
        }
        if (!Files.isSameFile(Path.of(served), folder)) {
            throw new StartupFailure("Port " + port + " is answered by a PostgreSQL serving " + served + ", not " + folder,
                    "Another server took the port; set DB_ADMIN_EMBEDDED_PORT to a free port, or unset it");
        }
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + LOOPBACK + ":" + postgres.getPort() + "/postgres";
    }

    public String username() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Stops PostgreSQL (fast shutdown, waiting for it), then releases the folder. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        } finally {
            lock.close();
        }
    }
}
