package com.dbadmin.security;

import com.dbadmin.call.CallContext;
import com.dbadmin.call.ToolDefinition;
import com.dbadmin.call.ToolOutcome;
import com.dbadmin.call.Transport;
import com.dbadmin.sql.catalog.CatalogCache;
import com.dbadmin.support.DatabaseTest;
import com.dbadmin.support.SchemaSamples;
import com.dbadmin.support.TestDatabase;
import com.dbadmin.tool.ToolInvoker;
import com.dbadmin.tool.ToolRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Injection payloads through every tool in the catalogue (the audit tools and any tool added later
 * included): in the table argument, in every string argument and as keys of every free-form object
 * (data, where). None may change data, reach a restricted table or the audit log, or leak SQL.
 * {@link InjectionTest} goes deeper into the record tools' filters and operators.
 */
class InjectionSweepTest extends DatabaseTest {
    private static final String CANARY = "SELECT count(*) FROM sweeplab.canary WHERE secret IN ('tweety', 'sylvester')";

    @Inject
    ToolInvoker invoker;
    @Inject
    ToolRegistry toolRegistry;
    @Inject
    CatalogCache tables;

    @BeforeAll
    void setUp() {
        TestDatabase.execute("""
                DROP SCHEMA IF EXISTS sweeplab CASCADE;
                CREATE SCHEMA sweeplab;
                CREATE TABLE sweeplab.canary (id int PRIMARY KEY, secret text);
                INSERT INTO sweeplab.canary VALUES (1, 'tweety'), (2, 'sylvester');
                """);
        tables.refresh();
    }

    /** One call per tool, argument and payload. */
    record Attempt(String tool, String where, ObjectNode arguments) {
    }

    /** A string argument without an enum: any text reaches the tool. */
    private static boolean isFreeText(JsonNode schema) {
        return "string".equals(schema.path("type").asText()) && !schema.has("enum");
    }

    /** An object argument without declared properties: any key reaches the tool. */
    private static boolean isFreeObject(JsonNode schema) {
        return "object".equals(schema.path("type").asText()) && !schema.has("properties");
    }

    private List<Attempt> attempts() {
        List<Attempt> attempts = new ArrayList<>();
        for (ToolDefinition tool : toolRegistry.all()) {
            ObjectNode base = SchemaSamples.minimalArguments(tool.inputSchema());
            if (tool.tableArgument() != null) {
                base.put(tool.tableArgument(), "sweeplab.canary");
            }
            Iterator<Map.Entry<String, JsonNode>> properties = tool.inputSchema().path("properties").fields();
            while (properties.hasNext()) {
                Map.Entry<String, JsonNode> property = properties.next();
                String name = property.getKey();
                JsonNode schema = property.getValue();
                boolean text = isFreeText(schema);
                boolean freeObject = isFreeObject(schema);
                for (String payload : InjectionTest.PAYLOADS) {
                    ObjectNode args = base.deepCopy();
                    if (text) {
                        args.put(name, payload);
                        attempts.add(new Attempt(tool.name(), name, args));
                    } else if (freeObject) {
                        args.putObject(name).put(payload, 1);
                        attempts.add(new Attempt(tool.name(), name + " key", args));
                    }
                }
            }
        }
        return attempts;
    }

    @Test
    void noPayloadThroughAnyArgumentOfAnyToolChangesOrLeaksAnything() {
        long users = TestDatabase.count("SELECT count(*) FROM users");
        long auditRows = TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log");
        List<Attempt> attempts = attempts();
        assertTrue(attempts.size() >= 300, "attempts: " + attempts.size());
        List<String> attacked = attempts.stream().map(Attempt::tool).distinct().toList();
        List<String> spared = toolRegistry.all().stream().map(ToolDefinition::name).filter(n -> !attacked.contains(n)).toList();
        // Only tools without any free-text or free-object argument may be spared (nothing to inject into).
        for (String name : spared) {
            JsonNode properties = toolRegistry.find(name).orElseThrow().inputSchema().path("properties");
            properties.fields().forEachRemaining(p -> assertFalse(isFreeText(p.getValue()) || isFreeObject(p.getValue()),
                    name + "." + p.getKey() + " takes text but is not attacked"));
        }
        assertTrue(attacked.size() >= 20, "tools attacked: " + attacked);
        String[] longestFirst = InjectionTest.PAYLOADS.clone();
        Arrays.sort(longestFirst, Comparator.comparingInt(String::length).reversed());
        CallContext admin = CallContext.local("sweep", Transport.REST);
        for (Attempt attempt : attempts) {
            ToolOutcome outcome = invoker.invoke(attempt.tool(), attempt.arguments(), admin);
            String label = attempt.tool() + " via " + attempt.where() + ": " + attempt.arguments();
            if (outcome.success()) {
                // Results may echo input (a filter, an audited table name, an earlier call's error in the
                // audit log), whole or inside a longer text; nothing more.
                String body = outcome.result().toString().toLowerCase(Locale.ROOT);
                for (String payload : longestFirst) {
                    String quoted = com.fasterxml.jackson.databind.node.TextNode.valueOf(payload).toString()
                            .toLowerCase(Locale.ROOT);
                    body = body.replace(quoted.substring(1, quoted.length() - 1), "<input>");
                }
                assertFalse(body.contains("password_hash") || body.contains("tweety") || body.contains("sylvester"), label);
            } else {
                String message = outcome.error().getMessage().toLowerCase(Locale.ROOT);
                for (String payload : longestFirst) {
                    message = message.replace(payload.toLowerCase(Locale.ROOT), "<input>");
                }
                assertFalse(message.contains("select ") || message.contains("insert into") || message.contains("password_hash")
                        || message.contains("\"sweeplab\"."), label + " leaks SQL: " + message);
                assertFalse(message.contains("at com.") || message.contains("exception"), label + ": " + message);
            }
            assertEquals(2, TestDatabase.count(CANARY), label + " changed the canary");
        }
        assertEquals(users, TestDatabase.count("SELECT count(*) FROM users"), "restricted table intact");
        assertTrue(TestDatabase.count("SELECT count(*) FROM dbadmin.audit_log") >= auditRows, "audit log intact");
    }
}
