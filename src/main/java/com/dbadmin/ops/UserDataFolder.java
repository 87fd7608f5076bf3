package com.dbadmin.ops;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where the server keeps what it writes by default (the embedded PostgreSQL's data, backups): the user's
 * data folder, never the working directory, because desktop MCP clients start the server from a folder
 * they choose (often {@code /}). {@code $XDG_DATA_HOME} or {@code ~/.local/share} on Linux and other
 * Unixes, {@code ~/Library/Application Support} on macOS, {@code %LOCALAPPDATA%} on Windows, each with a
 * {@code database-admin-server} folder inside.
 */
public final class UserDataFolder {
    public static final String APP_FOLDER = "database-admin-server";

    private final Path folder;
    private final String unknownBecause;

    private UserDataFolder(Path folder, String unknownBecause) {
        this.folder = folder;
        this.unknownBecause = unknownBecause;
    }

    /** The folder of this process's user, from its environment. */
    public static UserDataFolder current() {
        return of(System.getenv(), System.getProperty("os.name", ""), System.getProperty("user.home"));
    }

    /**
     * The folder for an environment: {@code env} as the process sees it, the OS name, and Java's
     * {@code user.home} (the account's home from the system, used only when the environment names none and
     * it exists).
     */
    static UserDataFolder of(Map<String, String> env, String osName, String javaUserHome) {
        String os = osName.toLowerCase(Locale.ROOT);
        try {
            if (os.startsWith("windows")) {
                String local = env.get("LOCALAPPDATA");
                if (absolute(local)) {
                    return known(Path.of(local, APP_FOLDER));
                }
                Path home = home(env.get("USERPROFILE"), javaUserHome);
                return home == null ? unknown("neither LOCALAPPDATA nor USERPROFILE is set")
                        : known(home.resolve("AppData").resolve("Local").resolve(APP_FOLDER));
            }
            Path home = home(env.get("HOME"), javaUserHome);
            if (os.startsWith("mac") || os.startsWith("darwin")) {
                return home == null ? unknown("HOME is not set")
                        : known(home.resolve("Library").resolve("Application Support").resolve(APP_FOLDER));
            }
            String xdg = env.get("XDG_DATA_HOME");
            if (absolute(xdg)) {
                return known(Path.of(xdg, APP_FOLDER));
            }
            return home == null ? unknown("neither XDG_DATA_HOME nor HOME is set")
                    : known(home.resolve(".local").resolve("share").resolve(APP_FOLDER));
        } catch (InvalidPathException e) {
            return unknown("the home folder's name is not a valid path (" + e.getMessage() + ")");
        }
    }

    /** The folder, when the environment names one. */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /** Why there is no folder (for messages), or null. */
    public String unknownBecause() {
        return unknownBecause;
    }

    /**
     * {@code value} resolved against this folder: blank gives {@code defaultName} in it, a relative value
     * is taken inside it, an absolute one as it is. {@code variable} names the setting in the error raised
     * when a folder is needed and the environment names none.
     */
    public Path resolve(String value, String defaultName, String variable) {
        String name = value == null || value.isBlank() ? defaultName : value.trim();
        Path path = Path.of(name);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        if (folder == null) {
            throw new StartupFailure("No folder for " + variable + ": the user data folder is unknown because "
                    + unknownBecause, "Set " + variable + " to an absolute, writable folder (or set HOME)");
        }
        return folder.resolve(path).normalize();
    }

    private static Path home(String fromEnvironment, String javaUserHome) {
        if (absolute(fromEnvironment)) {
            return Path.of(fromEnvironment);
        }
        if (fromEnvironment == null && absolute(javaUserHome) && Files.isDirectory(Path.of(javaUserHome))) {
            return Path.of(javaUserHome);
        }
        return null;
    }

    private static boolean absolute(String value) {
        return value != null && !value.isBlank() && Path.of(value).isAbsolute();
    }

    private static UserDataFolder known(Path folder) {
        return new UserDataFolder(folder.normalize(), null);
    }

    private static UserDataFolder unknown(String because) {
        return new UserDataFolder(null, because);
    }
}
