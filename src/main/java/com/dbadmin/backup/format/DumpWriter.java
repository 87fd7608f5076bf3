package com.dbadmin.backup.format;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes a planned dump: header, table of contents, then each entry's SQL; table data streams straight
 * from COPY into the output while its rows are counted and hashed (SHA-256), so memory does not grow
 * with the data.
 */
public final class DumpWriter {
    private final OutputStream out;

    public DumpWriter(OutputStream out) {
        this.out = out;
    }

    /** Produces a table's COPY text (rows ending in newlines) into {@code target}. */
    @FunctionalInterface
    public interface TableCopier {
        void copy(String source, OutputStream target) throws SQLException, IOException;
    }

    /** Runs a query that returns one text value: the SQL of an entry rendered when it is written. */
    @FunctionalInterface
    public interface Renderer {
        String render(String query) throws SQLException;
    }

    /** Rows, bytes and SHA-256 of one table's data as written. */
    public record TableStats(String key, String name, long rows, long bytes, String sha256) {
    }

    /**
     * Writes a whole planned dump, table data copied from the database by {@code copier}, rendered
     * entries produced by {@code renderer}.
     */
    public List<TableStats> write(DumpHeader header, List<PlannedEntry> entries, TableCopier copier, Renderer renderer)
            throws IOException, SQLException {
        begin(header, entries.stream().map(PlannedEntry::toc).toList());
        List<TableStats> stats = new ArrayList<>();
        for (PlannedEntry entry : entries) {
            String sql = entry.rendered() ? renderer.render(entry.source()) : entry.sql();
            TableStats table = entry(entry.toc(), sql, target -> copier.copy(entry.source(), target));
            if (table != null) {
                stats.add(table);
            }
        }
        end();
        return stats;
    }

    /** Produces a table's rows (COPY text, each ending in a newline) into {@code target}. */
    @FunctionalInterface
    public interface Rows {
        void writeTo(OutputStream target) throws SQLException, IOException;
    }

    /** The head of a dump: comments for people, the format marker and the table of contents. */
    public void begin(DumpHeader header, List<TocEntry> toc) throws IOException {
        line("-- database-admin-server " + header.type() + " backup " + header.id() + ", snapshot of database "
                + oneLine(header.database()) + " (" + oneLine(header.serverVersion()) + ") at " + header.created());
        line("-- Plain SQL. Restore with: psql -X -v ON_ERROR_STOP=1 -d <database> -f <this file>");
        line("-- (gunzip .gz files first; decrypt .enc files first, see docs/backup.md).");
        line(DumpFormat.FORMAT_MARKER + DumpFormat.JSON.writeValueAsString(header));
        for (TocEntry entry : toc) {
            line(DumpFormat.TOC_MARKER + DumpFormat.JSON.writeValueAsString(entry));
        }
    }

    /** One entry: its SQL and, for table data, its rows and the terminator; returns the data's stats. */
    public TableStats entry(TocEntry toc, String sql, Rows rows) throws IOException, SQLException {
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        out.write('\n');
        line(DumpFormat.ENTRY_MARKER + "{\"id\":" + toc.id() + ",\"len\":" + text.length + "}");
        out.write(text);
        if (!toc.isTableData()) {
            return null;
        }
        DataCounter counter = new DataCounter(out);
        rows.writeTo(counter);
        if (counter.lastByte != '\n' && counter.bytes > 0) {
            throw new IOException("COPY output of " + toc.key() + " did not end with a newline");
        }
        out.write(DumpFormat.COPY_END);
        return new TableStats(toc.key(), toc.schema() + "." + toc.name(), counter.rows, counter.bytes, counter.sha256());
    }

    /** The end marker: a file without it is incomplete. */
    public void end() throws IOException {
        out.write('\n');
        line(DumpFormat.END_MARKER);
        out.flush();
    }

    /** Text for a comment line: a line break in a database name must not end the comment. */
    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("[\\x00-\\x1f\\x7f]", "?");
    }

    private void line(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
    }

    /**
     * Passes COPY text through, counting rows (in COPY text format every row ends with an unescaped
     * newline, and newlines inside values are escaped) and hashing it.
     */
    static final class DataCounter extends OutputStream {
        private final OutputStream target;
        private final MessageDigest digest;
        long rows;
        long bytes;
        int lastByte = -1;

        DataCounter(OutputStream target) {
            this.target = target;
            this.digest = sha256Digest();
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            for (int i = off; i < off + len; i++) {
                if (b[i] == '\n') {
                    rows++;
                }
            }
            digest.update(b, off, len);
            bytes += len;
            lastByte = b[off + len - 1];
            target.write(b, off, len);
        }

        String sha256() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    /** Rows and SHA-256 of a table's data without writing it anywhere (incremental change detection). */
    public static TableStats measure(String key, String name, String source, TableCopier copier)
            throws IOException, SQLException {
        DataCounter counter = new DataCounter(OutputStream.nullOutputStream());
        copier.copy(source, counter);
        return new TableStats(key, name, counter.rows, counter.bytes, counter.sha256());
    }

    public static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
