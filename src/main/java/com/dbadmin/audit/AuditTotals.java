package com.dbadmin.audit;

import io.micronaut.core.annotation.Introspected;

/** Totals over a time range of the audit log (db_get_audit_summary). */
@Introspected
public record AuditTotals(long total, long successful, long uniqueUsers, double avgDurationMs, long maxDurationMs) {
}
