package com.dbadmin.backup.crypto;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Chunked AES-256-GCM: round trips at every size, and any change, reordering or cut is detected. */
class ChunkedGcmTest {
    static final BackupKey KEY = BackupKey.parse(Base64.getEncoder().encodeToString(bytes(32, 1)));
    static final BackupKey OTHER = BackupKey.parse(Base64.getEncoder().encodeToString(bytes(32, 2)));
    static final int CHUNK = 64;
    static final int SEALED = 1 + CHUNK + 16;
    static final int HEADER = 8 + 1 + 4 + 8 + 16;

    @Test
    void roundTripsEmptyPartialExactAndManyChunks() throws IOException {
        for (int size : new int[]{0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 10 * CHUNK, 10 * CHUNK + 7}) {
            byte[] plain = bytes(size, size);
            assertArrayEquals(plain, decrypt(encrypt(plain, KEY), KEY), "size " + size);
        }
    }

    @Test
    void sameInputEncryptsDifferentlyEachTime() throws IOException {
        byte[] plain = bytes(300, 3);
        assertFalse(Arrays.equals(encrypt(plain, KEY), encrypt(plain, KEY)), "fresh salt, fresh file key");
    }

    @Test
    void tamperingReorderingTruncationAndWrongKeysFail() throws IOException {
        byte[] plain = bytes(5 * CHUNK + 10, 4);
        byte[] sealed = encrypt(plain, KEY);

        byte[] flipped = sealed.clone();
        flipped[HEADER + SEALED + 10] ^= 1;
        assertThrows(EncryptionException.class, () -> decrypt(flipped, KEY));

        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, HEADER, swapped, HEADER + SEALED, SEALED);
        System.arraycopy(sealed, HEADER + SEALED, swapped, HEADER, SEALED);
        assertThrows(EncryptionException.class, () -> decrypt(swapped, KEY), "chunks cannot be reordered");

        byte[] cutAtBoundary = Arrays.copyOf(sealed, HEADER + 2 * SEALED);
        EncryptionException cut = assertThrows(EncryptionException.class, () -> decrypt(cutAtBoundary, KEY));
        assertTrue(cut.getMessage().contains("truncated"), cut.getMessage());

        byte[] cutInside = Arrays.copyOf(sealed, sealed.length - 3);
        assertThrows(EncryptionException.class, () -> decrypt(cutInside, KEY));

        byte[] extended = Arrays.copyOf(sealed, sealed.length + 1);
        assertThrows(EncryptionException.class, () -> decrypt(extended, KEY));

        byte[] header = sealed.clone();
        header[HEADER - 1] ^= 1; // the salt: another file key, and the header is authenticated data
        assertThrows(EncryptionException.class, () -> decrypt(header, KEY));

        EncryptionException wrongKey = assertThrows(EncryptionException.class, () -> decrypt(sealed, OTHER));
        assertTrue(wrongKey.getMessage().contains("different key"), wrongKey.getMessage());
        EncryptionException noKey = assertThrows(EncryptionException.class,
                () -> ChunkedGcm.decrypt(new ByteArrayInputStream(sealed), Map.of()).readAllBytes());
        assertTrue(noKey.getMessage().contains("DB_ADMIN_BACKUP_ENCRYPTION_KEY"), noKey.getMessage());
        assertThrows(EncryptionException.class, () -> decrypt("plain text, not encrypted at all".getBytes(), KEY));
    }

    @Test
    void keysMustBe32BytesOfBase64() {
        assertThrows(IllegalArgumentException.class, () -> BackupKey.parse("c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> BackupKey.parse("not base64 !!"));
        assertEquals(KEY.idHex(), BackupKey.parse(Base64.getEncoder().encodeToString(bytes(32, 1))).idHex());
        assertNotEquals(KEY.idHex(), OTHER.idHex());
    }

    static byte[] encrypt(byte[] plain, BackupKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream encrypting = ChunkedGcm.encrypt(out, key, CHUNK)) {
            // Odd write sizes cross chunk boundaries.
            for (int i = 0; i < plain.length; i += 7) {
                encrypting.write(plain, i, Math.min(7, plain.length - i));
            }
        }
        return out.toByteArray();
    }

    static byte[] decrypt(byte[] sealed, BackupKey key) throws IOException {
        try (InputStream in = ChunkedGcm.decrypt(new ByteArrayInputStream(sealed), Map.of(key.idHex(), key))) {
            return in.readAllBytes();
        }
    }

    static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
