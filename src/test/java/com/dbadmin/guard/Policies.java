package com.dbadmin.guard;

import java.util.List;

/** Table policies built by hand, for unit tests of code that applies policy outside an application context. */
public final class Policies {
    private Policies() {
    }

    /** Restricted and read-only entries as configured (table or schema.table); no allow-lists. */
    public static TablePolicy of(List<String> restricted, List<String> readOnly) {
        return new TablePolicy(new PolicySettings(restricted, readOnly, List.of(), List.of()));
    }
}
