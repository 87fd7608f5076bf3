package com.dbadmin.tool;

import com.dbadmin.call.ToolException;

import java.util.List;

/**
 * The databases this server serves when DB_ADMIN_DATABASES names several: each is reached through its own
 * {@link ToolInvoker}, so its catalogue, policy, audit log and backups stay its own. The first name is the
 * database of this context.
 */
public interface DatabaseRoutes {
    /** The argument every tool takes when there are several databases. */
    String ARGUMENT = "database";

    /** The configured names, the default first; empty with one database (no {@code database} argument). */
    List<String> names();

    /**
     * The invoker of {@code name}, one of {@link #names()} other than the first.
     *
     * @throws ToolException DB_503_UNAVAILABLE while that database's context cannot start
     */
    ToolInvoker invoker(String name);
}
