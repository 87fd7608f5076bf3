package com.dbadmin.backup.restore;

import java.util.List;

/**
 * How to restore.
 *
 * @param dropExisting drop the backup's objects that exist before recreating them (tables, views,
 *                     functions, types, sequences; never with CASCADE); for data-only backups: empty
 *                     the tables first
 * @param conflict     rows whose key exists in a table that is kept: fail, skip or overwrite
 * @param dryRun       do everything, report it, then roll it back
 * @param tables       restore only these tables (with the types, functions and sequences they need);
 *                     null or empty for everything
 * @param targetSchema restore into this schema instead of the original ones (safe inspection)
 */
public record RestoreOptions(boolean dropExisting, ConflictMode conflict, boolean dryRun, List<String> tables,
                             String targetSchema) {

    public boolean subset() {
        return tables != null && !tables.isEmpty();
    }
}
