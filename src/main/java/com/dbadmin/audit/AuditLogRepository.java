package com.dbadmin.audit;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import io.micronaut.data.repository.jpa.JpaSpecificationExecutor;

import java.time.Instant;
import java.util.List;

/**
 * The audit log through Micronaut Data JDBC: the audit tools' filtered queries and aggregates, and
 * retention. Rows are inserted by {@link AuditRows} (one prepared statement, see there why).
 */
@JdbcRepository(dataSource = "default", dialect = Dialect.POSTGRES)
public interface AuditLogRepository extends CrudRepository<AuditEntry, Long>, JpaSpecificationExecutor<AuditEntry> {

    /** Retention: drops rows older than the cutoff; returns how many. */
    long deleteByTimestampBefore(Instant cutoff);

    @Query(value = """
            SELECT count(*) AS total,
                   count(*) FILTER (WHERE success) AS successful,
                   count(DISTINCT user_id) AS unique_users,
                   coalesce(avg(duration_ms), 0)::float8 AS avg_duration_ms,
                   coalesce(max(duration_ms), 0) AS max_duration_ms
            FROM dbadmin.audit_log
            WHERE "timestamp" >= :start AND "timestamp" < :end AND (:table = '' OR table_name = :table)
            """, nativeQuery = true)
    AuditTotals totals(Instant start, Instant end, String table);

    @Query(value = """
            SELECT operation AS name, count(*) AS calls, count(*) FILTER (WHERE NOT success) AS failures,
                   coalesce(avg(duration_ms), 0)::float8 AS avg_duration_ms
            FROM dbadmin.audit_log
            WHERE "timestamp" >= :start AND "timestamp" < :end AND (:table = '' OR table_name = :table)
            GROUP BY operation ORDER BY calls DESC, name
            """, nativeQuery = true)
    List<AuditGroup> byOperation(Instant start, Instant end, String table);

    @Query(value = """
            SELECT table_name AS name, count(*) AS calls, count(*) FILTER (WHERE NOT success) AS failures,
                   coalesce(avg(duration_ms), 0)::float8 AS avg_duration_ms
            FROM dbadmin.audit_log
            WHERE "timestamp" >= :start AND "timestamp" < :end AND (:table = '' OR table_name = :table)
              AND table_name IS NOT NULL
            GROUP BY table_name ORDER BY calls DESC, name
            """, nativeQuery = true)
    List<AuditGroup> byTable(Instant start, Instant end, String table);
}
