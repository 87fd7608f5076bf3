package com.dbadmin.backup;

import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.UntrustedBackupException;
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
 *
 * <p>Every manifest is checked when it is read: signed by a key this server accepts, unchanged since,
 * and naming the data file its id calls for. Untrusted ones are listed (so operators see them) but
 * never restored, never followed to another file, and never counted or deleted by retention.
 */
@Singleton
public class BackupInventory {
    private static final Logger LOG = LoggerFactory.getLogger(BackupInventory.class);
    /** Debris of interrupted backups is removed once it is this old (no backup takes longer). */
    private static final Duration ORPHAN_AGE = Duration.ofDays(1);
    private static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

    private final BackupStore store;
    private final BackupKeys keys;
    /** Manifests never change once written; cached by name, size and time to spare S3 round trips. */
    private final Map<String, CachedManifest> cache = new ConcurrentHashMap<>();

    public BackupInventory(BackupStore store, BackupKeys keys) {
        this.store = store;
        this.keys = keys;
    }

    /** A manifest in the store and, when it cannot be trusted, why. */
    public record Listed(Manifest manifest, UntrustedBackupException problem) {
        public boolean authentic() {
            return problem == null;
        }
    }

    public BackupStore store() {
        return store;
    }

    /** Every complete backup and export, trusted or not, newest first. */
    public List<Listed> list() throws IOException {
        List<StoredFile> files = store.list();
        Map<String, StoredFile> byName = new HashMap<>();
        files.forEach(f -> byName.put(f.name(), f));
        List<Listed> manifests = new ArrayList<>();
        for (StoredFile file : files) {
            String id = BackupNames.manifestId(file.name());
            if (id == null) {
                continue;
            }
            Listed listed = read(file);
            if (listed != null && id.equals(listed.manifest().id()) && byName.containsKey(listed.manifest().file())) {
                manifests.add(listed);
            }
        }
        manifests.sort(Comparator.comparing((Listed l) -> String.valueOf(l.manifest().created())).reversed());
        cache.keySet().retainAll(byName.keySet());
        return manifests;
    }

    /** The trusted backups and exports, newest first. */
    public List<Manifest> trusted() throws IOException {
        return list().stream().filter(Listed::authentic).map(Listed::manifest).toList();
    }

    /** The complete backup or export with this id, trusted or not. */
    public Optional<Listed> find(String id) throws IOException {
        Optional<StoredFile> file = store.stat(BackupNames.manifestFile(id));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Listed listed = read(file.get());
        if (listed == null || !id.equals(listed.manifest().id()) || store.stat(listed.manifest().file()).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(listed);
    }

    /** The backup or export with this id, whatever its signature says (listing and deleting). */
    public Listed requireListed(String id) throws IOException {
        return find(id).orElseThrow(() -> ToolException.notFound("Backup '" + id + "' was not found in the store "
                + "(or is incomplete). db_list_backups shows the backups you can use."));
    }

    /**
     * The backup or export with this id, when this server may read and run it: signed with an accepted
     * key, unchanged, consistently named, and encrypted if an encryption key is configured.
     *
     * @throws UntrustedBackupException otherwise (DB_422_CONSTRAINT with the reason)
     */
    public Manifest require(String id) throws IOException {
        Listed listed = requireListed(id);
        if (!listed.authentic()) {
            throw listed.problem();
        }
        UntrustedBackupException unencrypted = Authenticity.checkEncryption(listed.manifest(), keys);
        if (unencrypted != null) {
            throw unencrypted;
        }
        return listed.manifest();
    }

    /** The manifests an incremental builds on, from its full backup to itself; checks each link exists. */
    public List<Manifest> chain(Manifest manifest) throws IOException {
        if (manifest.backupType() != BackupType.INCREMENTAL) {
            return List.of(manifest);
        }
        List<Manifest> chain = new ArrayList<>();
        for (String id : manifest.chain()) {
            if (id.equals(manifest.id())) {
                chain.add(manifest);
                continue;
            }
            if (find(id).isEmpty()) {
                throw new ToolException(ErrorCode.DB_409_CONFLICT, "Backup '" + manifest.id() + "' builds on '" + id
                        + "', which is missing from the store; the chain cannot be restored.");
            }
            chain.add(require(id));
        }
        return chain;
    }

    /** Signs the manifest with {@code key} (the key its data file's HMAC was made with) and stores it. */
    public void write(Manifest manifest, SigningKey key) throws IOException {
        store.write(BackupNames.manifestFile(manifest.id()), Authenticity.sign(manifest, key));
    }

    /**
     * Deletes a backup or export: the manifest first (so it stops being listed at once), then the data.
     * A base that a listed incremental still needs is refused. The data file deleted is always the one
     * the id names, never a name an untrusted manifest points at.
     */
    public void delete(Listed listed) throws IOException {
        Manifest manifest = listed.manifest();
        List<String> dependents = new ArrayList<>();
        for (Manifest other : trusted()) {
            if (other.chain() != null && !other.id().equals(manifest.id()) && other.chain().contains(manifest.id())) {
                dependents.add(other.id());
            }
        }
        if (!dependents.isEmpty()) {
            throw new ToolException(ErrorCode.DB_409_CONFLICT, "Backup '" + manifest.id() + "' is the base of "
                    + dependents.size() + " incremental backup(s) (" + String.join(", ", dependents.subList(0,
                    Math.min(5, dependents.size()))) + "); delete those first.");
        }
        remove(listed);
    }

    private void remove(Listed listed) throws IOException {
        Manifest manifest = listed.manifest();
        store.delete(BackupNames.manifestFile(manifest.id()));
        if (listed.authentic()) {
            store.delete(manifest.file());
        } else {
            for (String file : Authenticity.possibleFiles(manifest.id())) {
                store.delete(file);
            }
        }
        cache.remove(BackupNames.manifestFile(manifest.id()));
    }

    /**
     * Deletes backups older than the retention period, except the newest full backup, the newest backup
     * of any kind, and every backup a kept incremental builds on. Exports are not backups and stay.
     * Only trusted backups count: a planted manifest can neither pose as the newest backup nor get
     * anything deleted, and untrusted ones are left for an operator. Also removes what interrupted
     * backups left (data without a manifest, partial uploads).
     *
     * @return the ids deleted
     */
    public List<String> applyRetention(int retentionDays, Instant now) throws IOException {
        List<String> deleted = new ArrayList<>();
        if (retentionDays <= 0) {
            return deleted;
        }
        Instant cutoff = now.minus(Duration.ofDays(retentionDays));
        List<Listed> listed = list();
        long untrusted = listed.stream().filter(l -> !l.authentic()).count();
        if (untrusted > 0) {
            LOG.warn("Retention: {} backup(s) in the store are not signed by a key this server accepts; they are"
                    + " left alone (db_list_backups marks them; delete or re-sign them with db_trust_backup)", untrusted);
        }
        List<Listed> backups = listed.stream().filter(Listed::authentic)
                .filter(l -> l.manifest().backupType() != BackupType.EXPORT).toList();
        Set<String> keep = new HashSet<>();
        backups.stream().filter(l -> !l.manifest().createdAt().isBefore(cutoff)).forEach(l -> keep.add(l.manifest().id()));
        backups.stream().filter(l -> l.manifest().backupType() == BackupType.FULL).findFirst()
                .ifPresent(l -> keep.add(l.manifest().id()));
        backups.stream().findFirst().ifPresent(l -> keep.add(l.manifest().id()));
        for (Listed backup : backups) {
            if (keep.contains(backup.manifest().id()) && backup.manifest().chain() != null) {
                keep.addAll(backup.manifest().chain());
            }
        }
        for (Listed backup : backups) {
            Manifest manifest = backup.manifest();
            if (!keep.contains(manifest.id())) {
                remove(backup);
                deleted.add(manifest.id());
                LOG.info("Retention: deleted backup {} (created {}, older than {} days)", manifest.id(), manifest.created(),
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

    private Listed read(StoredFile file) {
        CachedManifest cached = cache.get(file.name());
        if (cached != null && cached.size == file.size() && cached.modified.equals(file.modified())) {
            return cached.listed;
        }
        try (InputStream in = store.open(file.name())) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES);
            Manifest manifest = Manifest.parse(bytes);
            if (manifest.id() == null || manifest.type() == null || manifest.file() == null || manifest.created() == null) {
                throw new IOException("id, type, file and created are required");
            }
            Listed listed = new Listed(manifest, Authenticity.check(bytes, manifest, keys));
            cache.put(file.name(), new CachedManifest(file.size(), file.modified(), listed));
            return listed;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring unreadable manifest {}: {}", file.name(), e.getMessage());
            return null;
        }
    }

    private record CachedManifest(long size, Instant modified, Listed listed) {
    }
}
