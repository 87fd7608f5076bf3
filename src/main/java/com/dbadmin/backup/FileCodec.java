package com.dbadmin.backup;

import com.dbadmin.backup.crypto.BackupKey;
import com.dbadmin.backup.crypto.ChunkedGcm;
import com.dbadmin.backup.crypto.SigningKey;
import com.dbadmin.backup.format.DumpWriter;

import javax.crypto.Mac;
import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The layers between the SQL text and the bytes in the store: gzip compression, then chunked
 * AES-256-GCM, with the stored bytes counted, hashed and signed (the manifest's size, SHA-256 and
 * HMAC) and the plain bytes counted. Reading applies the same layers in reverse.
 */
public final class FileCodec {
    private static final int BUFFER = 1 << 16;

    private FileCodec() {
    }

    /** A write pipeline over a store upload; {@link #finish()} completes the layers, not the upload. */
    public static final class Writer {
        private final Counter stored;
        private final Counter plain;
        private final OutputStream top;

        private Writer(OutputStream sink, boolean gzip, int level, BackupKey key, SigningKey signer) throws IOException {
            this.stored = new Counter(new NonClosing(sink), true, signer == null ? null : signer.mac());
            OutputStream layer = stored;
            if (key != null) {
                layer = ChunkedGcm.encrypt(layer, key);
            }
            if (gzip) {
                OutputStream below = layer;
                layer = new GZIPOutputStream(below, BUFFER) {
                    {
                        def.setLevel(level < 0 || level > 9 ? Deflater.DEFAULT_COMPRESSION : level);
                    }
                };
            }
            // Rows arrive in small writes; one buffer above the compressor keeps deflate calls large.
            this.plain = new Counter(new BufferedOutputStream(layer, BUFFER), false, null);
            this.top = plain;
        }

        public OutputStream stream() {
            return top;
        }

        /** Flushes and closes every layer (gzip trailer, last encrypted chunk); the sink stays open. */
        public void finish() throws IOException {
            top.close();
        }

        public long storedBytes() {
            return stored.count;
        }

        public String storedSha256() {
            return stored.sha256();
        }

        /** HMAC-SHA256 of the stored bytes under the signing key given to {@link #writer}. */
        public String storedHmac() {
            return stored.hmac();
        }

        public long plainBytes() {
            return plain.count;
        }
    }

    public static Writer writer(OutputStream sink, boolean gzip, int level, BackupKey key, SigningKey signer)
            throws IOException {
        return new Writer(sink, gzip, level, key, signer);
    }

    /** A read pipeline: the stored bytes are hashed as they are read (see {@link Reader#storedSha256()}). */
    public static final class Reader implements AutoCloseable {
        private final HashingInput stored;
        private final InputStream plain;

        private Reader(InputStream source, boolean gzip, boolean encrypted, Map<String, BackupKey> keys) throws IOException {
            this.stored = new HashingInput(source);
            InputStream layer = stored;
            if (encrypted) {
                layer = ChunkedGcm.decrypt(layer, keys);
            }
            if (gzip) {
                layer = new GZIPInputStream(layer, BUFFER);
            }
            this.plain = layer;
        }

        public InputStream stream() {
            return plain;
        }

        /** Reads whatever is left of the stored file, so its hash covers all of it. */
        public void drain() throws IOException {
            byte[] sink = new byte[BUFFER];
            while (stored.read(sink, 0, sink.length) >= 0) {
                // consume
            }
        }

        public long storedBytes() {
            return stored.count;
        }

        public String storedSha256() {
            return stored.sha256();
        }

        @Override
        public void close() throws IOException {
            plain.close();
        }
    }

    public static Reader reader(InputStream source, boolean gzip, boolean encrypted, Map<String, BackupKey> keys)
            throws IOException {
        return new Reader(source, gzip, encrypted, keys);
    }

    /** Whether a stored file name carries compression / encryption (the name is the authority). */
    public static boolean gzipped(String fileName) {
        String bare = fileName.endsWith(".enc") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return bare.endsWith(".gz");
    }

    public static boolean encrypted(String fileName) {
        return fileName.endsWith(".enc");
    }

    private static final class Counter extends FilterOutputStream {
        private final MessageDigest digest;
        private final Mac mac;
        private String sha256;
        private String hmac;
        long count;

        Counter(OutputStream out, boolean hash, Mac mac) {
            super(out);
            this.digest = hash ? DumpWriter.sha256Digest() : null;
            this.mac = mac;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            if (digest != null) {
                digest.update(b, off, len);
            }
            if (mac != null) {
                mac.update(b, off, len);
            }
            count += len;
        }

        String sha256() {
            if (sha256 == null) {
                sha256 = HexFormat.of().formatHex(digest.digest());
            }
            return sha256;
        }

        String hmac() {
            if (hmac == null) {
                hmac = mac == null ? null : HexFormat.of().formatHex(mac.doFinal());
            }
            return hmac;
        }
    }

    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }

    private static final class HashingInput extends FilterInputStream {
        private final MessageDigest digest = DumpWriter.sha256Digest();
        private String sha256;
        long count;

        HashingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipping would leave bytes out of the hash.
            byte[] sink = new byte[(int) Math.min(n, BUFFER)];
            int read = read(sink, 0, sink.length);
            return Math.max(read, 0);
        }

        String sha256() {
            if (sha256 == null) {
                sha256 = HexFormat.of().formatHex(digest.digest());
            }
            return sha256;
        }
    }
}
