package com.dbadmin.security;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.token.Claims;
import io.micronaut.security.token.jwt.validator.GenericJwtClaimsValidator;
import jakarta.inject.Singleton;

import java.util.Collection;
import java.util.Locale;

/**
 * Claim checks every JWT must pass, on top of the signature and micronaut-security's own expiry and
 * not-before checks: an expiry must be present (a token without one would never expire), the subject
 * must name someone (it becomes the principal of audit rows and rate limits), the issuer must equal
 * DB_ADMIN_JWT_ISSUER exactly and the audience must contain DB_ADMIN_JWT_AUDIENCE when set.
 * Written here because micronaut-security's issuer check accepts any issuer that merely ends with the
 * expected one, and its validators are created even for empty configuration values.
 */
@Singleton
public class TokenClaimsValidator<T> implements GenericJwtClaimsValidator<T> {
    private final String issuer;
    private final String audience;

    public TokenClaimsValidator(AuthSettings settings) {
        this.issuer = AuthSettings.hasText(settings.issuer()) ? normalize(settings.issuer()) : null;
        this.audience = AuthSettings.hasText(settings.audience()) ? settings.audience().trim() : null;
    }

    @Override
    public boolean validate(Claims claims, @Nullable T request) {
        if (claims.get(Claims.EXPIRATION_TIME) == null) {
            return false;
        }
        Object subject = claims.get(Claims.SUBJECT);
        if (subject == null || subject.toString().isBlank()) {
            return false;
        }
        if (issuer != null) {
            Object iss = claims.get(Claims.ISSUER);
            if (iss == null || !issuer.equals(normalize(iss.toString()))) {
                return false;
            }
        }
        if (audience != null) {
            Object aud = claims.get(Claims.AUDIENCE);
            boolean matches = aud instanceof Collection<?> list
                    ? list.stream().anyMatch(value -> audience.equals(String.valueOf(value)))
                    : aud != null && audience.equals(aud.toString());
            return matches;
        }
        return true;
    }

    /** Issuers compare without trailing slashes, scheme and host case-insensitively (as URLs do). */
    private static String normalize(String value) {
        String trimmed = value.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        int schemeEnd = trimmed.indexOf("://");
        if (schemeEnd < 0) {
            return trimmed;
        }
        int pathStart = trimmed.indexOf('/', schemeEnd + 3);
        String authority = pathStart < 0 ? trimmed : trimmed.substring(0, pathStart);
        String path = pathStart < 0 ? "" : trimmed.substring(pathStart);
        return authority.toLowerCase(Locale.ROOT) + path;
    }
}
