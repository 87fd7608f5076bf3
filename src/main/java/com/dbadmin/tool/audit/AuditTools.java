package com.dbadmin.tool.audit;

import com.dbadmin.audit.AuditEntry;
import com.dbadmin.audit.AuditGroup;
import com.dbadmin.audit.AuditLogRepository;
import com.dbadmin.audit.AuditTotals;
import com.dbadmin.call.Args;
import com.dbadmin.call.Scope;
import com.dbadmin.call.ToolCall;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolException;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.call.ToolHints;
import com.dbadmin.guard.Limits;
import com.dbadmin.tool.CommonSchemas;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micronaut.context.annotation.Factory;
import io.micronaut.data.model.jpa.criteria.PersistentEntityCriteriaQuery;
import io.micronaut.data.repository.jpa.criteria.PredicateSpecification;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import static com.dbadmin.tool.JsonSchemas.*;

/**
 * The audit tools: reading the audit trail is the only way any tool reaches the server's own schema,
 * and it needs the db:audit scope. Both read through the audit repository, not through the table
 * catalogue, so table policy (which hides {@code dbadmin}) stays absolute for every other tool.
 */
@Factory
class AuditTools {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEFAULT_SUMMARY_WINDOW = Duration.ofHours(24);

    private final AuditLogRepository audit;
    private final Limits limits;

    public AuditTools(AuditLogRepository audit, Limits limits) {
        this.audit = audit;
        this.limits = limits;
    }

    @Singleton
    @Named("db_query_audit_logs")
    ToolDefinition queryAuditLogs() {
        return ToolDefinition.builder("db_query_audit_logs")
                .title("Query audit logs")
                .description("Read the audit trail, newest first: one entry per tool call (caller, tool, table, affected"
                        + " ids, before/after images, duration, outcome). Filters combine with AND.")
                .group(ToolGroup.QUERY, Scope.AUDIT)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .optional("start_date", CommonSchemas.dateOrDateTime("ISO-8601 date or date-time, inclusive"))
                        .optional("end_date",
                                CommonSchemas.dateOrDateTime("ISO-8601 date (whole day) or date-time, exclusive"))
                        .optional("table", string("As recorded, e.g. public.books"))
                        .optional("operation", string("Tool name"))
                        .optional("user_id", string("Principal"))
                        .optional("success", bool(null))
                        .optional("limit", integer("Default " + limits.defaultLimit(), 1, limits.maxRows()))
                        .optional("offset", CommonSchemas.offset(null))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("logs", list(result()
                                .field("id", type("integer"))
                                .field("timestamp", CommonSchemas.timestamp())
                                .field("user_id", type("string"))
                                .field("authenticated", type("boolean"))
                                .field("transport", type("string"))
                                .field("client_address", nullable("string"))
                                .field("user_agent", nullable("string"))
                                .field("request_id", nullable("string"))
                                .field("operation", type("string"))
                                .field("table_name", nullable("string"))
                                .field("affected_ids", any(null))
                                .field("before_data", any(null))
                                .field("after_data", any(null))
                                .field("row_count", type("integer"))
                                .field("duration_ms", type("integer"))
                                .field("success", type("boolean"))
                                .field("error_code", nullable("string"))
                                .field("error_message", nullable("string"))
                                .build()))
                        .fieldsOf(CommonSchemas.page())
                        .build()))
                .handler(this::queryLogs);
    }

    @Singleton
    @Named("db_get_audit_summary")
    ToolDefinition auditSummary() {
        return ToolDefinition.builder("db_get_audit_summary")
                .title("Audit summary")
                .description("Summarise the audit trail over a period (default: last 24 h): calls, failures, success"
                        + " rate, users, durations, by tool and by table.")
                .group(ToolGroup.QUERY, Scope.AUDIT)
                .hints(ToolHints.READ_ONLY)
                .input(object()
                        .optional("start_date", CommonSchemas.dateOrDateTime("ISO-8601 date or date-time"))
                        .optional("end_date", CommonSchemas.dateOrDateTime("ISO-8601 date (whole day) or date-time"))
                        .optional("table", string(null))
                        .build())
                .output(CommonSchemas.output(result()
                        .field("start_date", CommonSchemas.timestamp())
                        .field("end_date", CommonSchemas.timestamp())
                        .maybe("table", type("string"))
                        .field("total_operations", type("integer"))
                        .field("successful_operations", type("integer"))
                        .field("failed_operations", type("integer"))
                        .field("success_rate", type("number"))
                        .field("unique_users", type("integer"))
                        .field("average_duration_ms", type("number"))
                        .field("max_duration_ms", type("integer"))
                        .field("by_operation", groups())
                        .field("by_table", groups())
                        .build()))
                .handler(this::summary);
    }

    /** Totals by name (tool or table). */
    private static ObjectNode groups() {
        ObjectNode byName = type("object");
        byName.set("additionalProperties", result()
                .field("count", type("integer"))
                .field("failures", type("integer"))
                .field("success_rate", type("number"))
                .field("average_duration_ms", type("number"))
                .build());
        return byName;
    }

    private ObjectNode queryLogs(ToolCall call) {
        Args args = call.args();
        Instant start = instant(args, "start_date", false);
        Instant end = instant(args, "end_date", true);
        requireOrdered(start, end);
        int limit = args.optInt("limit", limits.defaultLimit());
        int offset = args.optInt("offset", 0);
        // No filter at all is a null predicate: an empty AND would render as "WHERE" with nothing after it.
        PredicateSpecification<AuditEntry> filter = (root, cb) -> {
            Predicate[] predicates = predicates(args, start, end, root, cb);
            return predicates.length == 0 ? null : cb.and(predicates);
        };

        List<AuditEntry> rows = audit.findAll(cb -> {
            @SuppressWarnings("unchecked")
            PersistentEntityCriteriaQuery<AuditEntry> query =
                    (PersistentEntityCriteriaQuery<AuditEntry>) cb.createQuery(AuditEntry.class);
            Root<AuditEntry> root = query.from(AuditEntry.class);
            Predicate where = filter.toPredicate(root, cb);
            if (where != null) {
                query.where(where);
            }
            query.orderBy(cb.desc(root.get("timestamp")), cb.desc(root.get("id")));
            query.limit(limit + 1).offset(offset);
            return query;
        });
        boolean hasMore = rows.size() > limit;
        if (hasMore) {
            rows = rows.subList(0, limit);
        }
        long total = hasMore || offset > 0 ? audit.count(filter) : rows.size();

        ObjectNode result = JsonNodeFactory.instance.objectNode();
        ArrayNode logs = result.putArray("logs");
        rows.forEach(row -> logs.add(toJson(row)));
        result.put("count", rows.size());
        result.put("total_count", total);
        result.put("limit", limit);
        result.put("offset", offset);
        result.put("has_more", hasMore);
        call.details().rowCount(rows.size());
        return result;
    }

    private ObjectNode summary(ToolCall call) {
        Args args = call.args();
        Instant end = instant(args, "end_date", true);
        Instant start = instant(args, "start_date", false);
        if (end == null) {
            end = Instant.now();
        }
        if (start == null) {
            start = end.minus(DEFAULT_SUMMARY_WINDOW);
        }
        requireOrdered(start, end);
        String table = args.optString("table", "");

        AuditTotals totals = audit.totals(start, end, table);
        ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.put("start_date", start.toString());
        result.put("end_date", end.toString());
        if (!table.isEmpty()) {
            result.put("table", table);
        }
        result.put("total_operations", totals.total());
        result.put("successful_operations", totals.successful());
        result.put("failed_operations", totals.total() - totals.successful());
        result.put("success_rate", totals.total() == 0 ? 100.0 : percent(totals.successful(), totals.total()));
        result.put("unique_users", totals.uniqueUsers());
        result.put("average_duration_ms", round(totals.avgDurationMs()));
        result.put("max_duration_ms", totals.maxDurationMs());
        result.set("by_operation", groups(audit.byOperation(start, end, table)));
        result.set("by_table", groups(audit.byTable(start, end, table)));
        call.details().rowCount(totals.total());
        return result;
    }

    private static Predicate[] predicates(Args args, Instant start, Instant end, Root<AuditEntry> root,
                                          CriteriaBuilder cb) {
        List<Predicate> predicates = new ArrayList<>();
        if (start != null) {
            predicates.add(cb.greaterThanOrEqualTo(root.get("timestamp"), start));
        }
        if (end != null) {
            predicates.add(cb.lessThan(root.get("timestamp"), end));
        }
        if (args.has("table")) {
            predicates.add(cb.equal(root.get("tableName"), args.optString("table", null)));
        }
        if (args.has("operation")) {
            predicates.add(cb.equal(root.get("operation"), args.optString("operation", null)));
        }
        if (args.has("user_id")) {
            predicates.add(cb.equal(root.get("userId"), args.optString("user_id", null)));
        }
        if (args.has("success")) {
            predicates.add(cb.equal(root.get("success"), args.optBoolean("success", true)));
        }
        return predicates.toArray(Predicate[]::new);
    }

    private static ObjectNode toJson(AuditEntry row) {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("id", row.id());
        entry.put("timestamp", row.timestamp().toString());
        entry.put("user_id", row.userId());
        entry.put("authenticated", row.authenticated());
        entry.put("transport", row.transport());
        entry.put("client_address", row.clientAddress());
        entry.put("user_agent", row.userAgent());
        entry.put("request_id", row.requestId());
        entry.put("operation", row.operation());
        entry.put("table_name", row.tableName());
        entry.set("affected_ids", parse(row.affectedIds()));
        entry.set("before_data", parse(row.beforeData()));
        entry.set("after_data", parse(row.afterData()));
        entry.put("row_count", row.rowCount());
        entry.put("duration_ms", row.durationMs());
        entry.put("success", row.success());
        entry.put("error_code", row.errorCode());
        entry.put("error_message", row.errorMessage());
        return entry;
    }

    private static ObjectNode groups(List<AuditGroup> groups) {
        ObjectNode byName = JsonNodeFactory.instance.objectNode();
        for (AuditGroup group : groups) {
            ObjectNode entry = byName.putObject(group.name());
            entry.put("count", group.calls());
            entry.put("failures", group.failures());
            entry.put("success_rate", percent(group.calls() - group.failures(), group.calls()));
            entry.put("average_duration_ms", round(group.avgDurationMs()));
        }
        return byName;
    }

    private static JsonNode parse(String json) {
        if (json == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }

    /**
     * Accepts {@code 2024-01-15} (a whole day: its start, or for an end date the start of the next day)
     * and any ISO-8601 date-time with an offset ({@code 2024-01-15T10:00:00Z}).
     */
    static Instant instant(Args args, String name, boolean endOfDay) {
        String value = args.optString(name, null);
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            if (text.length() == 10) {
                LocalDate day = LocalDate.parse(text);
                return (endOfDay ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ToolException.validation("'" + name + "' must be an ISO-8601 date (2024-01-15) or date-time"
                    + " with offset (2024-01-15T10:00:00Z); got '" + text + "'.");
        }
    }

    private static void requireOrdered(Instant start, Instant end) {
        if (start != null && end != null && !start.isBefore(end)) {
            throw ToolException.validation("'start_date' must be before 'end_date'.");
        }
    }

    private static double percent(long part, long whole) {
        return whole == 0 ? 0.0 : round(100.0 * part / whole);
    }

    private static double round(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }
}
