package com.dbadmin.ops.health;

import com.dbadmin.ops.BackupStatusSource;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Backup status read from the backup folder ({@code BACKUP_DIR}) itself: the file system's free and
 * total space, whether the folder (or, before the first backup, the nearest existing parent) is
 * writable, and the newest backup by the time in its name ({@code backup-<kind>-yyyyMMdd-HHmmss...},
 * UTC). Stands in until the backup engine provides its own {@link BackupStatusSource}, which knows
 * which backups actually completed.
 */
@Singleton
@Secondary
public class LocalBackupDirectoryStatus implements BackupStatusSource {
    private static final Pattern BACKUP_NAME = Pattern.compile("^backup-.+-(\\d{8}-\\d{6}).*");
    private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Files still being written are not backups yet. */
    private static final Pattern IN_PROGRESS = Pattern.compile(".*\\.(tmp|part|partial|inprogress)$");

    private final Path directory;

    public LocalBackupDirectoryStatus(HealthSettings settings) {
        this.directory = Path.of(settings.getBackupDir()).toAbsolutePath().normalize();
    }

    @Override
    public String location() {
        return directory.toString();
    }

    @Override
    public Optional<Instant> lastSuccess() {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        Instant newest = null;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "backup-*")) {
            for (Path entry : entries) {
                Instant time = backupTime(entry.getFileName().toString());
                if (time != null && (newest == null || time.isAfter(newest))) {
                    newest = time;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the backup folder " + directory, e);
        }
        return Optional.ofNullable(newest);
    }

    /** The time in a backup file's name, or null for anything else. */
    static Instant backupTime(String fileName) {
        if (IN_PROGRESS.matcher(fileName).matches()) {
            return null;
        }
        Matcher matcher = BACKUP_NAME.matcher(fileName);
        if (!matcher.matches()) {
            return null;
        }
        try {
            return LocalDateTime.parse(matcher.group(1), NAME_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    @Override
    public long freeBytes() {
        FileStore store = fileStore();
        try {
            return store == null ? -1 : store.getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public long totalBytes() {
        FileStore store = fileStore();
        try {
            return store == null ? -1 : store.getTotalSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public boolean writable() {
        Path existing = nearestExisting();
        return existing != null && Files.isDirectory(existing) && Files.isWritable(existing);
    }

    private FileStore fileStore() {
        Path existing = nearestExisting();
        try {
            return existing == null ? null : Files.getFileStore(existing);
        } catch (IOException e) {
            return null;
        }
    }

    /** The folder, or before the first backup created it, the parent it will be created in. */
    private Path nearestExisting() {
        Path candidate = directory;
        while (candidate != null && !Files.exists(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate;
    }
}
