package com.dbadmin.backup;

import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.DumpReader;
import com.dbadmin.backup.format.DumpWriter;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.backup.store.BackupStore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * What an attacker with write access to the backup store can do: change files and manifests, or (with
 * a leaked signing key) sign what they wrote. Used by the tests that prove restores refuse all of it.
 */
final class ForgedBackups {
    private ForgedBackups() {
    }

    static byte[] gunzip(byte[] bytes) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /**
     * The dump with each entry's SQL passed through {@code change} (table of contents entry, SQL) and the
     * lengths fixed up, so the file still parses: only its content is the attacker's.
     */
    static byte[] rewrite(byte[] plainDump, BiFunction<TocEntry, String, String> change) throws IOException {
        DumpReader reader = new DumpReader(new ByteArrayInputStream(plainDump));
        var header = reader.open();
        List<TocEntry> toc = reader.toc();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DumpWriter writer = new DumpWriter(out);
        writer.begin(header, toc);
        DumpReader.Entry entry;
        try {
            while ((entry = reader.next()) != null) {
                DumpReader.Entry current = entry;
                String sql = change.apply(entry.toc(), entry.sql());
                writer.entry(entry.toc(), sql, entry.toc().isTableData() ? target -> current.data().transferTo(target) : null);
            }
            writer.end();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    /** Replaces the header's backup id (the format marker line) without touching anything else. */
    static byte[] withHeaderId(byte[] plainDump, String from, String to) {
        String text = new String(plainDump, java.nio.charset.StandardCharsets.UTF_8);
        int marker = text.indexOf("-- dbadmin:format ");
        int end = text.indexOf('\n', marker);
        String line = text.substring(marker, end).replace("\"id\":\"" + from + "\"", "\"id\":\"" + to + "\"");
        return (text.substring(0, marker) + line + text.substring(end)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Writes {@code data} as the file of {@code manifest} and a manifest signed with {@code key} for it. */
    static void signAndStore(BackupStore store, Manifest manifest, byte[] data, SigningKey key) throws IOException {
        write(store, manifest.file(), data);
        Manifest forged = forManifest(manifest, data, key);
        store.delete(BackupNames.manifestFile(manifest.id()));
        store.write(BackupNames.manifestFile(manifest.id()), Authenticity.sign(forged, key));
    }

    /** The manifest with size, SHA-256 and file HMAC of {@code data} (not yet signed itself). */
    static Manifest forManifest(Manifest manifest, byte[] data, SigningKey key) {
        String sha;
        try {
            sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return new Manifest(manifest.formatVersion(), manifest.id(), manifest.type(), manifest.file(), manifest.created(),
                manifest.completed(), manifest.database(), manifest.serverVersion(), manifest.toolVersion(),
                manifest.includesSchema(), manifest.includesData(), manifest.table(), manifest.tables(),
                manifest.totalRows(), manifest.dataBytes(), data.length, sha, manifest.compression(), manifest.encryption(),
                manifest.baseBackup(), manifest.chain(), manifest.schemaSha256(), manifest.exportFormat(),
                manifest.warnings(), manifest.missing(), manifest.includesPrivileges(), manifest.trustedFrom(),
                new Manifest.Signature(Manifest.Signature.ALGORITHM, key.idHex(), key.sign(data), null));
    }

    static void write(BackupStore store, String name, byte[] data) throws IOException {
        store.delete(name);
        try (BackupStore.Upload upload = store.create(name)) {
            upload.stream().write(data);
            upload.commit();
        }
    }

    static Manifest manifest(Path store, String id) throws IOException {
        return Manifest.parse(Files.readAllBytes(store.resolve(BackupNames.manifestFile(id))));
    }
}
