package com.dbadmin;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The runnable jar carries the embedded PostgreSQL for every desktop platform, the console and Swagger UI;
 * the Lambda jar (when built, as .ci/run does) carries no PostgreSQL binaries.
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
