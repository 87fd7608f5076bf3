package com.dbadmin;

import com.dbadmin.support.McpClients;
import com.dbadmin.support.StdioProcess;
import com.dbadmin.support.TestDatabase;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The runnable jar carries the embedded PostgreSQL for every desktop platform, the console and Swagger UI,
 * and its command line works (--help, --version, --read-only, --database-url, unknown options refused); the
 * Lambda jar (when built, as .ci/run does) carries no PostgreSQL binaries.
 */
class PackagedJarIT {
    private static final Set<String> ARCHIVES = Set.of("postgres-linux-x86_64.txz", "postgres-linux-arm_64.txz",
            "postgres-darwin-x86_64.txz", "postgres-windows-x86_64.txz");

    @Test
    void theRunnableJarCarriesEveryPlatformsBinariesAndTheWebPages() throws Exception {
        Path jar = Path.of(System.getProperty("app.jar"));
        try (JarFile file = new JarFile(jar.toFile())) {
            Set<String> archives = archives(file);
            assertEquals(new TreeSet<>(ARCHIVES), archives);
            assertNotNull(file.getEntry("console/index.html"));
            assertNotNull(file.getEntry("console/console.js"));
            assertTrue(file.stream().anyMatch(entry -> entry.getName().endsWith("swagger-ui/"
                    + System.getProperty("swagger-ui.version", "") + "/swagger-ui-bundle.js")
                    || entry.getName().endsWith("/swagger-ui-bundle.js")));
        }
        System.out.printf("runnable jar: %,d bytes%n", Files.size(jar));
    }

    @Test
    void theCommandLineAnswersHelpVersionAndRefusesUnknownOptions() throws Exception {
        Run version = run("--version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().startsWith("database-admin-server "), version.output());
        Run help = run("--help");
        assertEquals(0, help.exit(), help.output());
        for (String option : List.of("--stdio", "--read-only", "--database-url", "--version")) {
            assertTrue(help.output().contains(option), help.output());
        }
        Run typo = run("--readonly");
        assertEquals(64, typo.exit(), typo.output());
        assertTrue(typo.output().contains("Unknown option '--readonly'"), typo.output());
    }

    @Test
    void readOnlyAndDatabaseUrlOptionsReachAStdioServer() throws Exception {
        ProcessBuilder command = new ProcessBuilder(McpClients.javaBinary(), "-jar", System.getProperty("app.jar"),
                "--stdio", "--read-only", "--database-url", TestDatabase.jdbcUrl() + "?user=postgres");
        try (StdioProcess server = new StdioProcess(command, ProcessBuilder.Redirect.DISCARD)) {
            JsonNode init = server.initialize("2025-06-18");
            assertTrue(init.has("result"), init.toString());
            server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            JsonNode list = server.next(Duration.ofSeconds(60));
            assertNotNull(list);
            String tools = list.at("/result/tools").toString();
            assertTrue(tools.contains("\"db_query_records\""), tools);
            assertFalse(tools.contains("\"db_insert_record\"") || tools.contains("\"db_restore_full\""), tools);
            server.closeInput();
            assertTrue(server.waitFor(Duration.ofSeconds(60)));
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(McpClients.javaBinary(), "-jar", System.getProperty("app.jar")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return new Run(process.exitValue(), output);
    }

    @Test
    void theLambdaJarCarriesNoPostgreSqlBinaries() throws Exception {
        Path lambda = Path.of(System.getProperty("app.jar")).resolveSibling("database-admin-server-lambda.jar");
        Assumptions.assumeTrue(Files.exists(lambda),
                "the Lambda jar was not built in this run (./mvnw -P lambda package builds it; .ci/run does)");
        try (JarFile file = new JarFile(lambda.toFile())) {
            assertEquals(Set.of(), archives(file));
        }
        System.out.printf("lambda jar: %,d bytes%n", Files.size(lambda));
    }

    private static Set<String> archives(JarFile file) {
        Set<String> archives = new TreeSet<>();
        file.stream().map(entry -> entry.getName()).filter(name -> name.startsWith("postgres-") && name.endsWith(".txz"))
                .forEach(archives::add);
        return archives;
    }
}
