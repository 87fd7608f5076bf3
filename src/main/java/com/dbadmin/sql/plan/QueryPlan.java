package com.dbadmin.sql.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A plan from {@code EXPLAIN (FORMAT JSON, VERBOSE)} and the short reading a person would give it: which node
 * costs most (its own share, children excluded), where the row estimates are off by 10x or more (with ANALYZE),
 * and which sequential scans read large tables.
 */
public final class QueryPlan {
    /** A table with at least this many rows (pg_class.reltuples) is worth an index when scanned with a filter. */
    public static final long LARGE_TABLE_ROWS = 10_000;
    /** Estimates this many times too high or too low are worth a look (statistics, correlated columns). */
    public static final double ESTIMATE_ERROR_FACTOR = 10;
    private static final int MAX_LISTED = 5;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode explain;
    private final boolean analyzed;

    private QueryPlan(JsonNode explain, boolean analyzed) {
        this.explain = explain;
        this.analyzed = analyzed;
    }

    /** The EXPLAIN options this class reads: JSON with schemas; ANALYZE and BUFFERS when asked for. */
    public static String explainPrefix(boolean analyze) {
        return analyze ? "EXPLAIN (ANALYZE, BUFFERS, VERBOSE, FORMAT JSON) " : "EXPLAIN (VERBOSE, FORMAT JSON) ";
    }

    /** Runs a prepared {@code EXPLAIN ... FORMAT JSON} statement and reads its one value. */
    public static QueryPlan read(PreparedStatement explainStatement, boolean analyzed) throws SQLException {
        try (ResultSet rs = explainStatement.executeQuery()) {
            rs.next();
            try {
                return new QueryPlan(JSON.readTree(rs.getString(1)), analyzed);
            } catch (IOException e) {
                throw new SQLException("EXPLAIN returned no JSON", "XX000", e);
            }
        }
    }

    /** PostgreSQL's own plan document: {@code [{"Plan": {...}, "Planning Time": ...}]}. */
    public JsonNode plan() {
        return explain;
    }

    /** The summary, with table sizes for the sequential scans read from {@code connection}'s catalogue. */
    public ObjectNode summary(Connection connection) throws SQLException {
        JsonNode top = explain.path(0);
        JsonNode root = top.path("Plan");
        List<Node> nodes = new ArrayList<>();
        walk(root, nodes);
        Map<String, Long> sizes = tableRows(connection, seqScannedRelations(nodes));

        ObjectNode summary = F.objectNode();
        summary.put("analyzed", analyzed);
        summary.put("total_cost", root.path("Total Cost").asDouble());
        summary.put("estimated_rows", root.path("Plan Rows").asLong());
        putMillis(summary, "planning_time_ms", top.get("Planning Time"));
        putMillis(summary, "execution_time_ms", top.get("Execution Time"));
        Node costliest = nodes.stream().max(Comparator.comparingDouble(Node::self)).orElse(null);
        double whole = nodes.stream().mapToDouble(Node::self).sum();
        if (costliest == null) {
            summary.putNull("most_expensive_node");
        } else {
            ObjectNode node = summary.putObject("most_expensive_node");
            node.put("node_type", costliest.type());
            putNullable(node, "relation", costliest.relation());
            node.put(analyzed ? "self_time_ms" : "self_cost", round(costliest.self()));
            node.put("share", whole <= 0 ? 1.0 : round(costliest.self() / whole));
        }
        ArrayNode estimates = summary.putArray("row_estimate_errors");
        if (analyzed) {
            nodes.stream().filter(Node::misestimated).sorted(Comparator.comparingDouble(Node::estimateFactor).reversed())
                    .limit(MAX_LISTED).forEach(node -> {
                        ObjectNode item = estimates.addObject();
                        item.put("node_type", node.type());
                        putNullable(item, "relation", node.relation());
                        item.put("estimated_rows", node.estimatedRows());
                        item.put("actual_rows", node.actualRows());
                        item.put("factor", round(node.estimateFactor()));
                    });
        }
        ArrayNode scans = summary.putArray("seq_scans_on_large_tables");
        Set<String> listed = new LinkedHashSet<>();
        for (Node node : nodes) {
            Long rows = node.isSeqScan() ? sizes.get(node.relation()) : null;
            if (rows != null && rows >= LARGE_TABLE_ROWS && listed.add(node.relation()) && listed.size() <= MAX_LISTED) {
                ObjectNode item = scans.addObject();
                item.put("relation", node.relation());
                item.put("table_rows", rows);
                putNullable(item, "filter", node.filter());
            }
        }
        summary.put("text", text(costliest, whole, estimates, scans));
        return summary;
    }

    private String text(Node costliest, double whole, ArrayNode estimates, ArrayNode scans) {
        List<String> sentences = new ArrayList<>();
        if (costliest != null) {
            sentences.add("Most expensive: " + costliest.type() + (costliest.relation() == null ? ""
                    : " on " + costliest.relation()) + " (" + Math.round(100 * (whole <= 0 ? 1 : costliest.self() / whole))
                    + "% of the " + (analyzed ? "time" : "estimated cost") + ").");
        }
        for (JsonNode scan : scans) {
            sentences.add("Sequential scan of " + scan.path("relation").asText() + " (" + scan.path("table_rows").asLong()
                    + " rows)" + (scan.path("filter").isNull() ? "" : " filtered by " + scan.path("filter").asText()
                    + ": an index on the filtered columns may help") + ".");
        }
        if (!estimates.isEmpty()) {
            JsonNode worst = estimates.get(0);
            sentences.add("Row estimates are off by " + Math.round(worst.path("factor").asDouble()) + "x at "
                    + worst.path("node_type").asText() + (worst.path("relation").isNull() ? ""
                    : " on " + worst.path("relation").asText()) + "; ANALYZE the table or add extended statistics.");
        }
        if (!analyzed) {
            sentences.add("Estimates only; analyze: true runs the query (in a transaction that is rolled back) for"
                    + " actual times and rows.");
        }
        return String.join(" ", sentences);
    }

    private void walk(JsonNode plan, List<Node> into) {
        if (plan == null || plan.isMissingNode()) {
            return;
        }
        List<JsonNode> children = new ArrayList<>();
        plan.path("Plans").forEach(children::add);
        double own = analyzed ? time(plan) : plan.path("Total Cost").asDouble();
        double childrenTotal = children.stream().mapToDouble(child -> analyzed ? time(child)
                : child.path("Total Cost").asDouble()).sum();
        into.add(new Node(plan.path("Node Type").asText(), relation(plan), filter(plan), Math.max(0, own - childrenTotal),
                plan.path("Plan Rows").asLong(), actualRows(plan)));
        children.forEach(child -> walk(child, into));
    }

    /** Time spent in a node and below, over all its loops (Actual Total Time is per loop). */
    private static double time(JsonNode plan) {
        return plan.path("Actual Total Time").asDouble() * Math.max(1, plan.path("Actual Loops").asLong(1));
    }

    /** Rows per loop, or -1 without ANALYZE or for a node that never ran. */
    private static long actualRows(JsonNode plan) {
        return !plan.has("Actual Rows") || plan.path("Actual Loops").asLong(0) == 0 ? -1 : plan.path("Actual Rows").asLong();
    }

    private static String relation(JsonNode plan) {
        if (!plan.hasNonNull("Relation Name")) {
            return null;
        }
        String schema = plan.path("Schema").asText("");
        return (schema.isEmpty() ? "" : schema + ".") + plan.path("Relation Name").asText();
    }

    private static String filter(JsonNode plan) {
        return plan.hasNonNull("Filter") ? plan.get("Filter").asText() : null;
    }

    private static Set<String> seqScannedRelations(List<Node> nodes) {
        Set<String> relations = new LinkedHashSet<>();
        nodes.stream().filter(Node::isSeqScan).map(Node::relation).filter(java.util.Objects::nonNull).forEach(relations::add);
        return relations;
    }

    private static Map<String, Long> tableRows(Connection connection, Set<String> relations) throws SQLException {
        Map<String, Long> rows = new HashMap<>();
        if (relations.isEmpty()) {
            return rows;
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT n.nspname || '.' || c.relname, c.reltuples::bigint
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname || '.' || c.relname = ANY(?)""")) {
            Array names = connection.createArrayOf("text", relations.toArray());
            statement.setArray(1, names);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return rows;
    }

    private static void putMillis(ObjectNode node, String field, JsonNode value) {
        if (value == null || value.isNull()) {
            node.putNull(field);
        } else {
            node.put(field, round(value.asDouble()));
        }
    }

    private static void putNullable(ObjectNode node, String field, String value) {
        if (value == null) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private record Node(String type, String relation, String filter, double self, long estimatedRows, long actualRows) {
        boolean isSeqScan() {
            return type.toLowerCase(Locale.ROOT).equals("seq scan") && relation != null;
        }

        double estimateFactor() {
            double high = Math.max(estimatedRows, actualRows);
            double low = Math.max(1, Math.min(estimatedRows, actualRows));
            return high / low;
        }

        boolean misestimated() {
            return actualRows >= 0 && Math.max(estimatedRows, actualRows) >= ESTIMATE_ERROR_FACTOR
                    && estimateFactor() >= ESTIMATE_ERROR_FACTOR;
        }
    }
}
