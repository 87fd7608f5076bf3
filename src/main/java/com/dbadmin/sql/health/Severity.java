package com.dbadmin.sql.health;

import java.util.Locale;

/** How urgent a finding is; a report's status is its worst finding's. */
public enum Severity {
    OK, INFO, WARNING, CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Severity worst(Severity other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
