package com.dbadmin.ops;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every alert's runbook_url, and every link inside the runbook, lands on a section of docs/operations.md. */
class RunbookLinksTest {
    private static final Path RUNBOOK = Path.of("docs/operations.md");

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors() throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean inCode = false;
        for (String line : Files.readAllLines(RUNBOOK)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
            }
            if (!inCode && line.matches("^#{1,6} .*")) {
                String text = line.replaceFirst("^#+ ", "").toLowerCase(Locale.ROOT);
                anchors.add(text.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasARunbookSection() throws IOException {
        Set<String> anchors = anchors();
        List<String> missing = new ArrayList<>();
        int alerts = 0;
        try (Reader reader = Files.newBufferedReader(MetricNamesCrossCheckTest.ALERT_RULES)) {
            Map<String, Object> root = new Yaml().load(reader);
            for (Map<String, Object> group : (List<Map<String, Object>>) root.get("groups")) {
                for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                    if (!rule.containsKey("alert")) {
                        continue;
                    }
                    alerts++;
                    String url = String.valueOf(((Map<String, Object>) rule.get("annotations")).get("runbook_url"));
                    assertTrue(url.contains("docs/operations.md#"), rule.get("alert") + ": " + url);
                    String anchor = url.substring(url.indexOf('#') + 1);
                    assertEquals("alert-" + String.valueOf(rule.get("alert")).toLowerCase(Locale.ROOT), anchor);
                    if (!anchors.contains(anchor)) {
                        missing.add(rule.get("alert") + " -> #" + anchor);
                    }
                }
            }
        }
        assertTrue(alerts >= 10, "alerts found: " + alerts);
        assertTrue(missing.isEmpty(), "no runbook section for: " + missing);
    }

    @Test
    void linksInsideTheRunbookResolve() throws IOException {
        Set<String> anchors = anchors();
        Matcher link = Pattern.compile("\\]\\(#([^)]+)\\)").matcher(Files.readString(RUNBOOK));
        List<String> broken = new ArrayList<>();
        while (link.find()) {
            if (!anchors.contains(link.group(1))) {
                broken.add(link.group(1));
            }
        }
        assertTrue(broken.isEmpty(), "broken links: " + broken);
    }
}
