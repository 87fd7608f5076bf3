package com.dbadmin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The command line: our options become settings, Micronaut's --name=value passes through, anything else is refused. */
class CommandLineTest {

    @Test
    void optionsBecomeSettings() {
        CommandLine line = CommandLine.parse(new String[]{"--stdio", "--read-only", "--database-url",
                "postgresql://u@h:5432/db", "--db-admin.access.tool-groups=query"});
        assertEquals(CommandLine.Action.SERVE_STDIO, line.action());
        assertEquals(Map.of("db-admin.access.read-only", "true", "db-admin.database.url", "postgresql://u@h:5432/db"),
                line.properties());
        assertEquals(List.of("--db-admin.access.tool-groups=query"), line.passThrough());
        assertEquals("postgresql://x/y", CommandLine.parse(new String[]{"--database-url=postgresql://x/y"})
                .properties().get("db-admin.database.url"));
        assertEquals(CommandLine.Action.SERVE_HTTP, CommandLine.parse(new String[0]).action());
    }

    @Test
    void helpAndVersionWin() {
        assertEquals(CommandLine.Action.HELP, CommandLine.parse(new String[]{"--stdio", "--help"}).action());
        assertEquals(CommandLine.Action.HELP, CommandLine.parse(new String[]{"-h"}).action());
        assertEquals(CommandLine.Action.VERSION, CommandLine.parse(new String[]{"--version"}).action());
        for (String option : new String[]{"--stdio", "--read-only", "--database-url", "--version", "--help"}) {
            assertTrue(CommandLine.USAGE.contains(option), option);
        }
    }

    @Test
    void unknownOptionsAndAMissingUrlAreUsageErrors() {
        CommandLine typo = CommandLine.parse(new String[]{"--readonly"});
        assertEquals(CommandLine.Action.USAGE_ERROR, typo.action());
        assertTrue(typo.error().contains("--readonly"));
        assertEquals(CommandLine.Action.USAGE_ERROR, CommandLine.parse(new String[]{"--database-url"}).action());
        assertEquals(CommandLine.Action.USAGE_ERROR, CommandLine.parse(new String[]{"--database-url", "--stdio"}).action());
        assertEquals(CommandLine.Action.USAGE_ERROR, CommandLine.parse(new String[]{"stdio"}).action());
    }
}
