package com.dbadmin.call;

/**
 * Rewrites an error translated from a PostgreSQL error before anyone sees it. PostgreSQL names every
 * table a constraint involves, including tables the caller may not know exist (a foreign key into a
 * restricted table); a filter can take such names out.
 */
@FunctionalInterface
public interface DatabaseErrorFilter {
    ToolException filter(ToolException error);
}
