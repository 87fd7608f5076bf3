package com.dbadmin.tool;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.support.Databases;
import com.dbadmin.support.ServerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The examples of docs/tools.md are real calls: every tool's schema example ({@code examples.json}) is run,
 * in file order, on a fresh demo database, and its arguments and result must be what the documentation
 * shows between its {@code <!-- example: tool -->} markers. Values that differ on every run (times,
 * durations, sizes, checksums, paths) are compared by kind only. Regenerate the blocks with
 * {@code ./mvnw test -Dtest=ToolExamplesDocTest -Dtools.docs.write=true}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ToolExamplesDocTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DOCS = Path.of("docs/tools.md");
    private static final Pattern BLOCK = Pattern.compile("<!-- example: (db_[a-z_]+) -->\\n(.*?)<!-- /example -->",
            Pattern.DOTALL);
    /** Backup and export names carry their creation time; shown with the one time the examples use. */
    private static final Pattern STAMP = Pattern.compile("\\d{8}-\\d{6}");
    private static final String EXAMPLE_STAMP = "20250101-020000";
    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})?");
    /** Fields whose value changes from run to run: compared by JSON type only. */
    private static final Set<String> VOLATILE = Set.of("size", "sha256", "duration_ms", "average_duration_ms",
            "max_duration_ms", "request_id", "location", "total_bytes", "table_bytes", "index_bytes", "size_bytes",
            "estimated_rows", "id", "timestamp", "created", "cached_at", "start_date", "end_date", "created_at",
            "updated_at", "deleted_at", "client_address", "database", "server_version");
    /**
     * Tools whose answers are measurements of the moment (sessions, cache ratios, plan costs): their documented
     * answer is checked for the same top-level fields, with the arguments exactly.
     */
    private static final Set<String> MEASURED = Set.of("db_health", "db_explain");
    private static final int SHOWN_ITEMS = 3;

    private ServerContext server;

    @BeforeAll
    void start() throws Exception {
        String database = Databases.fresh("tool_examples");
        server = ServerContext.on(database, Map.of("db-admin.database.load-demo", "true",
                "db-admin.backup.dir", Files.createTempDirectory("tool-examples").toString()));
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void theDocumentedExamplesAreWhatTheToolsAnswer() throws Exception {
        ToolInvoker invoker = server.bean(ToolInvoker.class);
        ToolRegistry registry = invoker.registry();
        ObjectNode examples;
        try (InputStream in = ToolRegistry.class.getResourceAsStream(ToolRegistry.EXAMPLES)) {
            examples = (ObjectNode) JSON.readTree(in);
        }
        for (ToolDefinition tool : registry.all()) {
            assertTrue(examples.has(tool.name()), tool.name() + " has no example in examples.json");
            assertEquals(examples.get(tool.name()), tool.inputSchema().get("examples"), "published in its schema");
        }
        CallContext caller = CallContext.local("docs", Transport.REST);
        Map<String, String> realNames = new HashMap<>();
        Map<String, String> generated = new LinkedHashMap<>();
        for (Iterator<String> names = examples.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            assertTrue(registry.find(name).isPresent(), "examples.json names an unknown tool " + name);
            JsonNode arguments = examples.get(name).get(0);
            ToolOutcome outcome = invoker.invoke(name, withRealNames(arguments, realNames), caller);
            assertTrue(outcome.success(), () -> name + " " + arguments + " failed: " + outcome.error().code() + " "
                    + outcome.error().getMessage());
            JsonNode shown = shown(outcome.result(), realNames);
            generated.put(name, "```json\n" + JSON.writeValueAsString(arguments) + "\n```\n```json\n"
                    + readable(shown, "") + "\n```\n");
        }

        String docs = Files.readString(DOCS);
        if (Boolean.getBoolean("tools.docs.write")) {
            Files.writeString(DOCS, replaceBlocks(docs, generated));
            return;
        }
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher block = BLOCK.matcher(docs);
        while (block.find()) {
            documented.put(block.group(1), block.group(2));
        }
        assertEquals(generated.keySet(), documented.keySet(), "docs/tools.md has one example block per tool");
        List<String> drifted = new ArrayList<>();
        for (Map.Entry<String, String> entry : generated.entrySet()) {
            boolean measured = MEASURED.contains(entry.getKey());
            if (!comparable(entry.getValue(), measured).equals(comparable(documented.get(entry.getKey()), measured))) {
                drifted.add(entry.getKey() + ":\n  documented " + comparable(documented.get(entry.getKey()), measured)
                        + "\n  real       " + comparable(entry.getValue(), measured));
            }
        }
        assertEquals(List.of(), drifted, "docs/tools.md examples differ from real calls; regenerate with"
                + " -Dtools.docs.write=true");
    }

    /** JSON laid out for reading: a value that fits on a line stays on one, larger ones open up. */
    private static String readable(JsonNode node, String indent) throws Exception {
        String compact = JSON.writeValueAsString(node);
        if (compact.length() + indent.length() <= 110 || !node.isContainerNode() || node.isEmpty()) {
            return compact;
        }
        String inner = indent + "  ";
        StringBuilder out = new StringBuilder(node.isObject() ? "{\n" : "[\n");
        Iterator<Map.Entry<String, JsonNode>> fields = node.isObject() ? node.fields() : null;
        for (int i = 0; i < node.size(); i++) {
            out.append(inner);
            if (fields != null) {
                Map.Entry<String, JsonNode> field = fields.next();
                out.append(JSON.writeValueAsString(field.getKey())).append(": ").append(readable(field.getValue(), inner));
            } else {
                out.append(readable(node.get(i), inner));
            }
            out.append(i + 1 < node.size() ? ",\n" : "\n");
        }
        return out.append(indent).append(node.isObject() ? "}" : "]").toString();
    }

    /** Names of files an earlier example created, in the example's spelling, replaced by the real names. */
    private static JsonNode withRealNames(JsonNode arguments, Map<String, String> realNames) {
        JsonNode copy = arguments.deepCopy();
        if (copy.isObject()) {
            copy.fields().forEachRemaining(field -> {
                if (field.getValue().isTextual() && realNames.containsKey(field.getValue().asText())) {
                    ((ObjectNode) copy).put(field.getKey(), realNames.get(field.getValue().asText()));
                }
            });
        }
        return copy;
    }

    /** The result as documented: file names with the example time, long arrays shortened. */
    private static JsonNode shown(JsonNode node, Map<String, String> realNames) {
        if (node.isTextual()) {
            String text = node.asText();
            Matcher stamp = STAMP.matcher(text);
            if (stamp.find() && (text.startsWith("backup-") || text.startsWith("export-"))) {
                String example = stamp.replaceAll(EXAMPLE_STAMP);
                realNames.put(example, text);
                return TextNode.valueOf(example);
            }
            return node;
        }
        if (node.isArray()) {
            ArrayNode shown = JsonNodeFactory.instance.arrayNode();
            for (int i = 0; i < node.size(); i++) {
                if (i == SHOWN_ITEMS - 1 && node.size() > SHOWN_ITEMS) {
                    shown.add("… " + (node.size() - i) + " more");
                    node.forEach(item -> shown(item, realNames));
                    break;
                }
                shown.add(shown(node.get(i), realNames));
            }
            return shown;
        }
        if (node.isObject()) {
            ObjectNode shown = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> shown.set(field.getKey(), shown(field.getValue(), realNames)));
            return shown;
        }
        return node;
    }

    /** A block with its run-dependent values replaced by their JSON type. */
    private static String comparable(String block, boolean measured) throws Exception {
        StringBuilder out = new StringBuilder();
        boolean arguments = true;
        for (String part : block.split("```json\\n")) {
            int end = part.indexOf("\n```");
            if (end < 0) {
                continue;
            }
            JsonNode node = JSON.readTree(part.substring(0, end));
            JsonNode shown = measured && !arguments ? topLevelFields(node) : masked(node);
            out.append(JSON.writeValueAsString(shown)).append('\n');
            arguments = false;
        }
        return out.toString();
    }

    private static JsonNode topLevelFields(JsonNode node) {
        ArrayNode names = JsonNodeFactory.instance.arrayNode();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode masked(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), VOLATILE.contains(field.getKey())
                    ? TextNode.valueOf("<" + field.getValue().getNodeType() + ">") : masked(field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            node.forEach(item -> copy.add(masked(item)));
            return copy;
        }
        if (node.isTextual() && TIMESTAMP.matcher(node.asText()).find()) {
            return TextNode.valueOf(TIMESTAMP.matcher(node.asText()).replaceAll("<time>"));
        }
        return node;
    }

    private static String replaceBlocks(String docs, Map<String, String> generated) {
        Matcher block = BLOCK.matcher(docs);
        StringBuilder out = new StringBuilder();
        while (block.find()) {
            String body = generated.getOrDefault(block.group(1), block.group(2));
            block.appendReplacement(out, Matcher.quoteReplacement("<!-- example: " + block.group(1) + " -->\n" + body
                    + "<!-- /example -->"));
        }
        block.appendTail(out);
        return out.toString();
    }
}
