package com.dbadmin.ops.health;

import java.time.Duration;
import java.time.Instant;

/**
 * The outcome of one database probe.
 *
 * @param serverVersion PostgreSQL's server_version, when reachable
 * @param error         why the database is unreachable: a message safe to show (no credentials), or null
 */
public record DatabaseStatus(boolean up, String serverVersion, Duration latency, String error, Instant checkedAt) {
}
