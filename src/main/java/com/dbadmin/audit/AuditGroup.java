package com.dbadmin.audit;

import io.micronaut.core.annotation.Introspected;

/** Calls grouped by operation (tool) or by table in db_get_audit_summary. */
@Introspected
public record AuditGroup(String name, long calls, long failures, double avgDurationMs) {
}
