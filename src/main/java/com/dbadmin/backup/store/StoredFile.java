package com.dbadmin.backup.store;

import java.time.Instant;

/** A committed file in a backup store. */
public record StoredFile(String name, long size, Instant modified) {
}
