package com.dbadmin.backup.format;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a dump written by {@link DumpWriter}: the header and table of contents first, then entries one
 * at a time. Table data is handed out as a stream that ends at the {@code \.} line, counted and hashed
 * on the way, so a restore streams rows into COPY without holding them. Anything that does not follow
 * the format (a cut file, a foreign file) fails with {@link DumpFormatException}.
 */
public final class DumpReader implements AutoCloseable {
    private static final int MAX_LINE = 64 * 1024 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private boolean eof;
    private DumpHeader header;
    private final Map<Integer, TocEntry> toc = new LinkedHashMap<>();
    private String pendingLine;
    private DataStream openData;
    private boolean ended;

    public DumpReader(InputStream in) {
        this.in = in;
    }

    /** Reads the header and the table of contents (call before {@link #next()}). */
    public DumpHeader open() throws IOException {
        String line;
        int scanned = 0;
        while ((line = readLine()) != null && !line.startsWith(DumpFormat.FORMAT_MARKER)) {
            if (++scanned > 20 || !(line.isEmpty() || line.startsWith("--"))) {
                throw new DumpFormatException("not a backup written by database-admin-server (no format marker)");
            }
        }
        if (line == null) {
            throw new DumpFormatException("not a backup written by database-admin-server (no format marker)");
        }
        header = DumpFormat.JSON.readValue(line.substring(DumpFormat.FORMAT_MARKER.length()), DumpHeader.class);
        if (header.version() != DumpFormat.VERSION) {
            throw new DumpFormatException("unsupported backup format version " + header.version());
        }
        while ((line = readLine()) != null && line.startsWith(DumpFormat.TOC_MARKER)) {
            TocEntry entry = DumpFormat.JSON.readValue(line.substring(DumpFormat.TOC_MARKER.length()), TocEntry.class);
            toc.put(entry.id(), entry);
        }
        pendingLine = line;
        return header;
    }

    public DumpHeader header() {
        return header;
    }

    public List<TocEntry> toc() {
        return new ArrayList<>(toc.values());
    }

    /**
     * The next entry, or null after the end marker. The previous entry's data, if any, must have been
     * read to its end (or {@link Entry#skipData()} called).
     */
    public Entry next() throws IOException {
        if (ended) {
            return null;
        }
        if (openData != null && !openData.finished) {
            throw new IllegalStateException("the previous entry's data was not consumed");
        }
        String line = pendingLine != null ? pendingLine : readLine();
        pendingLine = null;
        while (line != null && line.isEmpty()) {
            line = readLine();
        }
        if (line == null) {
            throw new DumpFormatException("the backup is truncated (no end marker)");
        }
        if (line.equals(DumpFormat.END_MARKER)) {
            ended = true;
            return null;
        }
        if (!line.startsWith(DumpFormat.ENTRY_MARKER)) {
            throw new DumpFormatException("the backup is corrupt (expected an entry marker)");
        }
        JsonNode marker = DumpFormat.JSON.readTree(line.substring(DumpFormat.ENTRY_MARKER.length()));
        TocEntry entry = toc.get(marker.path("id").asInt(-1));
        int length = marker.path("len").asInt(-1);
        if (entry == null || length < 0 || length > MAX_LINE) {
            throw new DumpFormatException("the backup is corrupt (unknown entry)");
        }
        String sql = new String(readExactly(length), StandardCharsets.UTF_8);
        openData = entry.isTableData() ? new DataStream() : null;
        return new Entry(entry, sql, openData);
    }

    /** Whether the end marker was reached (the file is complete). */
    public boolean ended() {
        return ended;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One entry: its table of contents record, its SQL and, for table data, its rows. */
    public static final class Entry {
        private final TocEntry toc;
        private final String sql;
        private final DataStream data;

        Entry(TocEntry toc, String sql, DataStream data) {
            this.toc = toc;
            this.sql = sql;
            this.data = data;
        }

        public TocEntry toc() {
            return toc;
        }

        public String sql() {
            return sql;
        }

        /** COPY text rows (without the terminating line); only for table_data. */
        public InputStream data() {
            if (data == null) {
                throw new IllegalStateException(toc.kind() + " has no data");
            }
            return data;
        }

        public void skipData() throws IOException {
            if (data != null) {
                byte[] sink = new byte[1 << 16];
                while (data.read(sink, 0, sink.length) >= 0) {
                    // drain
                }
            }
        }

        /** Rows seen so far (all of them once the data stream has ended). */
        public long rows() {
            return data == null ? 0 : data.rows;
        }

        public long bytes() {
            return data == null ? 0 : data.bytes;
        }

        /** SHA-256 of the data; valid once the stream has ended. */
        public String sha256() {
            if (data == null || !data.finished) {
                throw new IllegalStateException("data not read to its end");
            }
            return data.sha256;
        }
    }

    /** Rows of one COPY block, ending before the "\." line. */
    private final class DataStream extends InputStream {
        private final MessageDigest digest = DumpWriter.sha256Digest();
        private boolean atLineStart = true;
        private boolean finished;
        private long rows;
        private long bytes;
        private String sha256;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (finished) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            ensure(3);
            if (limit - position == 0) {
                throw new DumpFormatException("the backup is truncated (table data does not end)");
            }
            if (atLineStart && limit - position >= 3 && buffer[position] == '\\' && buffer[position + 1] == '.'
                    && buffer[position + 2] == '\n') {
                position += 3;
                finished = true;
                sha256 = HexFormat.of().formatHex(digest.digest());
                return -1;
            }
            // Copy as many whole or partial lines as fit; stop after a newline that is followed by a
            // backslash, so the next call can check for the terminator at a line start.
            int end = Math.min(limit, position + len);
            int n = 0;
            long newlines = 0;
            for (int i = position; i < end; i++) {
                n++;
                if (buffer[i] == '\n') {
                    newlines++;
                    if (i + 1 < limit && buffer[i + 1] == '\\') {
                        break;
                    }
                }
            }
            System.arraycopy(buffer, position, b, off, n);
            digest.update(buffer, position, n);
            position += n;
            bytes += n;
            rows += newlines;
            atLineStart = b[off + n - 1] == '\n';
            return n;
        }
    }

    /** Makes at least {@code count} bytes available unless the stream ends first. */
    private void ensure(int count) throws IOException {
        if (limit - position >= count || eof) {
            return;
        }
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
        while (limit < count && !eof) {
            int n = in.read(buffer, limit, buffer.length - limit);
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
    }

    private String readLine() throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(128);
        while (true) {
            ensure(1);
            if (limit == position) {
                return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            line.write(buffer, start, position - start);
            if (line.size() > MAX_LINE) {
                throw new DumpFormatException("the backup is corrupt (line too long)");
            }
            if (position < limit) {
                position++; // the newline
                return line.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] bytes = new byte[length];
        int filled = 0;
        while (filled < length) {
            ensure(1);
            if (limit == position) {
                throw new DumpFormatException("the backup is truncated");
            }
            int n = Math.min(length - filled, limit - position);
            System.arraycopy(buffer, position, bytes, filled, n);
            position += n;
            filled += n;
        }
        return bytes;
    }
}
