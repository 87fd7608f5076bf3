package com.dbadmin.backup;

import com.dbadmin.backup.crypto.BackupKey;
import com.dbadmin.backup.crypto.EncryptionException;
import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.format.DumpFormat;
import com.dbadmin.backup.format.DumpFormatException;
import com.dbadmin.backup.format.DumpHeader;
import com.dbadmin.backup.format.DumpReader;
import com.dbadmin.backup.format.DumpWriter;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.backup.format.UntrustedBackupException;
import com.dbadmin.backup.restore.StatementRules;
import com.dbadmin.backup.store.BackupStore;
import com.dbadmin.call.ToolException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * db_trust_backup: the one way a file this server did not sign (another server's backup, one from
 * before signing, one decrypted or edited by hand) becomes restorable. It reads the file, checks every
 * entry against the same rules a restore applies, and reports what a restore would run: the statements
 * by kind, the objects and functions (with their languages) it creates, the privilege changes, the
 * tables and their rows. Only when the administrator confirms does it write a new backup with the same
 * content, signed by this server (and encrypted when a key is configured); the original stays as it was.
 */
@Singleton
public class BackupTrust {
    private static final Logger LOG = LoggerFactory.getLogger(BackupTrust.class);
    private static final Pattern LANGUAGE = Pattern.compile("(?i)\\bLANGUAGE\\s+\"?([A-Za-z0-9_]+)");

    private final BackupService backups;

    public BackupTrust(BackupService backups) {
        this.backups = backups;
    }

    /**
     * What the file holds and would run; {@code written} is the new signed backup when confirmed.
     *
     * @param statements how many statements of each kind a restore would run
     * @param functions  functions and procedures it creates, with their language
     * @param refused    entries a restore would refuse (then nothing is written)
     */
    public record Review(String file, DumpHeader source, Map<String, Integer> statements, List<String> objects,
                         List<String> functions, int privilegeStatements, List<Manifest.TableEntry> tables,
                         List<String> refused, Manifest written) {
    }

    public Review review(String name, boolean confirm) {
        String id = BackupNames.backupIdOf(name, "backupFile");
        if (BackupNames.typeOf(id) == BackupType.INCREMENTAL) {
            throw ToolException.validation("Incremental backups build on a chain of signed files and cannot be re-signed"
                    + " on their own; re-sign the full backup and take new increments on it.");
        }
        BackupStore store = backups.inventory().store();
        String file = backups.checked(() -> dataFile(store, name, id));
        Instant created = Instant.now();
        String newId = null;
        BackupStore.Upload upload = null;
        try (InputStream raw = store.open(file);
             FileCodec.Reader codec = FileCodec.reader(raw, FileCodec.gzipped(file), FileCodec.encrypted(file),
                     backups.keys().readable())) {
            DumpReader reader = new DumpReader(codec.stream());
            DumpHeader header = reader.open();
            BackupType type = BackupType.of(header.type());
            if (type != BackupType.FULL && type != BackupType.TABLE) {
                throw ToolException.validation("Only full and table backups can be re-signed, not " + header.type() + ".");
            }
            Writing writing = null;
            if (confirm) {
                newId = backups.reserve(type, created, type == BackupType.TABLE ? tableOf(reader.toc()) : null, store);
                upload = store.create(BackupNames.dataFile(newId, backups.settings().compressByDefault() ? "gzip" : "none",
                        backups.keys().current().isPresent()));
                writing = new Writing(newId, upload, header, reader.toc());
            }
            Review review = read(file, header, reader, writing);
            if (!review.refused().isEmpty() || writing == null) {
                if (upload != null) {
                    upload.abort();
                }
                return review;
            }
            Manifest manifest = writing.finish(file, codec, review, created);
            upload = null;
            LOG.warn("Backup {} re-signed as {} by db_trust_backup", file, manifest.id());
            return new Review(review.file(), review.source(), review.statements(), review.objects(), review.functions(),
                    review.privilegeStatements(), review.tables(), review.refused(), manifest);
        } catch (NoSuchFileException e) {
            throw ToolException.notFound("File '" + file + "' is not in the backup store.");
        } catch (EncryptionException | DumpFormatException | ZipException | java.io.EOFException e) {
            throw ToolException.validation("'" + file + "' is not a complete backup this server can read: " + e.getMessage()
                    + ". Files of other tools (pg_dump) are restored with their own tools (psql, pg_restore).");
        } catch (IOException e) {
            throw BackupService.storeFailure("The file could not be read", e);
        } catch (SQLException e) {
            throw new IllegalStateException("no database is read when re-signing", e);
        } finally {
            if (upload != null) {
                upload.abort();
            }
            if (newId != null) {
                backups.release(newId);
            }
        }
    }

    private static Review read(String file, DumpHeader header, DumpReader reader, Writing writing)
            throws IOException, SQLException {
        Map<String, Integer> statements = new TreeMap<>();
        List<String> objects = new ArrayList<>();
        List<String> functions = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        List<Manifest.TableEntry> tables = new ArrayList<>();
        int privileges = 0;
        DumpReader.Entry entry;
        while ((entry = reader.next()) != null) {
            TocEntry toc = entry.toc();
            String problem = StatementRules.problem(toc, entry.sql(), true);
            if (problem != null) {
                refused.add("entry " + toc.id() + " (" + toc.kind() + "): " + problem);
            }
            statements.merge(toc.kind(), 1, Integer::sum);
            String label = toc.kind() + " " + (toc.schema() == null ? "" : toc.schema() + ".")
                    + (toc.signature() != null ? toc.signature() : toc.name() != null ? toc.name() : "");
            if (TocEntry.PRE.equals(toc.section()) && toc.key() != null) {
                objects.add(label.strip());
            }
            if ("function".equals(toc.kind())) {
                Matcher language = LANGUAGE.matcher(entry.sql());
                functions.add(label.substring("function ".length()) + " LANGUAGE "
                        + (language.find() ? language.group(1).toLowerCase(java.util.Locale.ROOT) : "?"));
            }
            if ("owner".equals(toc.kind()) || "acl".equals(toc.kind())) {
                privileges++;
            }
            if (toc.isTableData()) {
                DumpReader.Entry data = entry;
                DumpWriter.TableStats stats;
                if (writing != null) {
                    stats = writing.writer.entry(toc, entry.sql(), target -> data.data().transferTo(target));
                } else {
                    entry.skipData();
                    stats = new DumpWriter.TableStats(toc.key(), toc.schema() + "." + toc.name(), entry.rows(),
                            entry.bytes(), entry.sha256());
                }
                tables.add(new Manifest.TableEntry(stats.name(), stats.rows(), stats.sha256(), stats.bytes(), null));
            } else if (writing != null) {
                writing.writer.entry(toc, entry.sql(), null);
            }
        }
        return new Review(file, header, statements, objects, functions, privileges, tables, refused, null);
    }

    /** The signed copy being written while the original is read. */
    private final class Writing {
        final String id;
        final BackupStore.Upload upload;
        final FileCodec.Writer codec;
        final DumpWriter writer;
        final SigningKey signer;
        final BackupKey key;
        final BackupType type;
        final DumpHeader source;

        Writing(String id, BackupStore.Upload upload, DumpHeader source, List<TocEntry> toc) throws IOException {
            this.id = id;
            this.upload = upload;
            this.source = source;
            this.type = BackupType.of(source.type());
            this.signer = backups.keys().signing();
            this.key = backups.keys().current().orElse(null);
            this.codec = FileCodec.writer(upload.stream(), backups.settings().compressByDefault(),
                    backups.settings().compressionLevel(), key, signer);
            this.writer = new DumpWriter(codec.stream());
            writer.begin(new DumpHeader(DumpFormat.VERSION, id, source.type(), source.created(), source.database(),
                    source.serverVersion(), source.toolVersion(), null), toc);
        }

        Manifest finish(String original, FileCodec.Reader originalCodec, Review review, Instant created) throws IOException {
            writer.end();
            codec.finish();
            upload.commit();
            originalCodec.drain();
            long rows = review.tables().stream().mapToLong(Manifest.TableEntry::rows).sum();
            boolean schema = review.objects().size() > 0;
            String file = BackupNames.dataFile(id, backups.settings().compressByDefault() ? "gzip" : "none", key != null);
            Manifest manifest = new Manifest(Manifest.FORMAT_VERSION, id, type.id(), file, created.toString(),
                    Instant.now().toString(), source.database(), source.serverVersion(), source.toolVersion(), schema,
                    !review.tables().isEmpty(), type == BackupType.TABLE ? review.tables().isEmpty() ? null
                    : review.tables().get(0).name() : null, review.tables(), rows, codec.plainBytes(), codec.storedBytes(),
                    codec.storedSha256(), backups.settings().compressByDefault() ? "gzip" : "none",
                    key == null ? null : new Manifest.Encryption("AES-256-GCM", key.idHex(),
                            com.dbadmin.backup.crypto.ChunkedGcm.DEFAULT_CHUNK_SIZE),
                    null, null, null, null, List.of("re-signed by db_trust_backup from " + original),
                    List.of(), review.privilegeStatements() > 0 ? Boolean.TRUE : null,
                    original + " (sha256 " + originalCodec.storedSha256() + ")",
                    new Manifest.Signature(Manifest.Signature.ALGORITHM, signer.idHex(), codec.storedHmac(), null));
            try {
                backups.inventory().write(manifest, signer);
            } catch (IOException | RuntimeException e) {
                backups.inventory().store().delete(file);
                throw e;
            }
            return manifest;
        }
    }

    /** The data file meant by a name: the name itself when it is one, else the one file its id has. */
    private static String dataFile(BackupStore store, String name, String id) throws IOException {
        if (!name.equals(id) && !name.endsWith(BackupNames.MANIFEST_SUFFIX)) {
            return name;
        }
        List<String> present = new ArrayList<>();
        for (String candidate : Authenticity.possibleFiles(id)) {
            if (store.stat(candidate).isPresent()) {
                present.add(candidate);
            }
        }
        if (present.size() != 1) {
            throw present.isEmpty() ? ToolException.notFound("Backup '" + id + "' has no data file in the store.")
                    : ToolException.validation("Backup '" + id + "' has several data files (" + String.join(", ", present)
                    + "); name the one to re-sign.");
        }
        return present.get(0);
    }

    private static String tableOf(List<TocEntry> toc) {
        for (TocEntry entry : toc) {
            if ("table".equals(entry.kind()) || entry.isTableData()) {
                return entry.schema() + "." + entry.name();
            }
        }
        return "table";
    }

    /** Entries a restore refuses make the whole file untrusted: the error a confirm gets. */
    public static UntrustedBackupException refusal(Review review) {
        return new UntrustedBackupException(UntrustedBackupException.Reason.STATEMENT_REFUSED, review.file(),
                "'" + review.file() + "' holds " + review.refused().size() + " entr" + (review.refused().size() == 1 ? "y" : "ies")
                        + " a restore refuses (" + String.join("; ", review.refused().subList(0,
                        Math.min(3, review.refused().size()))) + "); it cannot be trusted. Nothing was written.");
    }
}
