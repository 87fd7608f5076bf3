package com.dbadmin.backup;

import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.BackupType;
import com.dbadmin.backup.format.Manifest;
import com.dbadmin.backup.format.UntrustedBackupException;
import com.dbadmin.backup.format.UntrustedBackupException.Reason;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Signs manifests and decides whether a manifest is one this server may act on. A manifest's signature
 * covers its canonical JSON (keys sorted, no whitespace, the signature's own HMAC left out), so every
 * field in the file — including ones a newer version adds — is covered, whatever the formatting; the
 * signed manifest in turn carries the HMAC of the data file's bytes.
 */
final class Authenticity {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] DOMAIN = "dbadmin-backup manifest v1\n".getBytes(StandardCharsets.US_ASCII);

    private Authenticity() {
    }

    /** The manifest's stored bytes: its JSON with the manifest HMAC filled in. */
    static byte[] sign(Manifest manifest, SigningKey key) {
        Manifest.Signature file = manifest.signature();
        Manifest unsigned = manifest.withSignature(new Manifest.Signature(Manifest.Signature.ALGORITHM, key.idHex(),
                file == null ? null : file.file(), null));
        String mac = key.sign(canonical(unsigned.toJson()));
        return unsigned.withSignature(new Manifest.Signature(Manifest.Signature.ALGORITHM, key.idHex(),
                unsigned.signature().file(), mac)).toJson();
    }

    /**
     * Why a manifest read from the store cannot be trusted, or null when it is authentic and consistent:
     * signed with a known key, unchanged since, and naming the data file its id, type, compression and
     * encryption call for.
     */
    static UntrustedBackupException check(byte[] stored, Manifest manifest, BackupKeys keys) {
        Manifest.Signature signature = manifest.signature();
        if (signature == null || signature.manifest() == null || signature.file() == null) {
            return new UntrustedBackupException(Reason.UNSIGNED, manifest.id(), "Backup '" + manifest.id() + "' is not"
                    + " signed, so this server does not know who wrote it and will not run it. If you know where it comes"
                    + " from, an administrator can review and re-sign it with db_trust_backup.");
        }
        if (!Manifest.Signature.ALGORITHM.equals(signature.algorithm())) {
            return new UntrustedBackupException(Reason.UNSIGNED, manifest.id(), "Backup '" + manifest.id()
                    + "' is signed with an unknown algorithm; it is not run.");
        }
        SigningKey key = keys.verifying(signature.keyId()).orElse(null);
        if (key == null) {
            String configure = manifest.encrypted()
                    ? "It is encrypted: configure DB_ADMIN_BACKUP_ENCRYPTION_KEY (or DB_ADMIN_BACKUP_PREVIOUS_KEYS) with the"
                    + " key it was written with, which also verifies it."
                    : "Configure that key (DB_ADMIN_BACKUP_SIGNING_KEY or DB_ADMIN_BACKUP_PREVIOUS_SIGNING_KEYS), or have an"
                    + " administrator review and re-sign it with db_trust_backup.";
            return new UntrustedBackupException(Reason.UNKNOWN_SIGNING_KEY, manifest.id(), "Backup '" + manifest.id()
                    + "' was signed with a key this server does not have (key id " + signature.keyId() + "): another"
                    + " server's backup, or one made before a key change. " + configure);
        }
        if (!key.verifies(canonical(stored), signature.manifest())) {
            return new UntrustedBackupException(Reason.MANIFEST_ALTERED, manifest.id(), "The manifest of backup '"
                    + manifest.id() + "' was changed after it was signed; the backup is not run.");
        }
        String expected = expectedFile(manifest);
        if (expected == null || !expected.equals(manifest.file())) {
            return new UntrustedBackupException(Reason.NAME_MISMATCH, manifest.id(), "Backup '" + manifest.id()
                    + "' names the data file '" + manifest.file() + "', which does not fit its id, compression and"
                    + " encryption; the backup is not run.");
        }
        return null;
    }

    /** Refuses unencrypted backups while an encryption key is configured (unless re-signed encrypted). */
    static UntrustedBackupException checkEncryption(Manifest manifest, BackupKeys keys) {
        if (keys.current().isPresent() && !manifest.encrypted()) {
            return new UntrustedBackupException(Reason.UNENCRYPTED, manifest.id(), "Backup '" + manifest.id()
                    + "' is not encrypted, and this server has an encryption key: it only restores encrypted backups."
                    + " An administrator can review it and write an encrypted, signed copy with db_trust_backup.");
        }
        return null;
    }

    /** The only data file name a manifest may point at: derived from its id, never taken from it. */
    static String expectedFile(Manifest manifest) {
        BackupType type;
        try {
            type = BackupNames.typeOf(manifest.id());
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (!type.id().equals(manifest.type())) {
            return null;
        }
        if (type == BackupType.EXPORT) {
            return manifest.exportFormat() == null || !manifest.id().endsWith("-" + manifest.exportFormat()) ? null
                    : BackupNames.exportFile(manifest.id(), manifest.exportFormat(), manifest.encrypted());
        }
        return BackupNames.dataFile(manifest.id(), manifest.compression(), manifest.encrypted());
    }

    /** The data files a backup id can have, whatever its manifest says (for deleting untrusted ones). */
    static List<String> possibleFiles(String id) {
        List<String> names = new ArrayList<>();
        for (boolean encrypted : new boolean[]{false, true}) {
            if (id.startsWith("export-")) {
                names.add(BackupNames.exportFile(id, id.substring(id.lastIndexOf('-') + 1), encrypted));
            } else {
                names.add(BackupNames.dataFile(id, "gzip", encrypted));
                names.add(BackupNames.dataFile(id, "none", encrypted));
            }
        }
        return names;
    }

    /** Domain label + the JSON with sorted keys, compact, without signature.manifest. */
    static byte[] canonical(byte[] json) {
        try {
            JsonNode tree = JSON.readTree(json);
            if (tree instanceof ObjectNode object && object.get("signature") instanceof ObjectNode signature) {
                signature.remove("manifest");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(json.length + DOMAIN.length);
            out.write(DOMAIN);
            JSON.writeValue(out, sorted(tree));
            return out.toByteArray();
        } catch (IOException e) {
            return DOMAIN; // unparseable: verifies against nothing that was signed
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            Collections.sort(names);
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (String name : names) {
                copy.set(name, sorted(object.get(name)));
            }
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            for (Iterator<JsonNode> it = array.elements(); it.hasNext(); ) {
                copy.add(sorted(it.next()));
            }
            return copy;
        }
        return node;
    }
}
