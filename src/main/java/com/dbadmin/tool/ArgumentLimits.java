package com.dbadmin.tool;

import com.dbadmin.call.InvalidArgumentsException;
import com.dbadmin.call.ToolDefinition;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Bounds the nesting of every call's arguments before anything reads them: filters, row values and
 * the schema validator all walk the tree, and a value nested hundreds of levels deep must be refused
 * as invalid arguments, not run a walker out of stack. Measured without recursion.
 */
final class ArgumentLimits {
    /** Deepest nesting of objects and arrays in a call's arguments (the arguments object is level 1). */
    static final int MAX_DEPTH = 64;

    private ArgumentLimits() {
    }

    static void check(ToolDefinition tool, JsonNode arguments) {
        if (depth(arguments) > MAX_DEPTH) {
            throw new InvalidArgumentsException(tool.name(), List.of("arguments nest deeper than " + MAX_DEPTH
                    + " levels of objects and arrays"));
        }
    }

    /** Levels of containers, stopping as soon as the bound is passed. */
    static int depth(JsonNode root) {
        if (root == null || !root.isContainerNode()) {
            return 0;
        }
        record Level(JsonNode node, int depth) {
        }
        Deque<Level> pending = new ArrayDeque<>();
        pending.push(new Level(root, 1));
        int deepest = 1;
        while (!pending.isEmpty()) {
            Level level = pending.pop();
            deepest = Math.max(deepest, level.depth());
            if (deepest > MAX_DEPTH) {
                return deepest;
            }
            for (JsonNode child : level.node()) {
                if (child.isContainerNode()) {
                    pending.push(new Level(child, level.depth() + 1));
                }
            }
        }
        return deepest;
    }
}
