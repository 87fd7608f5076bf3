package com.dbadmin.tool;

import java.util.List;

/** The constant filters and write calls of {@link WriteFilterTest}, for the attack suite in another package. */
public final class WriteFilterTestAccess {
    private WriteFilterTestAccess() {
    }

    public static List<String> constantFilters() {
        return WriteFilterTest.CONSTANT_FILTERS;
    }

    public static List<String[]> writesWith(String filter, String table) {
        return WriteFilterTest.writesWith(filter).stream()
                .map(call -> new String[]{call[0], call[1].replace("filterlab.victim", table)}).toList();
    }
}
