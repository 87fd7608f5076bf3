package com.dbadmin.ops.logging;

import ch.qos.logback.classic.pattern.ExtendedThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;

/**
 * {@code %redactedEx} in the text log format: stack traces with secrets masked (driver and
 * configuration exceptions may quote a URL with its password).
 */
public class RedactingThrowableConverter extends ExtendedThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy throwable) {
        return SecretRedactor.redactLines(super.throwableProxyToString(throwable));
    }
}
