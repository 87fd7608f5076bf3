package com.dbadmin.audit;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.sql.ColumnTransformer;

import java.time.Instant;

/**
 * One row of {@code dbadmin.audit_log}: who called which tool through what, on which table, what it
 * changed (ids and before/after images as JSON text, secrets redacted), how long it took and how it
 * ended, and which scopes the caller held.
 */
@MappedEntity(value = "audit_log", schema = "dbadmin")
public record AuditEntry(
        @Id @GeneratedValue @Nullable Long id,
        Instant timestamp,
        String userId,
        boolean authenticated,
        String transport,
        @Nullable String clientAddress,
        @Nullable String userAgent,
        @Nullable String requestId,
        String operation,
        @Nullable String tableName,
        @Nullable @ColumnTransformer(write = "?::jsonb") String affectedIds,
        @Nullable @ColumnTransformer(write = "?::jsonb") String beforeData,
        @Nullable @ColumnTransformer(write = "?::jsonb") String afterData,
        long rowCount,
        long durationMs,
        boolean success,
        @Nullable String errorCode,
        @Nullable String errorMessage,
        @Nullable String scopes) {
}
