package com.dbadmin.mcp;

import com.dbadmin.ops.StartupFailure;
import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code --stdio}: an application context without the HTTP server, serving MCP on stdin and stdout. The
 * real stdout is kept for JSON-RPC alone: {@code System.out} is pointed at stderr first, so nothing else
 * (a library's banner or a stray print) can corrupt the stream. Returns the process exit code.
 */
public final class StdioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StdioRunner.class);

    private StdioRunner() {
    }

    /** Exit code of a start that failed (its reason went to the client and to stderr). */
    public static final int START_FAILED = 2;

    /**
     * Serves until end of input. {@code properties} are settings given on the command line. A start that
     * fails answers the client's first request with what failed (see {@link StdioStartupFailure}) and
     * returns {@link #START_FAILED}.
     */
    public static int run(String[] args, Map<String, Object> properties) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        InputStream stdin = new FileInputStream(FileDescriptor.in);
        ApplicationContext context;
        try {
            context = ApplicationContext.builder()
                    .args(args)
                    .properties(properties)
                    .environments("stdio")
                    .start();
        } catch (RuntimeException | Error e) {
            String explanation = StartupFailure.explain(e);
            LOG.error("MCP stdio server could not start: {}", explanation, e);
            StdioStartupFailure.answer(stdin, stdout, explanation);
            return START_FAILED;
        }
        try (context) {
            LOG.info("MCP stdio server ready");
            long requests = context.getBean(StdioServer.class).serve(stdin, stdout);
            LOG.info("stdin closed after {} requests, all answered; shutting down", requests);
            return 0;
        } catch (Exception e) {
            LOG.error("MCP stdio server failed", e);
            return 1;
        }
    }
}
