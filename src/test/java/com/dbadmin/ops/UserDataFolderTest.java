package com.dbadmin.ops;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The user data folder per platform, and how settings resolve against it (relative inside, absolute as is). */
class UserDataFolderTest {
    private static final String NO_JAVA_HOME = null;

    @Test
    void linuxUsesXdgDataHomeThenHome() {
        assertEquals(Path.of("/xdg/database-admin-server"), UserDataFolder.of(Map.of("XDG_DATA_HOME", "/xdg",
                "HOME", "/home/ada"), "Linux", NO_JAVA_HOME).folder().orElseThrow());
        assertEquals(Path.of("/home/ada/.local/share/database-admin-server"), UserDataFolder.of(Map.of("HOME", "/home/ada"),
                "Linux", NO_JAVA_HOME).folder().orElseThrow());
        // A relative XDG_DATA_HOME is invalid by the XDG spec and ignored.
        assertEquals(Path.of("/home/ada/.local/share/database-admin-server"), UserDataFolder.of(Map.of("HOME", "/home/ada",
                "XDG_DATA_HOME", "relative"), "Linux", NO_JAVA_HOME).folder().orElseThrow());
    }

    @Test
    void macOsAndWindowsUseTheirApplicationDataFolders() {
        assertEquals(Path.of("/Users/ada/Library/Application Support/database-admin-server"),
                UserDataFolder.of(Map.of("HOME", "/Users/ada"), "Mac OS X", NO_JAVA_HOME).folder().orElseThrow());
        UserDataFolder windows = UserDataFolder.of(Map.of("LOCALAPPDATA", "/c/Users/ada/AppData/Local"), "Windows 11",
                NO_JAVA_HOME);
        assertEquals(Path.of("/c/Users/ada/AppData/Local/database-admin-server"), windows.folder().orElseThrow());
    }

    @Test
    void withoutHomeTheFolderIsUnknownAndResolvingARelativeSettingSaysWhatToSet() {
        UserDataFolder none = UserDataFolder.of(Map.of(), "Linux", "/definitely/not/a/folder");
        assertTrue(none.folder().isEmpty());
        assertTrue(none.unknownBecause().contains("HOME"), none.unknownBecause());
        StartupFailure failure = assertThrows(StartupFailure.class, () -> none.resolve(null, "postgres", "DB_ADMIN_DATA_DIR"));
        assertTrue(failure.explanation().contains("DB_ADMIN_DATA_DIR"), failure.explanation());
        assertTrue(failure.explanation().contains("HOME"), failure.explanation());
        // An absolute setting needs no user folder.
        assertEquals(Path.of("/srv/pg"), none.resolve("/srv/pg", "postgres", "DB_ADMIN_DATA_DIR"));
    }

    @Test
    void settingsResolveInsideTheFolder() {
        UserDataFolder folder = UserDataFolder.of(Map.of("HOME", "/home/ada"), "Linux", NO_JAVA_HOME);
        Path base = Path.of("/home/ada/.local/share/database-admin-server");
        assertEquals(base.resolve("postgres"), folder.resolve("", "postgres", "DB_ADMIN_DATA_DIR"));
        assertEquals(base.resolve("other/pg"), folder.resolve("other/pg", "postgres", "DB_ADMIN_DATA_DIR"));
        assertEquals(Path.of("/abs/pg"), folder.resolve("/abs/pg", "postgres", "DB_ADMIN_DATA_DIR"));
    }

    @Test
    void withoutHomeVariableJavasHomeOfTheAccountIsUsedWhenItExists() {
        String existing = System.getProperty("java.io.tmpdir");
        assertEquals(Path.of(existing, ".local", "share", "database-admin-server").normalize(),
                UserDataFolder.of(Map.of(), "Linux", existing).folder().orElseThrow());
    }

    @Test
    void explainFindsTheStartupFailureAmongTheCauses() {
        RuntimeException wrapped = new RuntimeException("Bean creation failed",
                new IllegalStateException("wrapper", new StartupFailure("Cannot use /x", "Set DB_ADMIN_DATA_DIR")));
        assertEquals("Cannot use /x. Set DB_ADMIN_DATA_DIR.", StartupFailure.explain(wrapped));
        String generic = StartupFailure.explain(new RuntimeException("outer", new IllegalArgumentException("inner")));
        assertTrue(generic.startsWith("inner"), generic);
        assertTrue(generic.contains("DATABASE_URL"), generic);
    }
}
