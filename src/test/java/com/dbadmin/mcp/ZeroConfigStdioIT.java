package com.dbadmin.mcp;

import com.dbadmin.support.McpClients;
import com.dbadmin.support.OtherUser;
import com.dbadmin.support.StdioProcess;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The packaged jar started as a desktop client starts it: as an ordinary user, from {@code /}, with
 * {@code --stdio}, no DATABASE_URL and nothing in the environment but HOME. The embedded PostgreSQL lives in
 * the user data folder, and initialize, tools/list and a query on the demo data work. Without a usable
 * HOME the client's initialize gets a JSON-RPC error naming what failed and the variable that fixes it,
 * and the process exits non-zero.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZeroConfigStdioIT {
    private OtherUser user;
    private Path jar;

    @BeforeAll
    void prepare() throws Exception {
        user = OtherUser.prepare();
        if (user.unavailableBecause() != null) {
            System.out.println("SKIPPED ZeroConfigStdioIT: " + user.unavailableBecause());
        }
        Assumptions.assumeTrue(user.unavailableBecause() == null, () -> "no ordinary user: " + user.unavailableBecause());
        jar = OtherUser.readableCopy(Path.of(System.getProperty("app.jar")));
    }

    private StdioProcess start(List<String> env, Path stderr) throws Exception {
        ProcessBuilder command = user.command(env, List.of(McpClients.javaBinary(), "-jar", jar.toString(), "--stdio"));
        command.directory(new File("/"));
        return new StdioProcess(command, ProcessBuilder.Redirect.to(stderr.toFile()));
    }

    @Test
    void startsFromRootWithOnlyHomeAndQueriesTheDemoData() throws Exception {
        Path home = user.ownedFolder("dbadmin-home");
        Path stderr = Files.createTempFile("zero-config-stdio", ".log");
        try (StdioProcess server = start(List.of("HOME=" + home), stderr)) {
            JsonNode init = server.initialize("2025-06-18");
            assertTrue(init.has("result"), () -> init + "\n" + read(stderr));
            assertEquals("database-admin-server", init.at("/result/serverInfo/name").asText());

            server.send("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/list\"}");
            JsonNode list = server.next(Duration.ofSeconds(60));
            assertNotNull(list, () -> read(stderr));
            assertTrue(list.at("/result/tools").toString().contains("\"db_query_records\""), list.toString());

            server.send("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"db_query_records\","
                    + "\"arguments\":{\"table\":\"books\",\"columns\":[\"id\",\"title\"],\"limit\":2}}}");
            JsonNode query = server.next(Duration.ofSeconds(60));
            assertNotNull(query, () -> read(stderr));
            assertFalse(query.at("/result/isError").asBoolean(), query.toString());
            assertEquals(2, query.at("/result/structuredContent/records").size(), query.toString());

            server.closeInput();
            assertTrue(server.waitFor(Duration.ofSeconds(60)), "exits at end of input");
            assertEquals(0, server.exitValue(), () -> read(stderr));
            assertEquals(List.of(), server.strayLines(), "stdout carries JSON-RPC only");
        }
        Path data = home.resolve(".local/share/database-admin-server/postgres");
        assertTrue(Files.exists(data.resolve("PG_VERSION")), "the data folder is in the user data folder: " + data);
        assertFalse(Files.exists(data.resolve("postmaster.pid")), "PostgreSQL stopped with the process");
    }

    @Test
    void withoutAUsableHomeInitializeGetsTheReasonAndTheProcessFails() throws Exception {
        // HOME names a folder the user cannot create; then no HOME at all (the account's home does not exist).
        for (List<String> env : List.of(List.of("HOME=/nonexistent-dbadmin-home"), List.<String>of())) {
            Path stderr = Files.createTempFile("zero-config-stdio-fail", ".log");
            try (StdioProcess server = start(env, stderr)) {
                server.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                        + "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"desktop\",\"version\":\"1\"}}}");
                JsonNode init = server.next(Duration.ofSeconds(120));
                assertNotNull(init, () -> "no answer to initialize\n" + read(stderr));
                assertEquals(-32000, init.at("/error/code").asInt(), () -> init + "\n" + read(stderr));
                String message = init.at("/error/message").asText();
                assertTrue(message.contains("could not start"), message);
                assertTrue(message.contains("DB_ADMIN_DATA_DIR"), message);
                assertTrue(message.contains("DATABASE_URL") || message.contains("HOME"), message);
                assertTrue(server.waitFor(Duration.ofSeconds(60)), "exits after answering");
                assertNotEquals(0, server.exitValue());
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (Exception e) {
            return "";
        }
    }
}
