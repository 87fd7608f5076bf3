package com.dbadmin.backup;

import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.backup.store.StoredFile;
import com.dbadmin.call.ErrorCode;
import com.dbadmin.call.ToolException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The backups in the store, as their manifests describe them. A backup is listed only when both its
 * data file and its manifest exist: the manifest is written last, so anything an interrupted backup
 * left behind is never listed (and is cleaned up by retention).
 */
@Singleton
public class BackupInventory {
    private static final Logger LOG = LoggerFactory.getLogger(BackupInventory.class);
    /** Debris of interrupted backups is removed once it is this old (no backup takes longer). */
    private static final Duration ORPHAN_AGE = Duration.ofDays(1);
    private static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

    private final BackupStore store;
    /** Manifests never change once written; cached by name, size and time to spare S3 round trips. */
    private final Map<String, CachedManifest> cache = new ConcurrentHashMap<>();

    public BackupInventory(BackupStore store) {
        this.store = store;
    }

    public BackupStore store() {
        return store;
    }

    /** Every complete backup and export, newest first. */
    public List<Manifest> list() throws IOException {
        List<StoredFile> files = store.list();
        Map<String, StoredFile> byName = new HashMap<>();
        files.forEach(f -> byName.put(f.name(), f));
        List<Manifest> manifests = new ArrayList<>();
        for (StoredFile file : files) {
            String id = BackupNames.manifestId(file.name());
            if (id == null) {
                continue;
            }
            Manifest manifest = read(file);
            if (manifest != null && id.equals(manifest.id()) && byName.containsKey(manifest.file())) {
                manifests.add(manifest);
            }
        }
        manifests.sort(Comparator.comparing(Manifest::created).reversed());
        cache.keySet().retainAll(byName.keySet());
        return manifests;
    }

    /** The complete backup or export with this id. */
    public Optional<Manifest> find(String id) throws IOException {
        Optional<StoredFile> file = store.stat(BackupNames.manifestFile(id));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Manifest manifest = read(file.get());
        if (manifest == null || !id.equals(manifest.id()) || store.stat(manifest.file()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(manifest);
    }

    public Manifest require(String id) throws IOException {
        return find(id).orElseThrow(() -> ToolException.notFound("Backup '" + id + "' was not found in the store "
                + "(or is incomplete). db_list_backups shows the backups you can use."));
    }

    /** The manifests an incremental builds on, from its full backup to itself; checks each link exists. */
    public List<Manifest> chain(Manifest manifest) throws IOException {
        if (manifest.backupType() != BackupType.INCREMENTAL) {
            return List.of(manifest);
        }
        List<Manifest> chain = new ArrayList<>();
        for (String id : manifest.chain()) {
            Manifest link = id.equals(manifest.id()) ? manifest : find(id).orElseThrow(() -> new ToolException(
                    ErrorCode.DB_409_CONFLICT, "Backup '" + manifest.id() + "' builds on '" + id
                    + "', which is missing from the store; the chain cannot be restored."));
            chain.add(link);
        }
        return chain;
    }

    public void write(Manifest manifest) throws IOException {
        store.write(BackupNames.manifestFile(manifest.id()), manifest.toJson());
    }

    /**
     * Deletes a backup or export: the manifest first (so it stops being listed at once), then the data.
     * A base that a listed incremental still needs is refused.
     */
    public void delete(Manifest manifest) throws IOException {
        List<String> dependents = new ArrayList<>();
        for (Manifest other : list()) {
            if (other.chain() != null && !other.id().equals(manifest.id()) && other.chain().contains(manifest.id())) {
                dependents.add(other.id());
            }
        }
        if (!dependents.isEmpty()) {
            throw new ToolException(ErrorCode.DB_409_CONFLICT, "Backup '" + manifest.id() + "' is the base of "
                    + dependents.size() + " incremental backup(s) (" + String.join(", ", dependents.subList(0,
                    Math.min(5, dependents.size()))) + "); delete those first.");
        }
        remove(manifest);
    }

    private void remove(Manifest manifest) throws IOException {
        store.delete(BackupNames.manifestFile(manifest.id()));
        store.delete(manifest.file());
        cache.remove(BackupNames.manifestFile(manifest.id()));
    }

    /**
     * Deletes backups older than the retention period, except the newest full backup, the newest backup
     * of any kind, and every backup a kept incremental builds on. Exports are not backups and stay.
     * Also removes what interrupted backups left (data without a manifest, partial uploads).
     *
     * @return the ids deleted
     */
    public List<String> applyRetention(int retentionDays, Instant now) throws IOException {
        List<String> deleted = new ArrayList<>();
        if (retentionDays <= 0) {
            return deleted;
        }
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        List<Manifest> backups = list().stream().filter(m -> m.backupType() != BackupType.EXPORT).toList();
        Set<String> keep = new HashSet<>();
        backups.stream().filter(m -> !m.createdAt().isBefore(cutoff)).forEach(m -> keep.add(m.id()));
        backups.stream().filter(m -> m.backupType() == BackupType.FULL).findFirst().ifPresent(m -> keep.add(m.id()));
        backups.stream().findFirst().ifPresent(m -> keep.add(m.id()));
        for (Manifest backup : backups) {
            if (keep.contains(backup.id()) && backup.chain() != null) {
                keep.addAll(backup.chain());
            }
        }
        for (Manifest backup : backups) {
            if (!keep.contains(backup.id())) {
                remove(backup);
                deleted.add(backup.id());
                LOG.info("Retention: deleted backup {} (created {}, older than {} days)", backup.id(), backup.created(),
                        retentionDays);
            }
        }
        removeOrphans(now);
        return deleted;
    }

    private void removeOrphans(Instant now) throws IOException {
        Instant cutoff = now.minus(ORPHAN_AGE);
        List<StoredFile> files = store.list();
        Set<String> manifests = new HashSet<>();
        for (StoredFile file : files) {
            String id = BackupNames.manifestId(file.name());
            if (id != null) {
                manifests.add(id);
            }
        }
        for (StoredFile file : files) {
            String owner = BackupNames.ownerId(file.name());
            if (owner != null && BackupNames.manifestId(file.name()) == null && !manifests.contains(owner)
                    && file.modified().isBefore(cutoff)) {
                LOG.info("Retention: deleted {} (left by an interrupted backup)", file.name());
                store.delete(file.name());
            }
        }
        store.cleanupStaleUploads(ORPHAN_AGE);
    }

    private Manifest read(StoredFile file) {
        CachedManifest cached = cache.get(file.name());
        if (cached != null && cached.size == file.size() && cached.modified.equals(file.modified())) {
            return cached.manifest;
        }
        try (InputStream in = store.open(file.name())) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES);
            Manifest manifest = Manifest.parse(bytes);
            cache.put(file.name(), new CachedManifest(file.size(), file.modified(), manifest));
            return manifest;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring unreadable manifest {}: {}", file.name(), e.getMessage());
            return null;
        }
    }

    private record CachedManifest(long size, Instant modified, Manifest manifest) {
    }
}
