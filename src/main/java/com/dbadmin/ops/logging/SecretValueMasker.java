package com.dbadmin.ops.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import net.logstash.logback.mask.ValueMasker;

/**
 * Masks secrets in JSON log lines: any value of a field named like a secret ({@code password},
 * {@code token}, {@code authorization}, ...) and secrets inside any string value (message, stack
 * trace, MDC and structured arguments), with the same rules as the text format.
 */
public class SecretValueMasker implements ValueMasker {

    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (context != null && SecretRedactor.isSecretName(context.getCurrentName())) {
            return SecretRedactor.MASK;
        }
        if (value instanceof CharSequence text) {
            String original = text.toString();
            String redacted = SecretRedactor.redact(original);
            return redacted.equals(original) ? null : redacted;
        }
        return null;
    }
}
