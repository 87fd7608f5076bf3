package com.dbadmin.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/** Mints real JWTs (nimbus-jose-jwt, the library micronaut-security verifies with) and API-key hashes. */
public final class Tokens {
    public static final String SECRET = "test-secret-that-is-long-enough-for-hs256-0123456789";
    public static final String ISSUER = "https://issuer.example.test";
    public static final String AUDIENCE = "database-admin-server";
    /** API keys of {@link #authenticatedServer()}: a reader (with audit access) and an administrator. */
    public static final String READ_KEY = "read-key-0123456789abcdef";
    public static final String ADMIN_KEY = "admin-key-0123456789abcdef";

    private Tokens() {
    }

    /** A server that authenticates every call: HS256 JWTs from {@link #claims} and the two API keys. */
    public static Map<String, String> authenticatedServer() {
        return Map.of(
                "db-admin.auth.jwt-secret", SECRET,
                "db-admin.auth.issuer", ISSUER,
                "db-admin.auth.audience", AUDIENCE,
                "db-admin.auth.api-keys", apiKeyEntry("report-bot", READ_KEY, "db:read db:audit") + ","
                        + apiKeyEntry("ops-admin", ADMIN_KEY, "db:admin"));
    }

    /** Claims of a valid token for {@code subject} with the given space-separated scopes. */
    public static JWTClaimsSet.Builder claims(String subject, String scope) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(10))));
        if (scope != null) {
            claims.claim("scope", scope);
        }
        return claims;
    }

    public static String hs256(String subject, String scope) {
        return hs256(SECRET, claims(subject, scope).build());
    }

    public static String hs256(String subject, String scope, Consumer<JWTClaimsSet.Builder> adjust) {
        JWTClaimsSet.Builder claims = claims(subject, scope);
        adjust.accept(claims);
        return hs256(SECRET, claims.build());
    }

    public static String hs256(String secret, JWTClaimsSet claims) {
        return hmac(JWSAlgorithm.HS256, secret, claims);
    }

    /** A token signed with {@code secret} under any HMAC algorithm (HS256, HS384, HS512). */
    public static String hmac(JWSAlgorithm algorithm, String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String rs256(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token ({@code alg: none}): must never be accepted. */
    public static String unsigned(String subject, String scope) {
        return new PlainJWT(claims(subject, scope).build()).serialize();
    }

    public static RSAKey rsaKey(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The {@code DB_ADMIN_API_KEYS} entry for a key: {@code name:sha256hex:scopes}. */
    public static String apiKeyEntry(String name, String key, String scopes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return name + ":" + HexFormat.of().formatHex(hash) + ":" + scopes;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
