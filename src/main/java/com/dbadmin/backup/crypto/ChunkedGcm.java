package com.dbadmin.backup.crypto;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Map;

/**
 * Streaming AES-256-GCM in authenticated chunks, so a backup of any size is encrypted and decrypted
 * with one chunk in memory. The JDK only offers GCM over a whole message, which would hold the whole
 * backup; this small framing (in the spirit of Tink's streaming AEAD, which we don't pull in for one
 * class) makes it stream.
 *
 * <pre>
 * header: "DBADMENC" | version (1) | chunk size (int32) | key id (8) | salt (16)
 * chunk:  flag (1: 0 = more follow, 1 = last) | AES-GCM(ciphertext + 16-byte tag)
 * </pre>
 * Each file has its own key (HKDF of the master key and the salt). The nonce of chunk i is i (64-bit,
 * big-endian, zero-padded to 12 bytes) and the associated data is the header plus the chunk's flag, so
 * chunks cannot be reordered, dropped, duplicated or moved between files, and a file cut at a chunk
 * boundary is detected because its last chunk is not flagged as last.
 */
public final class ChunkedGcm {
    public static final byte[] MAGIC = "DBADMENC".getBytes(StandardCharsets.US_ASCII);
    public static final int DEFAULT_CHUNK_SIZE = 256 * 1024;
    private static final int VERSION = 1;
    private static final int HEADER_LENGTH = MAGIC.length + 1 + 4 + 8 + 16;
    private static final int TAG_BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ChunkedGcm() {
    }

    public static OutputStream encrypt(OutputStream out, BackupKey key) throws IOException {
        return encrypt(out, key, DEFAULT_CHUNK_SIZE);
    }

    public static OutputStream encrypt(OutputStream out, BackupKey key, int chunkSize) throws IOException {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH);
        header.put(MAGIC).put((byte) VERSION).putInt(chunkSize).put(key.id()).put(salt);
        byte[] headerBytes = header.array();
        out.write(headerBytes);
        return new EncryptingStream(out, new SecretKeySpec(key.fileKey(salt), "AES"), headerBytes, chunkSize);
    }

    /**
     * Opens an encrypted stream with the key whose id its header names.
     *
     * @throws EncryptionException when the stream is not encrypted, or no configured key matches
     */
    public static InputStream decrypt(InputStream in, Map<String, BackupKey> keysById) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] header = new byte[HEADER_LENGTH];
        try {
            data.readFully(header);
        } catch (EOFException e) {
            throw new EncryptionException("the file is too short to be an encrypted backup");
        }
        if (!Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new EncryptionException("the file is not an encrypted backup");
        }
        ByteBuffer fields = ByteBuffer.wrap(header, MAGIC.length, HEADER_LENGTH - MAGIC.length);
        int version = fields.get();
        if (version != VERSION) {
            throw new EncryptionException("unsupported encryption format version " + version);
        }
        int chunkSize = fields.getInt();
        if (chunkSize <= 0 || chunkSize > 64 * 1024 * 1024) {
            throw new EncryptionException("corrupt encryption header");
        }
        byte[] keyId = new byte[8];
        fields.get(keyId);
        byte[] salt = new byte[16];
        fields.get(salt);
        BackupKey key = keysById.get(java.util.HexFormat.of().formatHex(keyId));
        if (key == null) {
            throw new EncryptionException(keysById.isEmpty()
                    ? "the backup is encrypted; configure DB_ADMIN_BACKUP_ENCRYPTION_KEY with the key it was written with"
                    : "the backup was encrypted with a different key (id " + java.util.HexFormat.of().formatHex(keyId)
                    + "); configure that key in DB_ADMIN_BACKUP_ENCRYPTION_KEY or DB_ADMIN_BACKUP_PREVIOUS_KEYS");
        }
        return new DecryptingStream(data, new SecretKeySpec(key.fileKey(salt), "AES"), header, chunkSize);
    }

    private static byte[] nonce(long index) {
        return ByteBuffer.allocate(12).putInt(0).putLong(index).array();
    }

    private static byte[] aad(byte[] header, boolean last) {
        byte[] aad = Arrays.copyOf(header, header.length + 1);
        aad[header.length] = (byte) (last ? 1 : 0);
        return aad;
    }

    private static final class EncryptingStream extends FilterOutputStream {
        private final SecretKeySpec key;
        private final byte[] header;
        private final byte[] buffer;
        private final Cipher cipher;
        private int filled;
        private long index;
        private boolean closed;

        EncryptingStream(OutputStream out, SecretKeySpec key, byte[] header, int chunkSize) {
            super(out);
            this.key = key;
            this.header = header;
            this.buffer = new byte[chunkSize];
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM is not available", e);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                // A full buffer is only sealed once more data arrives: the last chunk must carry the flag.
                if (filled == buffer.length) {
                    seal(false);
                }
                int n = Math.min(len, buffer.length - filled);
                System.arraycopy(b, off, buffer, filled, n);
                filled += n;
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(index++)));
                cipher.updateAAD(aad(header, last));
                byte[] sealed = cipher.doFinal(buffer, 0, filled);
                out.write(last ? 1 : 0);
                out.write(sealed);
                filled = 0;
            } catch (GeneralSecurityException e) {
                throw new IOException("encryption failed", e);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            try {
                seal(true);
                out.flush();
            } finally {
                out.close();
            }
        }
    }

    private static final class DecryptingStream extends InputStream {
        private final DataInputStream in;
        private final SecretKeySpec key;
        private final byte[] header;
        private final int chunkSize;
        private final Cipher cipher;
        private final byte[] sealed;
        private byte[] plain = new byte[0];
        private int position;
        private long index;
        private boolean sawLast;

        DecryptingStream(DataInputStream in, SecretKeySpec key, byte[] header, int chunkSize) {
            this.in = in;
            this.key = key;
            this.header = header;
            this.chunkSize = chunkSize;
            this.sealed = new byte[chunkSize + TAG_BYTES];
            try {
                this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("AES/GCM is not available", e);
            }
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == plain.length) {
                if (sawLast) {
                    return -1;
                }
                nextChunk();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void nextChunk() throws IOException {
            int flag = in.read();
            if (flag < 0) {
                throw new EncryptionException("the encrypted backup is truncated (its last chunk is missing)");
            }
            if (flag != 0 && flag != 1) {
                throw new EncryptionException("the encrypted backup is corrupt (bad chunk flag)");
            }
            boolean last = flag == 1;
            int length;
            if (last) {
                length = readUpTo(sealed, sealed.length);
                if (in.read() >= 0) {
                    throw new EncryptionException("the encrypted backup is corrupt (data after its last chunk)");
                }
            } else {
                length = readUpTo(sealed, sealed.length);
                if (length < sealed.length) {
                    throw new EncryptionException("the encrypted backup is truncated");
                }
            }
            if (length < TAG_BYTES) {
                throw new EncryptionException("the encrypted backup is truncated");
            }
            try {
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BYTES * 8, nonce(index++)));
                cipher.updateAAD(aad(header, last));
                plain = cipher.doFinal(sealed, 0, length);
            } catch (javax.crypto.AEADBadTagException e) {
                throw new EncryptionException("the encrypted backup failed authentication at chunk " + (index - 1)
                        + ": it was modified, reordered or cut, or the key is wrong");
            } catch (GeneralSecurityException e) {
                throw new IOException("decryption failed", e);
            }
            position = 0;
            sawLast = last;
        }

        private int readUpTo(byte[] target, int max) throws IOException {
            int total = 0;
            while (total < max) {
                int n = in.read(target, total, max - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
