package com.dbadmin.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The keys micronaut-security-jwt verifies tokens with, from DB_ADMIN_JWT_SECRET (HS256) and
 * DB_ADMIN_JWKS_URL. Built here rather than under {@code micronaut.security.token.jwt.signatures.*}
 * because those create a (broken) signature even for an empty value, and the environment names
 * are the documented DB_ADMIN_* ones.
 */
@Factory
class JwtSignatures {
    private static final String CONFIGURED = ".*\\S.*";
    /** The placeholders of secret.example.yaml and similar templates, which must never go live. */
    private static final Pattern PLACEHOLDER = Pattern.compile("(?i)replace|change_?me|placeholder|example");

    /**
     * HS256 with DB_ADMIN_JWT_SECRET (built directly: a factory-made configuration bean would need config
     * keys). Created at start-up so that a weak or placeholder secret stops the server at once.
     */
    @Context
    @Named("db-admin")
    @Requires(property = "db-admin.auth.jwt-secret", pattern = CONFIGURED)
    SignatureConfiguration sharedSecret(AuthSettings settings) {
        String secret = settings.jwtSecret().trim();
        if (secret.getBytes(StandardCharsets.UTF_8).length < AuthSettings.MIN_SECRET_BYTES) {
            throw new IllegalStateException("DB_ADMIN_JWT_SECRET must be at least " + AuthSettings.MIN_SECRET_BYTES
                    + " bytes (HS256 needs a 256-bit key); generate one with: openssl rand -base64 48");
        }
        if (PLACEHOLDER.matcher(secret).find()) {
            throw new IllegalStateException("DB_ADMIN_JWT_SECRET still holds the example placeholder; generate a"
                    + " real one with: openssl rand -base64 48");
        }
        SecretSignatureConfiguration configuration = new SecretSignatureConfiguration("db-admin");
        configuration.setSecret(secret);
        configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
        return new PinnedAlgorithm(new SecretSignature(configuration), JWSAlgorithm.HS256);
    }

    /**
     * A key that verifies tokens of one algorithm only. micronaut-security's secret signature accepts
     * every HMAC algorithm (HS384, HS512) with the configured secret; the token's own header must never
     * choose how it is checked (RFC 8725, section 3.1).
     */
    record PinnedAlgorithm(SignatureConfiguration key, JWSAlgorithm algorithm) implements SignatureConfiguration {
        @Override
        public String supportedAlgorithmsMessage() {
            return algorithm.getName();
        }

        @Override
        public boolean supports(JWSAlgorithm candidate) {
            return algorithm.equals(candidate);
        }

        @Override
        public boolean verify(SignedJWT jwt) throws com.nimbusds.jose.JOSEException {
            return algorithm.equals(jwt.getHeader().getAlgorithm()) && key.verify(jwt);
        }
    }

    @Context
    @Named("db-admin-jwks")
    @Requires(property = "db-admin.auth.jwks-url", pattern = CONFIGURED)
    JwksSignatureConfiguration jwks(AuthSettings settings) {
        String url = settings.jwksUrl().trim();
        return new JwksSignatureConfiguration() {
            @Override
            public String getUrl() {
                return url;
            }

            @Override
            public KeyType getKeyType() {
                return null;
            }

            @Override
            @SuppressWarnings("removal")
            public Integer getCacheExpiration() {
                return 60;
            }

            @Override
            public String getName() {
                return "db-admin-jwks";
            }
        };
    }

    /**
     * micronaut-security accepts unsigned ({@code alg: none}) tokens as verified whenever no signature
     * configuration exists at all (no secret and no JWKS configured, API keys only, or a key that
     * failed to load). This one always exists and verifies nothing, so an unsigned token is never
     * accepted; the real keys above verify the signed ones.
     */
    @Singleton
    @Named("db-admin-unsigned-guard")
    SignatureConfiguration unsignedTokenGuard() {
        return new SignatureConfiguration() {
            @Override
            public String supportedAlgorithmsMessage() {
                return "none (no JWT key configured)";
            }

            @Override
            public boolean supports(JWSAlgorithm algorithm) {
                return false;
            }

            @Override
            public boolean verify(SignedJWT jwt) {
                return false;
            }
        };
    }
}
