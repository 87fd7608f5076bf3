package com.dbadmin;

import com.dbadmin.mcp.StdioRunner;
import io.micronaut.runtime.Micronaut;

import java.util.Arrays;

/**
 * Starts the Netty server (MCP over HTTP, REST, health, metrics), or with {@code --stdio} serves MCP
 * over standard input and output for desktop clients.
 */
public class Application {
    public static void main(String[] args) {
        if (Arrays.asList(args).contains("--stdio")) {
            System.exit(StdioRunner.run(args));
        }
        Micronaut.build(args).mainClass(Application.class).banner(false).start();
    }
}
