package com.dbadmin.backup.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A 256-bit master key for backup encryption, given as base64. Files are never encrypted with it
 * directly: each file gets its own key derived with HKDF-SHA256 from this one and a random salt, so
 * chunk nonces can be plain counters without ever repeating under one key.
 */
public final class BackupKey {
    private static final byte[] KEY_ID_INFO = "dbadmin-backup key id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FILE_KEY_INFO = "dbadmin-backup v1 file key".getBytes(StandardCharsets.US_ASCII);

    private final byte[] master;
    private final byte[] id;

    private BackupKey(byte[] master) {
        this.master = master;
        this.id = Arrays.copyOf(hmac(master, KEY_ID_INFO), 8);
    }

    /** Parses base64 (standard or URL alphabet) of exactly 32 bytes. */
    public static BackupKey parse(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("empty key");
        }
        byte[] raw;
        String text = base64.trim();
        try {
            raw = text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the backup encryption key is not valid base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("the backup encryption key must be 32 bytes (base64 of 32 random bytes,"
                    + " e.g. `openssl rand -base64 32`), got " + raw.length);
        }
        return new BackupKey(raw);
    }

    /** 8 bytes that identify the key in file headers, so a wrong key is reported as such. */
    public byte[] id() {
        return id.clone();
    }

    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    /** HKDF-SHA256 (RFC 5869) with one output block: the per-file AES-256 key. */
    byte[] fileKey(byte[] salt) {
        return expand(salt, FILE_KEY_INFO);
    }

    /** A key for another purpose (e.g. signing), derived so that it reveals nothing about this one. */
    byte[] derive(byte[] purpose) {
        return expand(new byte[32], purpose);
    }

    private byte[] expand(byte[] salt, byte[] purpose) {
        byte[] prk = hmac(salt, master);
        byte[] info = Arrays.copyOf(purpose, purpose.length + 1);
        info[info.length - 1] = 1;
        return hmac(prk, info);
    }

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
