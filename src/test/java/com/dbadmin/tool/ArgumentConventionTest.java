package com.dbadmin.tool;

import com.dbadmin.call.InvalidArgumentsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Published names are snake_case, camelCase is a deprecated alias, and conflict values have one vocabulary. */
class ArgumentConventionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JSON.readTree(text);
    }

    @Test
    void declaredCamelCaseIsPublishedInSnakeCaseAndHandedBackUnderTheDeclaredName() throws Exception {
        ArgumentConvention convention = ArgumentConvention.of(json("""
                {"type":"object","properties":{"backupFile":{"type":"string"},"dryRun":{"type":"boolean"},
                 "onConflict":{"type":"string","enum":["error","skip","overwrite"]}},
                 "required":["backupFile"],"additionalProperties":false}"""));
        ObjectNode schema = convention.publishedSchema();
        assertEquals(List.of("backup_file", "dry_run", "on_conflict"), names(schema.get("properties").fieldNames()));
        assertEquals("backup_file", schema.get("required").get(0).asText());
        assertEquals(List.of("error", "skip", "update"), JSON.convertValue(schema.at("/properties/on_conflict/enum"), List.class));
        assertEquals(Map.of("backupFile", "backup_file", "dryRun", "dry_run", "onConflict", "on_conflict"), convention.aliases());

        ObjectNode old = json("{\"backupFile\":\"b.sql\",\"dryRun\":true,\"onConflict\":\"overwrite\"}");
        ObjectNode published = convention.toPublished("t", old);
        assertEquals(json("{\"backup_file\":\"b.sql\",\"dry_run\":true,\"on_conflict\":\"update\"}"), published);
        assertEquals(json("{\"backupFile\":\"b.sql\",\"dryRun\":true,\"onConflict\":\"update\"}"), convention.toDeclared(published));
        assertEquals(json("{\"backupFile\":\"b.sql\",\"dryRun\":true,\"onConflict\":\"overwrite\"}"), old, "input untouched");
    }

    @Test
    void bothSpellingsAtOnceAreRefused() throws Exception {
        ArgumentConvention convention = ArgumentConvention.of(json("""
                {"type":"object","properties":{"sortBy":{"type":"string"}}}"""));
        InvalidArgumentsException refused = assertThrows(InvalidArgumentsException.class,
                () -> convention.toPublished("db_list_backups", json("{\"sortBy\":\"size\",\"sort_by\":\"name\"}")));
        assertTrue(refused.getMessage().contains("sort_by"), refused.getMessage());
    }

    @Test
    void insertConflictValuesAndObjectsUseTheOneVocabulary() throws Exception {
        ArgumentConvention convention = ArgumentConvention.of(json("""
                {"type":"object","properties":{"on_conflict":{"oneOf":[{"type":"string","enum":["nothing","update","error"]},
                 {"type":"object","properties":{"action":{"type":"string","enum":["nothing","update","error"]}}}]}}}"""));
        ObjectNode schema = convention.publishedSchema();
        assertEquals(List.of("error", "skip", "update"), JSON.convertValue(schema.at("/properties/on_conflict/oneOf/0/enum"), List.class));
        assertEquals(List.of("error", "skip", "update"),
                JSON.convertValue(schema.at("/properties/on_conflict/oneOf/1/properties/action/enum"), List.class));
        assertEquals("skip", convention.toPublished("t", json("{\"on_conflict\":\"nothing\"}")).get("on_conflict").asText());
        assertEquals("skip", convention.toPublished("t", json("{\"on_conflict\":{\"action\":\"nothing\",\"target\":[\"id\"]}}"))
                .at("/on_conflict/action").asText());
        ObjectNode canonical = json("{\"on_conflict\":\"update\",\"order_by\":[]}");
        assertSame(canonical, convention.toPublished("t", canonical), "nothing to change: no copy");
    }

    @Test
    void caseConversions() {
        assertEquals("backup_file", ArgumentConvention.snakeCase("backupFile"));
        assertEquals("table", ArgumentConvention.snakeCase("table"));
        assertEquals("backupFile", ArgumentConvention.camelCase("backup_file"));
        assertEquals("updateColumns", ArgumentConvention.camelCase("update_columns"));
    }

    private static List<String> names(java.util.Iterator<String> iterator) {
        List<String> names = new java.util.ArrayList<>();
        iterator.forEachRemaining(names::add);
        return names;
    }
}
