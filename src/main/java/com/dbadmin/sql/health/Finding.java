package com.dbadmin.sql.health;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One health check's result.
 *
 * @param check          stable id of the check ({@link HealthReport#CHECKS})
 * @param summary        what was found, one line
 * @param recommendation what to do about it, one line
 * @param items          the sessions, tables, indexes or sequences concerned (empty when none)
 */
public record Finding(String check, Severity severity, String summary, String recommendation, ArrayNode items) {

    static Finding of(String check, Severity severity, String summary, String recommendation) {
        return new Finding(check, severity, summary, recommendation, JsonNodeFactory.instance.arrayNode());
    }

    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("check", check);
        node.put("severity", severity.id());
        node.put("summary", summary);
        node.put("recommendation", recommendation);
        node.set("items", items);
        return node;
    }
}
