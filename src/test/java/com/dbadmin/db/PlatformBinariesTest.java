package com.dbadmin.db;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Every desktop platform the README promises a zero-configuration start on finds its PostgreSQL archive
 * (an xz file) through the resolver the embedded database uses: Linux x86-64 and ARM64, macOS Intel and
 * Apple silicon (one universal archive), Windows x86-64. The archive for this machine is started by every
 * embedded test and by ZeroConfigStdioIT.
 */
class PlatformBinariesTest {
    private static final byte[] XZ_MAGIC = {(byte) 0xFD, '7', 'z', 'X', 'Z', 0};

    @ParameterizedTest
    @CsvSource({"Linux,x86_64", "Linux,aarch64", "Darwin,x86_64", "Darwin,aarch64", "Windows,x86_64"})
    void eachPlatformHasItsArchive(String system, String architecture) throws Exception {
        try (InputStream archive = PlatformBinaries.INSTANCE.getPgBinary(system, architecture)) {
            assertNotNull(archive, system + "/" + architecture);
            assertArrayEquals(XZ_MAGIC, archive.readNBytes(XZ_MAGIC.length), system + "/" + architecture);
        }
    }
}
