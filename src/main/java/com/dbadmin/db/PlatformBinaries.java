package com.dbadmin.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;

import java.io.IOException;
import java.io.InputStream;

/**
 * Finds the embedded PostgreSQL archive for the running platform. zonky's macOS archive is one universal
 * build (x86-64 and arm64 in each binary), published identically as darwin-amd64 and darwin-arm64v8; the
 * runnable jar carries it once, under the x86-64 name, and this serves it to Apple silicon as well (zonky's
 * own fallback would do so too, but warns that it runs under emulation, which a universal build does not).
 * Every other platform is resolved by zonky as usual.
 */
final class PlatformBinaries implements PgBinaryResolver {
    static final PlatformBinaries INSTANCE = new PlatformBinaries();
    static final String MACOS_UNIVERSAL = "postgres-darwin-x86_64.txz";

    private PlatformBinaries() {
    }

    @Override
    public InputStream getPgBinary(String system, String machineHardware) throws IOException {
        if ("Darwin".equals(system)) {
            InputStream universal = PlatformBinaries.class.getResourceAsStream("/" + MACOS_UNIVERSAL);
            if (universal != null) {
                return universal;
            }
        }
        return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    }
}
