package com.dbadmin.ops.health;

import com.dbadmin.security.CallerAuthenticator;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.management.endpoint.health.DetailsVisibility;
import io.micronaut.management.endpoint.health.HealthEndpoint;
import jakarta.inject.Singleton;

import java.util.Locale;

/**
 * Who sees the details of /health ({@code DB_ADMIN_HEALTH_DETAILS}): {@code authenticated},
 * {@code anonymous}, {@code never}, or {@code auto} (the default): authenticated callers when
 * authentication is configured, everyone when it is not (the server then listens on loopback only and
 * nobody could authenticate). Status codes are the same for everyone. Micronaut's own
 * {@code endpoints.health.details-visible}, when set, wins.
 */
@Singleton
class HealthDetailsVisibility implements BeanCreatedEventListener<HealthEndpoint> {
    static final String MICRONAUT_PROPERTY = HealthEndpoint.PREFIX + ".details-visible";

    private final HealthSettings settings;
    private final Environment environment;
    private final BeanProvider<CallerAuthenticator> authenticator;

    public HealthDetailsVisibility(HealthSettings settings, Environment environment,
                                   BeanProvider<CallerAuthenticator> authenticator) {
        this.settings = settings;
        this.environment = environment;
        this.authenticator = authenticator;
    }

    @Override
    public HealthEndpoint onCreated(BeanCreatedEvent<HealthEndpoint> event) {
        HealthEndpoint endpoint = event.getBean();
        if (!environment.containsProperty(MICRONAUT_PROPERTY)) {
            endpoint.setDetailsVisible(resolve());
        }
        return endpoint;
    }

    DetailsVisibility resolve() {
        // HealthSettings only admits auto (or blank), authenticated, anonymous and never.
        String value = settings.detailsVisible().trim().toUpperCase(Locale.ROOT);
        if (value.isEmpty() || value.equals("AUTO")) {
            return authenticator.get().isEnabled() ? DetailsVisibility.AUTHENTICATED : DetailsVisibility.ANONYMOUS;
        }
        return DetailsVisibility.valueOf(value);
    }
}
