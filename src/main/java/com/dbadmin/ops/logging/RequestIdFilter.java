package com.dbadmin.ops.logging;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Gives every HTTP request a correlation id: the caller's {@code X-Request-Id} when it is a sane token,
 * otherwise a new UUID. The id is written back into the request header (so the HTTP caller resolver
 * puts it into the tool call's context and the audit row), put into the logging MDC for everything
 * logged while serving the request, and returned in the response's {@code X-Request-Id} header.
 *
 * <p>Runs before every other filter (security included), so refused requests carry an id too.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class RequestIdFilter implements Ordered {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";
    private static final String ATTRIBUTE = "dbadmin.requestId";
    /** Bounded and free of spaces and control characters: ids end up in log lines and audit rows. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:/+=@\\-]{1,128}");

    @RequestFilter
    public void assign(MutableHttpRequest<?> request, MutablePropagatedContext propagatedContext) {
        String id = accept(request.getHeaders().get(HEADER));
        request.getHeaders().set(HEADER, id);
        request.setAttribute(ATTRIBUTE, id);
        propagatedContext.add(new MdcPropagationContext(Map.of(MDC_KEY, id)));
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(ATTRIBUTE, String.class).ifPresent(id -> response.getHeaders().set(HEADER, id));
    }

    /** The caller's id when acceptable, otherwise a fresh one. */
    public static String accept(String candidate) {
        if (candidate != null && ACCEPTED.matcher(candidate).matches()) {
            return candidate;
        }
        return UUID.randomUUID().toString();
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.before();
    }
}
