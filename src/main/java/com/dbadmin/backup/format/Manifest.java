package com.dbadmin.backup.format;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * What a backup (or export) holds, written next to it as {@code <id>.manifest.json} after its data
 * file is complete: a listed backup always has both. Checksums let db_validate_backup and restores
 * prove the file is the one that was written: {@code sha256} covers the stored bytes, each table's
 * {@code sha256} its COPY data as the database produced it.
 *
 * @param type           full, table, incremental or export
 * @param file           the data file's name in the store
 * @param created        when the snapshot was taken (ISO-8601)
 * @param includesSchema whether the file creates the objects (false for data-only backups)
 * @param tables         every table the backup covers, in restore order; for incrementals
 *                       {@code included} tells which ones this file carries
 * @param dataBytes      uncompressed size of the SQL (or export) text
 * @param size           size of the stored file
 * @param baseBackup     for incrementals: the backup this one builds on
 * @param chain          for incrementals: ids from the full backup to this one, in restore order
 * @param schemaSha256   fingerprint of the schema, so an incremental can refuse a changed schema
 * @param missing        what a partial backup (allow_partial) left out, each with the reason; empty otherwise
 * @param includesPrivileges whether owners and grants are carried (include_privileges)
 * @param trustedFrom    for a file an administrator re-signed (db_trust_backup): the file it was made from
 * @param signature      HMAC-SHA256 of the stored file and of this manifest under the server's signing key
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Manifest(int formatVersion, String id, String type, String file, String created, String completed,
                       String database, String serverVersion, String toolVersion, boolean includesSchema,
                       boolean includesData, String table, List<TableEntry> tables, long totalRows, long dataBytes,
                       long size, String sha256, String compression, Encryption encryption, String baseBackup,
                       List<String> chain, String schemaSha256, String exportFormat, List<String> warnings,
                       List<String> missing, Boolean includesPrivileges, String trustedFrom, Signature signature) {

    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One table in a backup. {@code included} is false for tables an incremental left unchanged. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TableEntry(String name, long rows, String sha256, long bytes, Boolean included) {
        @JsonIgnore
        public boolean carried() {
            return included == null || included;
        }
    }

    public record Encryption(String algorithm, String keyId, int chunkSize) {
    }

    /**
     * @param keyId    the signing key's id (derived from the key)
     * @param file     HMAC of the stored file's bytes
     * @param manifest HMAC of this manifest's canonical JSON without this field
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Signature(String algorithm, String keyId, String file, String manifest) {
        public static final String ALGORITHM = "HMAC-SHA256";
    }

    public Manifest withSignature(Signature newSignature) {
        return new Manifest(formatVersion, id, type, file, created, completed, database, serverVersion, toolVersion,
                includesSchema, includesData, table, tables, totalRows, dataBytes, size, sha256, compression, encryption,
                baseBackup, chain, schemaSha256, exportFormat, warnings, missing, includesPrivileges, trustedFrom,
                newSignature);
    }

    @JsonIgnore
    public boolean privileges() {
        return Boolean.TRUE.equals(includesPrivileges);
    }

    @JsonIgnore
    public Instant createdAt() {
        return Instant.parse(created);
    }

    @JsonIgnore
    public BackupType backupType() {
        return BackupType.of(type);
    }

    @JsonIgnore
    public boolean encrypted() {
        return encryption != null;
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Manifest parse(byte[] json) throws IOException {
        return JSON.readValue(json, Manifest.class);
    }
}
