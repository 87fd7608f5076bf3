package com.dbadmin.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command as an ordinary (non-root) user, the way a desktop client starts a server: as the current
 * user when that is not root, otherwise as {@value #NAME}, created with useradd (no home folder of its
 * own) and entered with runuser. {@link #unavailableBecause()} says why this is impossible, if it is.
 */
public final class OtherUser {
    public static final String NAME = "dbadmin-it";

    private final boolean root;
    private final String unavailable;

    private OtherUser(boolean root, String unavailable) {
        this.root = root;
        this.unavailable = unavailable;
    }

    public static OtherUser prepare() {
        boolean root = "0".equals(run("id", "-u").trim());
        if (!root) {
            return new OtherUser(false, null);
        }
        if (run("id", "-u", NAME).isBlank()) {
            run("useradd", "--system", "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", NAME);
        }
        if (run("id", "-u", NAME).isBlank()) {
            return new OtherUser(true, "running as root, and useradd could not create the user " + NAME);
        }
        if (run("sh", "-c", "command -v runuser").isBlank()) {
            return new OtherUser(true, "running as root without runuser");
        }
        return new OtherUser(true, null);
    }

    public String unavailableBecause() {
        return unavailable;
    }

    /** {@code command} as the ordinary user, with exactly {@code env} as its environment ({@code env -i}). */
    public ProcessBuilder command(List<String> env, List<String> command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", NAME, "--"));
        }
        full.add("env");
        full.add("-i");
        full.addAll(env);
        full.addAll(command);
        return new ProcessBuilder(full);
    }

    /** A folder the ordinary user owns (its HOME in tests). */
    public Path ownedFolder(String prefix) throws IOException {
        Path folder = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (root) {
            run("chown", NAME, folder.toString());
        }
        return folder;
    }

    /** A copy of {@code file} any user can read, in a folder any user can enter. */
    public static Path readableCopy(Path file) throws IOException {
        Path folder = Files.createTempDirectory("dbadmin-jar");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path copy = Files.copy(file, folder.resolve(file.getFileName()));
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
        return copy;
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "";
            }
            return process.exitValue() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
