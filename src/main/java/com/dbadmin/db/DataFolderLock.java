package com.dbadmin.db;

import com.dbadmin.ops.StartupFailure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One embedded data folder, one server process: an operating-system lock on {@code <folder>.lock} beside the
 * folder (inside it initdb would refuse a non-empty folder), held for the life of the process and released
 * by the OS even when the process is killed. The file says who holds it (pid and port), so a second process
 * can tell its operator which database is already running there.
 */
final class DataFolderLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DataFolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static Path fileFor(Path dataDir) {
        return dataDir.resolveSibling(dataDir.getFileName() + ".lock");
    }

    /** Takes the lock or fails saying which process holds it and what to do. */
    static DataFolderLock acquire(Path dataDir) throws IOException {
        Path file = fileFor(dataDir);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by this very process (a second server context in one JVM)
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            channel.close();
            throw inUse(dataDir, holder);
        }
        return new DataFolderLock(file, channel, lock);
    }

    /** Records the holder (this process and its PostgreSQL's port) for the next process that finds it locked. */
    void describe(int port) throws IOException {
        byte[] text = ("pid=" + ProcessHandle.current().pid() + " port=" + port + "\n").getBytes(StandardCharsets.UTF_8);
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text), 0);
        channel.force(true);
    }

    private static StartupFailure inUse(Path dataDir, String holder) {
        String pid = field(holder, "pid");
        String port = field(holder, "port");
        String who = pid == null ? "another database-admin-server process" : "database-admin-server process " + pid;
        String share = port == null ? "" : ", or share its database with DATABASE_URL=postgresql://postgres@127.0.0.1:"
                + port + "/postgres";
        return new StartupFailure("The embedded PostgreSQL data folder " + dataDir + " is in use by " + who
                + (port == null ? "" : " (PostgreSQL on 127.0.0.1:" + port + ")"),
                "Stop that process, or give this one its own folder with DB_ADMIN_DATA_DIR" + share);
    }

    private static String field(String holder, String name) {
        for (String part : holder.split("\\s+")) {
            if (part.startsWith(name + "=") && part.length() > name.length() + 1) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
            channel.close();
        } catch (IOException ignored) {
            // The OS releases the lock when the channel or the process goes away.
        }
    }

    Path file() {
        return file;
    }
}
