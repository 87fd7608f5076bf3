package com.dbadmin.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Static API keys for simple setups, configured as {@code name:sha256hex:scope1 scope2,...}
 * (DB_ADMIN_API_KEYS). Only the SHA-256 of each key is stored, so the configuration never holds a
 * usable credential; a presented key is hashed and compared in constant time.
 */
final class ApiKeys {
    private final List<ApiKey> keys;

    private ApiKeys(List<ApiKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** One configured key: who it identifies, the hash of its secret and the scopes it grants. */
    public record ApiKey(String name, byte[] sha256, Set<String> scopes) {
    }

    /**
     * @throws IllegalArgumentException naming the entry (by position and name, never by hash) that is malformed
     */
    public static ApiKeys parse(String configuration) {
        List<ApiKey> keys = new ArrayList<>();
        if (configuration == null || configuration.isBlank()) {
            return new ApiKeys(keys);
        }
        String[] entries = configuration.split(",");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            String[] parts = entry.split(":", 3);
            String name = parts[0].trim();
            if (parts.length < 2 || name.isEmpty()) {
                throw new IllegalArgumentException("DB_ADMIN_API_KEYS entry " + (i + 1)
                        + " must look like name:sha256hex:scope1 scope2");
            }
            String hex = parts[1].trim().toLowerCase(java.util.Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("DB_ADMIN_API_KEYS entry " + (i + 1) + " ('" + name
                        + "') needs the key's SHA-256 as 64 hex digits (printf %s \"$KEY\" | sha256sum)");
            }
            Set<String> scopes = new LinkedHashSet<>();
            if (parts.length == 3) {
                Arrays.stream(parts[2].trim().split("\\s+")).filter(s -> !s.isEmpty()).forEach(scopes::add);
            }
            keys.add(new ApiKey(name, HexFormat.of().parseHex(hex), Set.copyOf(scopes)));
        }
        return new ApiKeys(keys);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The key whose hash matches the presented secret, if any. */
    public Optional<ApiKey> match(String presented) {
        if (presented == null || presented.isEmpty() || keys.isEmpty()) {
            return Optional.empty();
        }
        byte[] hash = sha256(presented);
        ApiKey found = null;
        for (ApiKey key : keys) {
            // Every key is compared, so timing does not reveal which one (or whether one) matched early.
            if (MessageDigest.isEqual(key.sha256(), hash) && found == null) {
                found = key;
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
