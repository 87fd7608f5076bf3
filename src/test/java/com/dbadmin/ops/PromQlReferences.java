package com.dbadmin.ops;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names and label matchers that the alert rules and the Grafana dashboard query: what the
 * server must export for them to work.
 */
final class PromQlReferences {
    /** A selector such as {@code db_admin_requests_total{outcome="error", job=~"$job"}}. */
    record Selector(String metric, List<Matcher> matchers, String source) {
    }

    /** One label matcher; {@code op} is =, !=, =~ or !~. */
    record Matcher(String label, String op, String value) {
    }

    private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern LABEL_MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*\\w+\\s*\\)\\s*$");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
            "and", "or", "unless", "offset", "bool", "inf", "nan", "Inf", "NaN");

    private final Map<String, List<String>> expressions = new LinkedHashMap<>();

    static PromQlReferences load(Path alertRules, Path dashboard) throws IOException {
        PromQlReferences references = new PromQlReferences();
        references.addAlertRules(alertRules);
        references.addDashboard(dashboard);
        return references;
    }

    /** Every expression, keyed by where it came from (alert name, panel title). */
    Map<String, List<String>> expressions() {
        return expressions;
    }

    @SuppressWarnings("unchecked")
    private void addAlertRules(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml().load(reader);
            for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    String name = "alert " + rule.getOrDefault("alert", rule.get("record"));
                    expressions.computeIfAbsent(name, k -> new ArrayList<>()).add(String.valueOf(rule.get("expr")));
                }
            }
        }
    }

    private void addDashboard(Path file) throws IOException {
        JsonNode dashboard = OpsHttp.JSON.readTree(file.toFile());
        addPanels(dashboard.path("panels"));
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if (!"query".equals(variable.path("type").asText())) {
                continue;
            }
            JsonNode query = variable.path("query");
            String text = query.isObject() ? query.path("query").asText() : query.asText();
            java.util.regex.Matcher labelValues = LABEL_VALUES.matcher(text);
            String expression = labelValues.matches() ? labelValues.group(1) : text;
            if (!expression.isBlank()) {
                expressions.computeIfAbsent("variable " + variable.path("name").asText(), k -> new ArrayList<>()).add(expression);
            }
        }
    }

    private void addPanels(JsonNode panels) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                String expr = target.path("expr").asText("");
                if (!expr.isBlank()) {
                    expressions.computeIfAbsent("panel " + panel.path("title").asText(), k -> new ArrayList<>()).add(expr);
                }
            }
            addPanels(panel.path("panels"));
        }
    }

    /** Every metric name the expressions read, with where it is read. */
    Map<String, Set<String>> metricNames() {
        Map<String, Set<String>> names = new LinkedHashMap<>();
        expressions.forEach((source, list) -> list.forEach(expr -> {
            for (String name : metricNames(expr)) {
                names.computeIfAbsent(name, k -> new LinkedHashSet<>()).add(source);
            }
        }));
        return names;
    }

    /** Every selector with label matchers. */
    List<Selector> selectors() {
        List<Selector> selectors = new ArrayList<>();
        expressions.forEach((source, list) -> list.forEach(expr -> {
            java.util.regex.Matcher selector = SELECTOR.matcher(expr);
            while (selector.find()) {
                List<Matcher> matchers = new ArrayList<>();
                java.util.regex.Matcher matcher = LABEL_MATCHER.matcher(selector.group(2));
                while (matcher.find()) {
                    matchers.add(new Matcher(matcher.group(1), matcher.group(2), matcher.group(3)));
                }
                selectors.add(new Selector(selector.group(1), matchers, source));
            }
        }));
        return selectors;
    }

    static Set<String> metricNames(String expression) {
        String stripped = expression
                .replaceAll("\\{[^}]*}", " ")               // label matchers
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")  // strings
                .replaceAll("\\[[^\\]]*]", " ")               // range selectors
                .replaceAll("\\$\\{?\\w+}?", " ");           // Grafana variables
        stripped = GROUPING.matcher(stripped).replaceAll(" ");
        stripped = stripped.replaceAll("\\boffset\\s+\\d+[smhdwy]+", " ")
                .replaceAll("(?<![a-zA-Z_:])\\d+(\\.\\d+)?(e[+-]?\\d+)?([smhdwy]|ms)?\\b", " ");
        Set<String> names = new LinkedHashSet<>();
        java.util.regex.Matcher token = IDENTIFIER.matcher(stripped);
        while (token.find()) {
            String name = token.group();
            boolean function = stripped.substring(token.end()).matches("(?s)^\\s*\\(.*");
            if (!function && !KEYWORDS.contains(name)) {
                names.add(name);
            }
        }
        return names;
    }
}
