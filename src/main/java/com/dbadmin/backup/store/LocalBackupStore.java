package com.dbadmin.backup.store;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Backups in a local folder (BACKUP_DIR). A file is written under a hidden temporary name, synced to
 * disk and renamed into place on commit, so a crash or a full disk never leaves a half-written file
 * under a backup's name. Names are resolved only after validation and re-checked to stay in the folder.
 */
public final class LocalBackupStore implements BackupStore {
    private static final String PARTIAL_PREFIX = ".partial-";

    private final Path root;

    public LocalBackupStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public Upload create(String name) throws IOException {
        Path target = resolve(name);
        Files.createDirectories(root);
        if (Files.exists(target)) {
            throw new FileAlreadyExistsException(name);
        }
        Path temp = root.resolve(PARTIAL_PREFIX + UUID.randomUUID() + "-" + name);
        FileOutputStream file = new FileOutputStream(temp.toFile());
        return new LocalUpload(file, temp, target);
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        try (Upload upload = create(name)) {
            upload.stream().write(content);
            upload.commit();
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        Path path = resolve(name);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(name);
        }
        return Files.newInputStream(path);
    }

    @Override
    public Optional<StoredFile> stat(String name) throws IOException {
        Path path = resolve(name);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
        return Optional.of(new StoredFile(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
    }

    @Override
    public List<StoredFile> list() throws IOException {
        List<StoredFile> files = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return files;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(entry)) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                files.add(new StoredFile(name, attributes.size(), attributes.lastModifiedTime().toInstant()));
            }
        }
        return files;
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(resolve(name));
    }

    @Override
    public Optional<Space> space() {
        try {
            Path existing = Files.isDirectory(root) ? root : nearestExistingParent(root);
            FileStore store = Files.getFileStore(existing);
            return Optional.of(new Space(store.getUsableSpace(), store.getTotalSpace()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean writable() {
        try {
            Files.createDirectories(root);
            return Files.isDirectory(root) && Files.isWritable(root);
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    @Override
    public void cleanupStaleUploads(Duration olderThan) throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        Instant cutoff = Instant.now().minus(olderThan);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root, PARTIAL_PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** Resolves a validated name and makes sure the result is a direct child of the folder. */
    private Path resolve(String name) {
        Path path = root.resolve(name).normalize();
        if (!path.getParent().equals(root) || name.contains("/") || name.contains("\\")) {
            throw new IllegalArgumentException("not a file name in the backup folder");
        }
        return path;
    }

    private static Path nearestExistingParent(Path path) {
        Path current = path;
        while (current != null && !Files.exists(current)) {
            current = current.getParent();
        }
        return current == null ? Path.of(".").toAbsolutePath() : current;
    }

    private static final class LocalUpload implements Upload {
        private final FileOutputStream file;
        private final OutputStream stream;
        private final Path temp;
        private final Path target;
        private boolean done;

        LocalUpload(FileOutputStream file, Path temp, Path target) {
            this.file = file;
            this.stream = new BufferedOutputStream(file, 1 << 16);
            this.temp = temp;
            this.target = target;
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public void commit() throws IOException {
            if (done) {
                throw new IllegalStateException("upload already finished");
            }
            try {
                stream.flush();
                file.getChannel().force(true);
                stream.close();
                if (Files.exists(target)) {
                    throw new FileAlreadyExistsException(target.getFileName().toString());
                }
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                done = true;
            } catch (IOException | RuntimeException e) {
                abort();
                throw e;
            }
        }

        @Override
        public void abort() {
            if (done) {
                return;
            }
            done = true;
            try {
                stream.close();
            } catch (IOException ignored) {
                // The stream may be what failed (disk full); the temporary file goes either way.
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // Left for cleanupStaleUploads.
            }
        }
    }
}
