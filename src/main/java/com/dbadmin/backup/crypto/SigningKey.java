package com.dbadmin.backup.crypto;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The key that authenticates backup files and manifests (HMAC-SHA256): a file restores only when the
 * server holding this key wrote it (or an administrator re-signed it). Given as base64 of at least 32
 * bytes, derived from the encryption key, or generated once and kept in a key file.
 */
public final class SigningKey {
    private static final byte[] KEY_ID_INFO = "dbadmin-backup signing key id".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DERIVATION_INFO = "dbadmin-backup v1 signing key".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] secret;
    private final String idHex;

    private SigningKey(byte[] secret) {
        this.secret = secret;
        this.idHex = HexFormat.of().formatHex(Arrays.copyOf(BackupKey.hmac(secret, KEY_ID_INFO), 8));
    }

    /** Parses base64 (standard or URL alphabet) of at least 32 bytes. */
    public static SigningKey parse(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new IllegalArgumentException("empty key");
        }
        String text = base64.trim();
        byte[] raw;
        try {
            raw = text.contains("-") || text.contains("_") ? Base64.getUrlDecoder().decode(text)
                    : Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the backup signing key is not valid base64");
        }
        if (raw.length < 32) {
            throw new IllegalArgumentException("the backup signing key must be at least 32 bytes (base64 of 32 random"
                    + " bytes, e.g. `openssl rand -base64 32`), got " + raw.length);
        }
        return new SigningKey(raw);
    }

    /** The signing key that belongs to an encryption key (HKDF-SHA256 with its own purpose label). */
    public static SigningKey derivedFrom(BackupKey encryptionKey) {
        return new SigningKey(encryptionKey.derive(DERIVATION_INFO));
    }

    public static SigningKey generate() {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        return new SigningKey(raw);
    }

    /** Base64 of the key, for the key file a generated key is kept in. */
    public String encoded() {
        return Base64.getEncoder().encodeToString(secret);
    }

    /** 16 hex digits that name the key in manifests (derived from it, not the key). */
    public String idHex() {
        return idHex;
    }

    /** A fresh HMAC-SHA256 over this key, for streaming a file through. */
    public Mac mac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    public String sign(byte[] data) {
        return HexFormat.of().formatHex(mac().doFinal(data));
    }

    /** Constant-time comparison of a hex HMAC with the one this key computes over {@code data}. */
    public boolean verifies(byte[] data, String hexSignature) {
        return sameHex(sign(data), hexSignature);
    }

    public static boolean sameHex(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }
}
