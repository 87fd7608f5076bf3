package com.dbadmin.ops.logging;

import ch.qos.logback.core.PropertyDefinerBase;

import java.util.Locale;

/**
 * Chooses the log format for logback.xml: {@code DB_ADMIN_LOG_FORMAT=text|json} when set (logback
 * context property, system property or environment, in that order); otherwise {@code text} when the
 * process runs in an interactive terminal (a developer's shell) and {@code json} everywhere else
 * (containers, Kubernetes, CI, MCP stdio under a desktop client), where logs are collected by machines.
 */
public class LogFormatDefiner extends PropertyDefinerBase {
    public static final String VARIABLE = "DB_ADMIN_LOG_FORMAT";
    public static final String TEXT = "text";
    public static final String JSON = "json";

    @Override
    public String getPropertyValue() {
        String configured = getContext() == null ? null : getContext().getProperty(VARIABLE);
        if (isBlank(configured)) {
            configured = System.getProperty(VARIABLE);
        }
        if (isBlank(configured)) {
            configured = System.getenv(VARIABLE);
        }
        if (isBlank(configured)) {
            // Java 17: a console exists only when stdin and stdout are both terminals.
            return System.console() != null ? TEXT : JSON;
        }
        String format = configured.trim().toLowerCase(Locale.ROOT);
        if (format.equals(TEXT) || format.equals(JSON)) {
            return format;
        }
        addWarn(VARIABLE + "=" + configured + " is neither text nor json; using json");
        return JSON;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
