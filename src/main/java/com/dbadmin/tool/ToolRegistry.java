package com.dbadmin.tool;

import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import com.dbadmin.guard.AccessSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tool this server offers, by name, as clients see it. Each group class ({@code QueryTools},
 * {@code InsertTools}, ...) is a factory whose {@code @Named} beans are the tool definitions; transports
 * read this registry and nothing else to learn what exists.
 *
 * <p>The definitions here are the published ones: their input schemas follow the {@link ArgumentConvention}
 * and carry the examples of {@code examples.json}; with several databases (DB_ADMIN_DATABASES) each also takes the
 * optional {@code database} argument that {@link ToolInvoker} routes by. Tools the operator switched off (DB_ADMIN_READ_ONLY,
 * DB_ADMIN_TOOL_GROUPS) are not among them; {@link #switchedOff} says why a name is missing.
 */
@Singleton
public class ToolRegistry {
    static final String EXAMPLES = "/com/dbadmin/tool/examples.json";

    private final Map<String, ToolDefinition> byName;
    private final List<ToolDefinition> ordered;
    private final Map<String, ArgumentConvention> conventions;
    private final Map<String, String> switchedOff;

    public ToolRegistry(List<ToolDefinition> definitions, AccessSettings access, DatabaseRoutes databases) {
        Map<String, ToolDefinition> tools = new LinkedHashMap<>();
        Map<String, ArgumentConvention> argumentConventions = new LinkedHashMap<>();
        Map<String, String> off = new LinkedHashMap<>();
        JsonNode examples = examples();
        definitions.stream()
                .sorted(Comparator.comparing(ToolDefinition::group).thenComparing(ToolDefinition::name))
                .forEach(tool -> {
                    if (tools.containsKey(tool.name()) || off.containsKey(tool.name())) {
                        throw new IllegalStateException("Tool defined twice: " + tool.name());
                    }
                    Optional<String> reason = access.switchedOff(tool);
                    if (reason.isPresent()) {
                        off.put(tool.name(), reason.get());
                        return;
                    }
                    ArgumentConvention convention = ArgumentConvention.of(tool.inputSchema());
                    argumentConventions.put(tool.name(), convention);
                    tools.put(tool.name(), published(tool, convention, examples.get(tool.name()), databases.names()));
                });
        this.byName = Map.copyOf(tools);
        this.ordered = List.copyOf(tools.values());
        this.conventions = Map.copyOf(argumentConventions);
        this.switchedOff = Map.copyOf(off);
    }

    public Optional<ToolDefinition> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public List<ToolDefinition> all() {
        return ordered;
    }

    public List<ToolDefinition> group(ToolGroup group) {
        return ordered.stream().filter(tool -> tool.group() == group).toList();
    }

    /** Why a tool that exists in this build is not offered by this server, if it is one of those. */
    public Optional<String> switchedOff(String name) {
        return Optional.ofNullable(name == null ? null : switchedOff.get(name));
    }

    /** Deprecated argument spellings of a tool and the published names they stand for. */
    public Map<String, String> deprecatedArguments(String name) {
        ArgumentConvention convention = conventions.get(name);
        return convention == null ? Map.of() : convention.aliases();
    }

    ArgumentConvention convention(String name) {
        return conventions.get(name);
    }

    private static ToolDefinition published(ToolDefinition tool, ArgumentConvention convention, JsonNode examples,
                                            List<String> databases) {
        ObjectNode input = convention.publishedSchema();
        if (!databases.isEmpty()) {
            input = input.deepCopy();
            ObjectNode database = ((ObjectNode) input.get("properties")).putObject(DatabaseRoutes.ARGUMENT);
            database.put("type", "string");
            databases.forEach(database.putArray("enum")::add);
            database.put("description", "Which database (default: " + databases.get(0) + ")");
        }
        if (examples != null && examples.isArray() && !examples.isEmpty()) {
            input.set("examples", examples.deepCopy());
        }
        return new ToolDefinition(tool.name(), tool.title(), tool.description(), tool.group(), tool.scope(), input,
                tool.outputSchema(), tool.hints(), tool.tableArgument(), tool.connection(), tool.handler());
    }

    /** Example arguments per tool (each validated against its schema and run by the documentation test). */
    private static JsonNode examples() {
        try (InputStream in = ToolRegistry.class.getResourceAsStream(EXAMPLES)) {
            return in == null ? new ObjectMapper().createObjectNode() : new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Unreadable " + EXAMPLES, e);
        }
    }
}
