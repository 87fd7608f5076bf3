package com.dbadmin.tool;

import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolGroup;
import jakarta.inject.Singleton;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every tool of every group, by name. Each group class ({@code QueryTools}, {@code InsertTools}, ...)
 * is a factory whose {@code @Named} beans are the tool definitions; transports read this catalogue
 * (or the same beans) and nothing else to learn what exists.
 */
@Singleton
public class ToolRegistry {
    private final Map<String, ToolDefinition> byName;
    private final List<ToolDefinition> ordered;

    public ToolRegistry(List<ToolDefinition> definitions) {
        Map<String, ToolDefinition> tools = new LinkedHashMap<>();
        definitions.stream()
                .sorted(Comparator.comparing(ToolDefinition::group).thenComparing(ToolDefinition::name))
                .forEach(tool -> {
                    if (tools.putIfAbsent(tool.name(), tool) != null) {
                        throw new IllegalStateException("Tool defined twice: " + tool.name());
                    }
                });
        this.byName = Map.copyOf(tools);
        this.ordered = List.copyOf(tools.values());
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
}
