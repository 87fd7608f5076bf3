package com.dbadmin.ops;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.OutputStreamAppender;
import com.dbadmin.ops.logging.LogFormatDefiner;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

import static net.logstash.logback.argument.StructuredArguments.kv;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The shipped logback.xml, loaded into its own logger context: JSON lines and the text format, the
 * fields operators filter on, and secrets masked in messages, fields, MDC and stack traces.
 */
class LoggingFormatTest {
    private static final String DATABASE_PASSWORD = "S3cret-Db-Pass";
    private static final String JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3cml0ZXIifQ.c2lnbmF0dXJlLWJ5dGVz";
    private static final String API_TOKEN = "tok_live_0123456789";
    private static final String URL_OPTION_PASSWORD = "Pa55-in-url";
    private static final String CAUSE_SECRET = "abc123secretvalue";
    private static final List<String> SECRETS = List.of(DATABASE_PASSWORD, JWT, API_TOKEN, URL_OPTION_PASSWORD, CAUSE_SECRET,
            "hunter2", "mdc-secret-value");

    /** A logger context configured from the real logback.xml, writing to a buffer instead of stderr. */
    private record Configured(LoggerContext context, ByteArrayOutputStream output) {
        Logger logger(String name) {
            return context.getLogger(name);
        }

        String text() {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    private static Configured configure(String format) throws Exception {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        if (format != null) {
            context.putProperty(LogFormatDefiner.VARIABLE, format);
        }
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        configurator.doConfigure(LoggingFormatTest.class.getResource("/logback.xml"));
        var appender = (OutputStreamAppender<?>) context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getAppender("CONSOLE");
        assertNotNull(appender, "logback.xml attaches CONSOLE to the root logger");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        appender.setOutputStream(output);
        return new Configured(context, output);
    }

    /** The same events in either format: secrets in every place a log line can carry them. */
    private static void logEverything(Configured configured) {
        Logger log = configured.logger("com.dbadmin.test.Secrets");
        MDC.put("requestId", "req-77");
        MDC.put("sessionToken", "mdc-secret-value");
        try {
            log.info("connecting to postgresql://writer:{}@db.internal:5432/app", DATABASE_PASSWORD);
            log.warn("client sent Authorization: Bearer {}", JWT);
            log.info("settings {} {}", kv("password", "hunter2"), kv("apiToken", API_TOKEN));
            log.error("could not connect", new SQLException("bad url jdbc:postgresql://db/app?user=x&password=" + URL_OPTION_PASSWORD,
                    new IOException("upstream said token=" + CAUSE_SECRET)));
            log.info("tool call {} {} {} {}", kv("tool", "db_query_records"), kv("table", "public.books"),
                    kv("durationMs", 3.25), kv("rowCount", 20));
        } finally {
            MDC.clear();
        }
    }

    @Test
    void jsonLinesCarryTheFieldsAndNoSecrets() throws Exception {
        Configured configured = configure("json");
        logEverything(configured);
        String output = configured.text();
        for (String secret : SECRETS) {
            assertFalse(output.contains(secret), "secret " + secret + " in " + output);
        }
        List<String> lines = output.lines().toList();
        assertEquals(5, lines.size(), output);
        JsonNode first = OpsHttp.JSON.readTree(lines.get(0));
        for (String field : List.of("timestamp", "level", "logger", "thread", "message")) {
            assertTrue(first.hasNonNull(field), field + " in " + first);
        }
        assertTrue(first.get("timestamp").asText().endsWith("Z"), "UTC ISO-8601: " + first.get("timestamp"));
        assertEquals("INFO", first.get("level").asText());
        assertEquals("com.dbadmin.test.Secrets", first.get("logger").asText());
        assertEquals("req-77", first.get("requestId").asText());
        assertEquals("connecting to postgresql://writer:****@db.internal:5432/app", first.get("message").asText());
        assertEquals("****", first.get("sessionToken").asText(), "secret-named MDC keys are masked whole");

        JsonNode settings = OpsHttp.JSON.readTree(lines.get(2));
        assertEquals("****", settings.get("password").asText());
        assertEquals("****", settings.get("apiToken").asText());

        JsonNode failure = OpsHttp.JSON.readTree(lines.get(3));
        assertEquals("ERROR", failure.get("level").asText());
        String stack = failure.get("stack_trace").asText();
        assertTrue(stack.contains("java.sql.SQLException") && stack.contains("password=****") && stack.contains("token=****"), stack);

        JsonNode call = OpsHttp.JSON.readTree(lines.get(4));
        assertEquals("db_query_records", call.get("tool").asText());
        assertEquals("public.books", call.get("table").asText());
        assertEquals(3.25, call.get("durationMs").asDouble());
        assertEquals(20, call.get("rowCount").asInt());
        configured.context().stop();
    }

    @Test
    void textFormatIsReadableAndMasksTheSameSecrets() throws Exception {
        Configured configured = configure("text");
        logEverything(configured);
        String output = configured.text();
        for (String secret : SECRETS.subList(0, 5)) {
            assertFalse(output.contains(secret), "secret " + secret + " in " + output);
        }
        String first = output.lines().findFirst().orElseThrow();
        assertTrue(first.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+] com\\.dbadmin\\.test\\.Secrets req-77 - "
                + "connecting to postgresql://writer:\\*\\*\\*\\*@db\\.internal:5432/app"), first);
        assertTrue(output.contains("Authorization: Bearer ****"), output);
        assertTrue(output.contains("password=**** apiToken=****"), output);
        assertTrue(output.contains("tool=db_query_records table=public.books durationMs=3.25 rowCount=20"), output);
        assertTrue(output.contains("java.sql.SQLException") && output.contains("token=****"), "stack trace kept, masked: " + output);
        configured.context().stop();
    }

    @Test
    void anUnknownFormatFallsBackToJsonAndNothingReachesStdout() throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Configured configured;
        try {
            configured = configure("yaml");
            configured.logger("x").info("hello");
        } finally {
            System.setOut(stdout);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), "stdout belongs to MCP stdio");
        assertEquals("hello", OpsHttp.JSON.readTree(configured.text()).get("message").asText());
        configured.context().stop();
    }

    @Test
    void withoutATerminalTheDefaultIsJson() throws Exception {
        assumeUnset();
        Configured configured = configure(null);
        configured.logger("x").info("plain");
        assertEquals("plain", OpsHttp.JSON.readTree(configured.text()).get("message").asText(),
                "tests run without a console, like containers");
        configured.context().stop();
    }

    private static void assumeUnset() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(LogFormatDefiner.VARIABLE) == null
                && System.getProperty(LogFormatDefiner.VARIABLE) == null && System.console() == null);
    }
}
