package com.dbadmin.mcp;

import com.dbadmin.security.StdioCallerResolver;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MCP over stdio: one JSON-RPC message per line in, one per line out. One reader thread parses lines and
 * hands requests to a small pool (so a slow call never holds up a ping or another call); every answer and
 * notification is written whole, under one lock, and flushed, so lines never interleave and none is lost.
 * A line that is not JSON is answered with -32700 and the session goes on. At end of input the calls
 * already running finish and are answered, then {@link #serve} returns.
 *
 * <p>Hand-written because the SDK's stdio server transport drops answers under sustained use (its
 * outbound sink refuses concurrent emissions) and offers no way to finish running calls at end of input.
 */
@Singleton
class StdioServer {
    private static final Logger LOG = LoggerFactory.getLogger(StdioServer.class);
    /** Calls run at once; more wait in order (the connection pool bounds real concurrency anyway). */
    private static final int WORKERS = 16;

    private final McpDispatcher dispatcher;
    private final StdioCallerResolver callers;
    private final ObjectMapper json;

    StdioServer(McpDispatcher dispatcher, StdioCallerResolver callers, ObjectMapper json) {
        this.dispatcher = dispatcher;
        this.callers = callers;
        this.json = json;
    }

    /** Serves until end of input; returns once every request read has been answered. */
    long serve(InputStream in, OutputStream out) throws IOException {
        LineWriter writer = new LineWriter(out);
        StdioSession session = new StdioSession(callers, writer::write);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService workers = new ThreadPoolExecutor(WORKERS, WORKERS, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), task -> {
                    Thread thread = new Thread(task, "mcp-stdio-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        long requests = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message = parse(line);
                if (message == null) {
                    writer.write(dispatcher.rpc().error(null, McpSchema.ErrorCodes.PARSE_ERROR,
                            "Parse error: the line is not JSON.", null));
                    continue;
                }
                if (message.isObject() && !message.has("id")) {
                    // Notifications (cancellation above all) are handled at once, in order, on this thread.
                    answer(message, session, writer);
                    continue;
                }
                requests++;
                workers.execute(() -> answer(message, session, writer));
            }
        } finally {
            workers.shutdown();
            try {
                workers.awaitTermination(Long.MAX_VALUE, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            writer.flush();
        }
        return requests;
    }

    private void answer(JsonNode message, StdioSession session, LineWriter writer) {
        byte[] answer;
        try {
            if (message.isArray()) {
                answer = ProtocolVersions.allowsBatches(session.protocolVersion())
                        ? dispatcher.handleBatch((ArrayNode) message, session)
                        : dispatcher.rpc().error(null, McpError.invalidRequest("JSON-RPC batches are not part of MCP "
                        + session.protocolVersion() + " (only 2025-03-26 has them)."));
            } else {
                answer = dispatcher.handle(message, session);
            }
        } catch (RuntimeException e) {
            LOG.error("MCP stdio message failed unexpectedly", e);
            answer = dispatcher.rpc().error(message.get("id"), McpSchema.ErrorCodes.INTERNAL_ERROR,
                    "Internal error.", null);
        }
        if (answer != null) {
            writer.write(answer);
        }
    }

    private JsonNode parse(String line) {
        try {
            JsonNode node = json.readTree(line);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /** Whole lines, one writer at a time, flushed at once: the client reads each message as soon as it is ready. */
    private static final class LineWriter {
        private final OutputStream out;

        LineWriter(OutputStream out) {
            this.out = out;
        }

        synchronized void write(byte[] message) {
            try {
                out.write(message);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                // The client went away; its answers have nowhere to go. Reading stops at end of input.
                LOG.debug("stdout closed: {}", e.toString());
            }
        }

        synchronized void flush() {
            try {
                out.flush();
            } catch (IOException ignored) {
                // As above.
            }
        }
    }
}
