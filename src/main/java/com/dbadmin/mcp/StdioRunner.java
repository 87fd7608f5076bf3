package com.dbadmin.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * MCP over stdio: an application context without the HTTP server, whose MCP server reads JSON-RPC
 * from stdin and writes only JSON-RPC to stdout (logs go to stderr). When the client closes stdin,
 * the requests it already sent are answered, then the context closes and the process exits 0.
 *
 * <p>The SDK's stdio transport only closes its session at end of input; the counting streams here
 * are what lets the process know when it may exit without dropping answers.
 */
public final class StdioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StdioRunner.class);
    private static final long DRAIN_TIMEOUT_MILLIS = 30_000;

    private StdioRunner() {
    }

    public static int run(String[] args) {
        CountDownLatch stdinClosed = new CountDownLatch(1);
        AtomicLong requests = new AtomicLong();
        AtomicLong responses = new AtomicLong();
        System.setIn(new RequestCountingInputStream(System.in, stdinClosed, requests, responses));
        System.setOut(new PrintStream(new LineCountingOutputStream(System.out, responses), true, StandardCharsets.UTF_8));
        try (ApplicationContext context = ApplicationContext.builder()
                .args(args)
                .environments("stdio")
                .properties(Map.of("micronaut.mcp.server.transport", "STDIO"))
                .start()) {
            LOG.info("MCP stdio server ready");
            stdinClosed.await();
            System.out.flush();
            LOG.info("stdin closed after {} requests; shutting down", requests.get());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            LOG.error("MCP stdio server failed", e);
            return 1;
        }
    }

    /**
     * Counts JSON-RPC requests (messages with an id and a method) and holds back end of input until
     * each has been answered: the SDK drops unanswered requests when it sees EOF.
     */
    private static final class RequestCountingInputStream extends FilterInputStream {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final CountDownLatch closed;
        private final AtomicLong requests;
        private final AtomicLong responses;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        RequestCountingInputStream(InputStream in, CountDownLatch closed, AtomicLong requests, AtomicLong responses) {
            super(in);
            this.closed = closed;
            this.requests = requests;
            this.responses = responses;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value < 0) {
                endOfInput();
            } else {
                observe(value);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count < 0) {
                endOfInput();
            }
            for (int i = 0; i < count; i++) {
                observe(buffer[offset + i]);
            }
            return count;
        }

        private void endOfInput() {
            long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MILLIS;
            try {
                while (responses.get() < requests.get() && System.currentTimeMillis() < deadline) {
                    Thread.sleep(10);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            closed.countDown();
        }

        private void observe(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            try {
                JsonNode message = JSON.readTree(line.toByteArray());
                if (message != null && message.has("id") && message.has("method")) {
                    requests.incrementAndGet();
                }
            } catch (IOException notJson) {
                // The transport answers malformed input itself; nothing to count.
            }
            line.reset();
        }
    }

    /** Counts complete lines written to stdout: one JSON-RPC message per line. */
    private static final class LineCountingOutputStream extends FilterOutputStream {
        private final AtomicLong lines;

        LineCountingOutputStream(OutputStream out, AtomicLong lines) {
            super(out);
            this.lines = lines;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            if (b == '\n') {
                out.flush();
                lines.incrementAndGet();
            }
        }

        @Override
        public void write(byte[] buffer, int offset, int length) throws IOException {
            out.write(buffer, offset, length);
            int newlines = 0;
            for (int i = 0; i < length; i++) {
                if (buffer[offset + i] == '\n') {
                    newlines++;
                }
            }
            if (newlines > 0) {
                out.flush();
                lines.addAndGet(newlines);
            }
        }
    }
}
