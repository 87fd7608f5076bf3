package com.dbadmin.tool;

import com.dbadmin.call.InvalidArgumentsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One argument convention for every tool, applied in one place so the tool definitions need not change:
 * <ul>
 *   <li>Names are snake_case. A definition may declare a camelCase name (the backup tools keep the names
 *   their handlers read); the published schema shows it in snake_case, and the camelCase spelling of every
 *   argument is still accepted as a deprecated alias.</li>
 *   <li>Conflict handling ({@code on_conflict} on inserts, batch inserts, restores and imports) has one
 *   vocabulary: {@code error} (fail, the default), {@code skip} (keep the existing row), {@code update}
 *   (change the existing row). The older values are accepted as aliases: {@code nothing} means skip,
 *   {@code overwrite} means update. Every handler already reads the canonical values.</li>
 * </ul>
 * Arguments are normalised to the published form before validation (so errors name the published names),
 * then renamed to the declared names for the handler.
 */
final class ArgumentConvention {
    static final String CONFLICT_ARGUMENT = "on_conflict";
    static final List<String> CONFLICT_VALUES = List.of("error", "skip", "update");
    /** Older conflict values and what they mean now. */
    static final Map<String, String> DEPRECATED_CONFLICT_VALUES = Map.of("nothing", "skip", "overwrite", "update");
    private static final Set<String> CONFLICT_VOCABULARIES = Set.of("error", "skip", "update", "nothing", "overwrite");
    private static final String CONFLICT_DESCRIPTION = "Rows whose unique key already exists: fail with"
            + " DB_409_CONFLICT (error, the default), keep the existing row (skip), or update it (update).";

    private final ObjectNode publishedSchema;
    /** Published name to declared name, for the names that differ. */
    private final Map<String, String> declaredNames = new LinkedHashMap<>();
    /** Deprecated spelling to published name. */
    private final Map<String, String> aliases = new LinkedHashMap<>();

    private ArgumentConvention(ObjectNode declaredSchema) {
        this.publishedSchema = declaredSchema.deepCopy();
        JsonNode properties = declaredSchema.path("properties");
        if (!properties.isObject()) {
            return;
        }
        ObjectNode published = publishedSchema.putObject("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> property = it.next();
            String declared = property.getKey();
            String name = snakeCase(declared);
            ObjectNode schema = ((ObjectNode) property.getValue()).deepCopy();
            if (name.equals(CONFLICT_ARGUMENT)) {
                unifyConflictVocabulary(schema);
            }
            published.set(name, schema);
            if (!name.equals(declared)) {
                declaredNames.put(name, declared);
            }
            String camel = camelCase(name);
            if (!camel.equals(name)) {
                aliases.put(camel, name);
            }
        }
        JsonNode required = declaredSchema.get("required");
        if (required != null && required.isArray()) {
            ArrayNode renamed = publishedSchema.putArray("required");
            required.forEach(entry -> renamed.add(snakeCase(entry.asText())));
        }
    }

    static ArgumentConvention of(ObjectNode declaredSchema) {
        return new ArgumentConvention(declaredSchema);
    }

    /** The input schema clients see. */
    ObjectNode publishedSchema() {
        return publishedSchema;
    }

    /** Deprecated spelling to published name (for the documentation). */
    Map<String, String> aliases() {
        return aliases;
    }

    /**
     * The arguments in published form: deprecated spellings renamed, deprecated conflict values replaced.
     * Returns {@code arguments} itself when nothing needed changing. Giving an argument under both spellings
     * is refused, since only one of them could be meant.
     */
    ObjectNode toPublished(String tool, ObjectNode arguments) {
        ObjectNode result = arguments;
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            JsonNode value = arguments.get(alias.getKey());
            if (value == null) {
                continue;
            }
            if (arguments.has(alias.getValue())) {
                throw new InvalidArgumentsException(tool, List.of("'" + alias.getKey() + "' is the deprecated spelling"
                        + " of '" + alias.getValue() + "'; give only '" + alias.getValue() + "'"));
            }
            result = result == arguments ? shallowCopy(arguments) : result;
            result.remove(alias.getKey());
            result.set(alias.getValue(), value);
        }
        JsonNode conflict = result.get(CONFLICT_ARGUMENT);
        if (conflict != null && publishedSchema.path("properties").has(CONFLICT_ARGUMENT)) {
            JsonNode canonical = canonicalConflict(conflict);
            if (canonical != conflict) {
                result = result == arguments ? shallowCopy(arguments) : result;
                result.set(CONFLICT_ARGUMENT, canonical);
            }
        }
        return result;
    }

    /** Validated published arguments under the names the handler reads. */
    ObjectNode toDeclared(ObjectNode published) {
        if (declaredNames.isEmpty()) {
            return published;
        }
        ObjectNode declared = published.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = published.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            declared.set(declaredNames.getOrDefault(field.getKey(), field.getKey()), field.getValue());
        }
        return declared;
    }

    private static JsonNode canonicalConflict(JsonNode value) {
        if (value.isTextual() && DEPRECATED_CONFLICT_VALUES.containsKey(value.asText())) {
            return TextNode.valueOf(DEPRECATED_CONFLICT_VALUES.get(value.asText()));
        }
        JsonNode action = value.isObject() ? value.get("action") : null;
        if (action != null && action.isTextual() && DEPRECATED_CONFLICT_VALUES.containsKey(action.asText())) {
            ObjectNode copy = shallowCopy((ObjectNode) value);
            copy.put("action", DEPRECATED_CONFLICT_VALUES.get(action.asText()));
            return copy;
        }
        return value;
    }

    /**
     * A copy of the top level only: arguments are renamed before their nesting is checked
     * (ArgumentLimits), so nothing here may walk into them.
     */
    private static ObjectNode shallowCopy(ObjectNode node) {
        ObjectNode copy = node.objectNode();
        copy.setAll(node);
        return copy;
    }

    /** Every enum of conflict values in the schema becomes the one vocabulary. */
    private static void unifyConflictVocabulary(ObjectNode schema) {
        JsonNode values = schema.get("enum");
        if (values != null && values.isArray() && values.size() > 0) {
            boolean conflictValues = true;
            for (JsonNode value : values) {
                conflictValues &= CONFLICT_VOCABULARIES.contains(value.asText());
            }
            if (conflictValues) {
                ArrayNode unified = schema.putArray("enum");
                CONFLICT_VALUES.forEach(unified::add);
                // Only where the values were described: inside on_conflict's oneOf the parent already says it.
                if (schema.has("description")) {
                    schema.put("description", CONFLICT_DESCRIPTION);
                }
            }
        }
        for (JsonNode child : schema) {
            if (child.isObject()) {
                unifyConflictVocabulary((ObjectNode) child);
            } else if (child.isArray()) {
                child.forEach(item -> {
                    if (item.isObject()) {
                        unifyConflictVocabulary((ObjectNode) item);
                    }
                });
            }
        }
    }

    static String snakeCase(String name) {
        StringBuilder out = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    out.append('_');
                }
                out.append(Character.toLowerCase(c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String camelCase(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && i > 0) {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
