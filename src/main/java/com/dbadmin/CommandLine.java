package com.dbadmin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: a few options of our own, turned into the settings they stand for, and Micronaut's
 * {@code --name=value} property form passed through. Anything else is refused with the usage, so a typo
 * never starts a server that silently ignores what was asked.
 */
record CommandLine(Action action, Map<String, Object> properties, List<String> passThrough, String error) {

    enum Action { SERVE_HTTP, SERVE_STDIO, HELP, VERSION, USAGE_ERROR }

    static final String USAGE = """
            Usage: java -jar database-admin-server.jar [options]

            Serves PostgreSQL administration tools over MCP (Streamable HTTP at /mcp), REST (/api), the operator
            console (/) and health/metrics; with --stdio, MCP over standard input and output instead.
            Without DATABASE_URL it starts an embedded PostgreSQL with demo data in the user data folder.

            Options:
              --stdio                 serve MCP over stdin/stdout (desktop clients); logs go to stderr
              --read-only             only read tools for every caller (DB_ADMIN_READ_ONLY=true)
              --database-url URL      the database (DATABASE_URL): postgresql://user:pass@host:5432/db or jdbc:...
              --version               print the version and exit
              --help                  print this help and exit
              --name=value            any setting by its property name (e.g. --db-admin.access.tool-groups=query,schema)

            Every setting also has an environment variable (DB_ADMIN_*, DATABASE_URL, BACKUP_*): see the README.
            """;

    static CommandLine parse(String[] args) {
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> passThrough = new ArrayList<>();
        Action action = Action.SERVE_HTTP;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return new CommandLine(Action.HELP, properties, passThrough, null);
                }
                case "--version" -> {
                    return new CommandLine(Action.VERSION, properties, passThrough, null);
                }
                case "--stdio" -> action = Action.SERVE_STDIO;
                case "--read-only" -> properties.put("db-admin.access.read-only", "true");
                case "--database-url" -> {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        return error("--database-url needs a URL, e.g. --database-url postgresql://user@localhost:5432/db");
                    }
                    properties.put("db-admin.database.url", args[++i]);
                }
                default -> {
                    if (arg.startsWith("--database-url=")) {
                        properties.put("db-admin.database.url", arg.substring("--database-url=".length()));
                    } else if (arg.startsWith("--") && arg.indexOf('=') > 2) {
                        passThrough.add(arg);
                    } else {
                        return error("Unknown option '" + arg + "'");
                    }
                }
            }
        }
        return new CommandLine(action, properties, passThrough, null);
    }

    private static CommandLine error(String message) {
        return new CommandLine(Action.USAGE_ERROR, Map.of(), List.of(), message);
    }

    String[] micronautArgs() {
        return passThrough.toArray(String[]::new);
    }
}
