package com.dbadmin.guard;

import com.dbadmin.call.DatabaseErrorFilter;
import com.dbadmin.call.ToolException;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps tables hidden by policy out of database error text: "Key (owner_id)=(7) is not present in table
 * "users"" would confirm that a restricted table exists and which keys it lacks. Such a message becomes
 * a generic one that still names the constraint's column, and a constraint name mentioning the table goes.
 */
@Singleton
class HiddenTableNameFilter implements DatabaseErrorFilter {
    /** Quoted identifiers as PostgreSQL writes them in messages: "name" or "schema"."name". */
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"(?:\\.\"([^\"]+)\")?");

    /** The "records[17]: " prefix of a batch item's error, kept so the caller still knows which item failed. */
    private static final Pattern BATCH_ITEM = Pattern.compile("^\\w+\\[\\d+\\]: ");

    private final TablePolicy policy;

    public HiddenTableNameFilter(TablePolicy policy) {
        this.policy = policy;
    }

    @Override
    public ToolException filter(ToolException error) {
        String message = error.getMessage();
        if (message == null || !namesHiddenTable(message)) {
            return error;
        }
        Map<String, Object> details = new LinkedHashMap<>(error.details());
        Object constraint = details.get("constraint");
        if (constraint != null && mentionsHiddenTable(constraint.toString())) {
            details.remove("constraint");
        }
        Object column = details.get("column");
        Matcher item = BATCH_ITEM.matcher(message);
        String generic = (item.find() ? item.group() : "")
                + "Constraint violated: the change involves a table the server policy does not expose"
                + (column == null ? "" : " (column " + column + ")") + ".";
        return new ToolException(error.code(), generic, details, error.getCause());
    }

    private boolean namesHiddenTable(String message) {
        Matcher quoted = QUOTED.matcher(message);
        while (quoted.find()) {
            String first = quoted.group(1);
            String second = quoted.group(2);
            boolean hidden = second == null ? policy.mayNameHidden(first) : !policy.isVisible(first, second);
            if (hidden) {
                return true;
            }
        }
        return false;
    }

    private boolean mentionsHiddenTable(String constraintName) {
        return policy.mentionsRestricted(constraintName);
    }
}
