package com.dbadmin.mcp;

import io.micronaut.context.ApplicationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code --stdio}: an application context without the HTTP server, serving MCP on stdin and stdout. The
 * real stdout is kept for JSON-RPC alone: {@code System.out} is pointed at stderr first, so nothing else
 * (a library's banner or a stray print) can corrupt the stream. Returns the process exit code.
 */
public final class StdioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StdioRunner.class);

    private StdioRunner() {
    }

    public static int run(String[] args) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        try (ApplicationContext context = ApplicationContext.builder()
                .args(args)
                .environments("stdio")
                .start()) {
            LOG.info("MCP stdio server ready");
            long requests = context.getBean(StdioServer.class).serve(new FileInputStream(FileDescriptor.in), stdout);
            LOG.info("stdin closed after {} requests, all answered; shutting down", requests);
            return 0;
        } catch (Exception e) {
            LOG.error("MCP stdio server failed", e);
            return 1;
        }
    }
}
