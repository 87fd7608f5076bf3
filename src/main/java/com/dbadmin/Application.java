package com.dbadmin;

import com.dbadmin.mcp.StdioRunner;
import com.dbadmin.ops.BuildInfo;
import io.micronaut.runtime.Micronaut;

/**
 * Starts the Netty server (MCP over HTTP, REST, the operator console, health, metrics), or with
 * {@code --stdio} serves MCP over standard input and output for desktop clients. {@code --help} lists the
 * options ({@link CommandLine}).
 */
public class Application {
    public static void main(String[] args) {
        CommandLine command = CommandLine.parse(args);
        switch (command.action()) {
            case HELP -> System.out.print(CommandLine.USAGE);
            case VERSION -> System.out.println("database-admin-server " + new BuildInfo().version());
            case USAGE_ERROR -> {
                System.err.println(command.error() + "\n");
                System.err.print(CommandLine.USAGE);
                System.exit(64); // EX_USAGE
            }
            case SERVE_STDIO -> System.exit(StdioRunner.run(command.micronautArgs(), command.properties()));
            case SERVE_HTTP -> Micronaut.build(command.micronautArgs()).properties(command.properties())
                    .mainClass(Application.class).banner(false).start();
        }
    }
}
