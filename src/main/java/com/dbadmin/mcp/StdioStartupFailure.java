package com.dbadmin.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stdio server that could not start still answers its client: desktop clients show a JSON-RPC error to
 * their user, while a process that only writes to stderr and exits looks like a hang or a crash. The first
 * request (the client's {@code initialize}) gets an error saying what failed and which variable fixes it;
 * then the process exits. No application context exists here, so this uses a plain mapper.
 */
final class StdioStartupFailure {
    private static final Logger LOG = LoggerFactory.getLogger(StdioStartupFailure.class);
    /** JSON-RPC's range for server-defined errors: the server cannot serve anything. */
    static final int SERVER_NOT_STARTED = -32000;
    /** A client that sends nothing for this long is not waiting for an answer. */
    private static final Duration WAIT_FOR_REQUEST = Duration.ofSeconds(60);

    private StdioStartupFailure() {
    }

    /** Answers the first request on {@code in} with the failure; returns once it is written, at end of input or after a minute. */
    static void answer(InputStream in, OutputStream out, String explanation) {
        ObjectMapper json = new ObjectMapper();
        CountDownLatch answered = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    JsonNode id = requestId(json, line);
                    if (id != null) {
                        write(json, out, id, explanation);
                        return;
                    }
                }
            } catch (IOException e) {
                LOG.debug("stdin closed: {}", e.toString());
            } finally {
                answered.countDown();
            }
        }, "mcp-stdio-startup-failure");
        reader.setDaemon(true);
        reader.start();
        try {
            answered.await(WAIT_FOR_REQUEST.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The id of a request (a message with a method and an id); null for notifications and anything unreadable. */
    private static JsonNode requestId(ObjectMapper json, String line) {
        try {
            JsonNode message = json.readTree(line);
            return message != null && message.isObject() && message.has("method") && message.hasNonNull("id")
                    ? message.get("id") : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(ObjectMapper json, OutputStream out, JsonNode id, String explanation) throws IOException {
        ObjectNode answer = json.createObjectNode().put("jsonrpc", "2.0");
        answer.set("id", id);
        ObjectNode error = answer.putObject("error");
        error.put("code", SERVER_NOT_STARTED);
        error.put("message", "database-admin-server could not start: " + explanation);
        out.write(json.writeValueAsBytes(answer));
        out.write('\n');
        out.flush();
    }
}
