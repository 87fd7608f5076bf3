package com.dbadmin.mcp;

import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * MCP over stdio: an application context without the HTTP server, whose MCP server reads JSON-RPC
 * from stdin and writes only JSON-RPC to stdout (logs go to stderr). When stdin closes, in-flight
 * calls finish, the context closes and the process exits 0.
 */
public final class StdioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StdioRunner.class);
    private static final long DRAIN_TIMEOUT_MILLIS = 30_000;

    private StdioRunner() {
    }

    public static int run(String[] args) {
        CountDownLatch stdinClosed = new CountDownLatch(1);
        System.setIn(new EofSignallingInputStream(System.in, stdinClosed));
        try (ApplicationContext context = ApplicationContext.builder()
                .args(args)
                .environments("stdio")
                .properties(Map.of("micronaut.mcp.server.transport", "STDIO"))
                .start()) {
            LOG.info("MCP stdio server ready");
            stdinClosed.await();
            drain(context.getBean(McpToolAdapter.class));
            LOG.info("stdin closed; shutting down");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            LOG.error("MCP stdio server failed", e);
            return 1;
        }
    }

    private static void drain(McpToolAdapter adapter) throws InterruptedException {
        long deadline = System.currentTimeMillis() + DRAIN_TIMEOUT_MILLIS;
        // A request read just before EOF may not have reached the adapter yet.
        Thread.sleep(100);
        while (adapter.inFlight() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        // Let the outbound writer flush the last responses.
        Thread.sleep(200);
    }

    /** Tells the runner when the client closed stdin; the MCP transport itself only closes its session. */
    private static final class EofSignallingInputStream extends FilterInputStream {
        private final CountDownLatch closed;

        EofSignallingInputStream(InputStream in, CountDownLatch closed) {
            super(in);
            this.closed = closed;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value < 0) {
                closed.countDown();
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count < 0) {
                closed.countDown();
            }
            return count;
        }
    }
}
