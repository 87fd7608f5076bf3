package com.dbadmin.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.function.aws.proxy.security.MicronautLambdaAuthenticationFetcher;
import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;

/**
 * Switches off micronaut-function-aws-api-proxy's fetcher, which takes an {@code x-amzn-oidc-identity}
 * header (or the event's authorizer claims) as the caller. That header is only trustworthy behind an ALB
 * that sets it; on the Netty server and behind API Gateway any client can send it. Callers here are
 * identified by their bearer token or API key alone.
 */
@Singleton
@Replaces(MicronautLambdaAuthenticationFetcher.class)
@Requires(classes = MicronautLambdaAuthenticationFetcher.class)
class NoForwardedIdentityFetcher implements AuthenticationFetcher<HttpRequest<?>> {
    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        return Publishers.empty();
    }
}
