package com.dbadmin.http;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * db-admin.http.*: which host names this server answers to, against DNS rebinding.
 *
 * @param allowedHosts DB_ADMIN_ALLOWED_HOSTS: host names (no port) besides the loopback ones and the host of
 *                     DB_ADMIN_PUBLIC_URL; {@code *} turns the check off (only behind a proxy that checks Host)
 * @param publicUrl    DB_ADMIN_PUBLIC_URL (shared with the authentication settings): its host is allowed
 * @param checkHost    false where no browser can reach the server by a name of its own (AWS Lambda)
 */
@Context // bound at start-up, so a malformed DB_ADMIN_PUBLIC_URL stops the server at once
@ConfigurationProperties("db-admin.http")
record HostSettings(
        @Nullable @Bindable(defaultValue = "") List<String> allowedHosts,
        @Nullable String publicUrl,
        @Bindable(defaultValue = "true") boolean checkHost) {

    HostSettings {
        allowedHosts = allowedHosts == null ? List.of() : allowedHosts.stream().filter(Objects::nonNull)
                .map(host -> host.trim().toLowerCase(Locale.ROOT)).filter(host -> !host.isEmpty()).toList();
        if (publicUrl != null && !publicUrl.isBlank()) {
            URI uri = URI.create(publicUrl.trim());
            if (uri.getHost() == null || uri.getScheme() == null) {
                throw new IllegalArgumentException("DB_ADMIN_PUBLIC_URL must be an absolute URL such as"
                        + " https://db-admin.example.com, not '" + publicUrl + "'");
            }
        }
    }

    /** The host of DB_ADMIN_PUBLIC_URL, lower case, or null. */
    @Nullable
    String publicHost() {
        return publicUrl == null || publicUrl.isBlank() ? null
                : URI.create(publicUrl.trim()).getHost().toLowerCase(Locale.ROOT);
    }
}
