package com.dbadmin.backup.format;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The dump format both ways: what {@link DumpWriter} writes, {@link DumpReader} reads back exactly
 * (header, table of contents, each entry's SQL, table rows with their counts and SHA-256), however the
 * bytes arrive; and a file that is cut, foreign or damaged fails with {@link DumpFormatException}.
 */
class DumpReaderTest {
    private static final DumpHeader HEADER = new DumpHeader(DumpFormat.VERSION, "full-20240229-134530", "full",
            "2024-02-29T13:45:30Z", "shop\nname", "15.19", "1.0.0", null);
    /** COPY text: a NULL, an escaped newline and tab, a leading backslash, a row that looks like the end. */
    private static final String ORDERS = "1\t\\N\n2\tline\\nbreak\\tand tab\n3\t\\\\.\n\\\\.\n";

    private static List<PlannedEntry> plan(String largeRows) {
        TocEntry session = TocEntry.builder(TocEntry.CONTROL, "session").build().withId(1);
        TocEntry table = TocEntry.builder(TocEntry.PRE, "table").key("table:\"shop\".\"orders\"").schema("shop")
                .name("orders").build().withId(2);
        TocEntry orders = TocEntry.builder(TocEntry.DATA, "table_data").key("table:\"shop\".\"orders\"").schema("shop")
                .name("orders").columns(List.of("id", "note")).build().withId(3);
        TocEntry empty = TocEntry.builder(TocEntry.DATA, "table_data").key("table:\"shop\".\"empty\"").schema("shop")
                .name("empty").columns(List.of("id")).build().withId(4);
        TocEntry large = TocEntry.builder(TocEntry.DATA, "table_data").key("table:\"shop\".\"large\"").schema("shop")
                .name("large").columns(List.of("id")).build().withId(5);
        // SQL that contains the markers themselves: entries are read by length, never by scanning for markers.
        TocEntry tricky = TocEntry.builder(TocEntry.POST, "comment").owner("table:\"shop\".\"orders\"").build().withId(6);
        return List.of(
                PlannedEntry.of(session, DumpFormat.SESSION_SETTINGS),
                PlannedEntry.of(table, "CREATE TABLE \"orders\" (id int, note text);\n"),
                new PlannedEntry(orders, "COPY \"orders\" (\"id\", \"note\") FROM stdin;\n", "orders"),
                new PlannedEntry(empty, "COPY \"empty\" (\"id\") FROM stdin;\n", "empty"),
                new PlannedEntry(large, "COPY \"large\" (\"id\") FROM stdin;\n", "large"),
                PlannedEntry.of(tricky, "COMMENT ON TABLE \"orders\" IS '\n" + DumpFormat.END_MARKER + "\n"
                        + DumpFormat.ENTRY_MARKER + "{\"id\":2,\"len\":1}\n\\.\n';\n"));
    }

    /** More than the reader's 64 KiB buffer, so rows cross buffer boundaries. */
    private static String largeRows() {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            rows.append(i).append('\n');
        }
        return rows.toString();
    }

    private record Written(byte[] bytes, List<DumpWriter.TableStats> stats) {
    }

    private static Written write() throws IOException, SQLException {
        String large = largeRows();
        Map<String, String> data = Map.of("orders", ORDERS, "empty", "", "large", large);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<DumpWriter.TableStats> stats = new DumpWriter(out).write(HEADER, plan(large),
                (source, target) -> target.write(data.get(source).getBytes(StandardCharsets.UTF_8)),
                query -> {
                    throw new AssertionError("no entry of this plan is rendered at write time: " + query);
                });
        return new Written(out.toByteArray(), stats);
    }

    private static String sha256(String text) {
        return HexFormat.of().formatHex(DumpWriter.sha256Digest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads every entry; table data as text. Returns "kind: sql [data]" per entry. */
    private static List<String> readAll(DumpReader reader, List<DumpReader.Entry> seen) throws IOException {
        List<String> entries = new ArrayList<>();
        DumpReader.Entry entry;
        while ((entry = reader.next()) != null) {
            String data = entry.toc().isTableData() ? new String(entry.data().readAllBytes(), StandardCharsets.UTF_8) : null;
            entries.add(entry.toc().kind() + ": " + entry.sql() + (data == null ? "" : "[" + data + "]"));
            seen.add(entry);
        }
        return entries;
    }

    @Test
    void whatTheWriterWritesTheReaderReadsBackExactly() throws Exception {
        Written written = write();
        String large = largeRows();
        List<PlannedEntry> plan = plan(large);
        try (DumpReader reader = new DumpReader(new ByteArrayInputStream(written.bytes()))) {
            assertEquals(HEADER, reader.open());
            assertEquals(plan.stream().map(PlannedEntry::toc).toList(), reader.toc(), "the table of contents comes first");
            List<DumpReader.Entry> entries = new ArrayList<>();
            List<String> read = readAll(reader, entries);
            assertEquals(List.of(
                    "session: " + DumpFormat.SESSION_SETTINGS,
                    "table: " + plan.get(1).sql(),
                    "table_data: " + plan.get(2).sql() + "[" + ORDERS + "]",
                    "table_data: " + plan.get(3).sql() + "[]",
                    "table_data: " + plan.get(4).sql() + "[" + large + "]",
                    "comment: " + plan.get(5).sql()), read);
            assertTrue(reader.ended(), "the end marker was reached");
            assertNull(reader.next(), "nothing after the end");

            DumpReader.Entry orders = entries.get(2);
            assertEquals(4, orders.rows());
            assertEquals(ORDERS.length(), orders.bytes());
            assertEquals(sha256(ORDERS), orders.sha256());
            assertEquals(20_000, entries.get(4).rows());
            assertEquals(0, entries.get(3).rows());
            assertEquals(sha256(""), entries.get(3).sha256());
        }
        assertEquals(List.of(
                new DumpWriter.TableStats("table:\"shop\".\"orders\"", "shop.orders", 4, ORDERS.length(), sha256(ORDERS)),
                new DumpWriter.TableStats("table:\"shop\".\"empty\"", "shop.empty", 0, 0, sha256("")),
                new DumpWriter.TableStats("table:\"shop\".\"large\"", "shop.large", 20_000, large.length(), sha256(large))),
                written.stats(), "the writer's counts and checksums are the ones a restore verifies");
    }

    @Test
    void theFileIsPlainSqlWithOneLineComments() throws Exception {
        String text = new String(write().bytes(), StandardCharsets.UTF_8);
        assertTrue(text.startsWith("-- database-admin-server full backup full-20240229-134530, snapshot of database shop?name (15.19)"),
                "a line break in a database name cannot end the comment: " + text.lines().findFirst().orElse(""));
        assertTrue(text.endsWith("\n" + DumpFormat.END_MARKER + "\n"));
        assertTrue(text.contains("COPY \"orders\" (\"id\", \"note\") FROM stdin;\n" + ORDERS + "\\.\n"), "psql reads COPY blocks as written");
    }

    @Test
    void theSameBytesReadOneAtATime() throws Exception {
        byte[] bytes = write().bytes();
        InputStream trickle = new InputStream() {
            private int position;

            @Override
            public int read() {
                return position < bytes.length ? bytes[position++] & 0xff : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (position >= bytes.length) {
                    return -1;
                }
                b[off] = bytes[position++];
                return 1;
            }
        };
        try (DumpReader reader = new DumpReader(trickle); DumpReader whole = new DumpReader(new ByteArrayInputStream(bytes))) {
            reader.open();
            whole.open();
            assertEquals(readAll(whole, new ArrayList<>()), readAll(reader, new ArrayList<>()));
        }
    }

    @Test
    void dataCanBeSkippedButNotLeftHalfRead() throws Exception {
        try (DumpReader reader = new DumpReader(new ByteArrayInputStream(write().bytes()))) {
            reader.open();
            reader.next();
            reader.next();
            DumpReader.Entry orders = reader.next();
            assertEquals(1, orders.data().read(new byte[1], 0, 1));
            assertThrows(IllegalStateException.class, reader::next, "the previous entry's data was not consumed");
            assertThrows(IllegalStateException.class, orders::sha256, "no checksum before the data has ended");
            orders.skipData();
            assertEquals(sha256(ORDERS), orders.sha256());
            DumpReader.Entry empty = reader.next();
            empty.skipData();
            DumpReader.Entry large = reader.next();
            large.skipData();
            assertEquals(20_000, large.rows());
            DumpReader.Entry comment = reader.next();
            assertEquals("comment", comment.toc().kind());
            assertThrows(IllegalStateException.class, comment::data, "entries other than table data have no rows");
            assertEquals(0, comment.rows());
        }
    }

    private static DumpFormatException malformed(byte[] bytes) {
        return assertThrows(DumpFormatException.class, () -> {
            try (DumpReader reader = new DumpReader(new ByteArrayInputStream(bytes))) {
                reader.open();
                DumpReader.Entry entry;
                while ((entry = reader.next()) != null) {
                    entry.skipData();
                }
            }
        });
    }

    private static byte[] replace(byte[] bytes, String from, String to) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), from);
        return text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to))
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aForeignFileIsRefused() {
        assertTrue(malformed("SELECT 1;\n".getBytes(StandardCharsets.UTF_8)).getMessage().contains("no format marker"));
        assertTrue(malformed(new byte[0]).getMessage().contains("no format marker"));
        assertTrue(malformed("-- pg_dump output\n--\n\nCREATE TABLE t ();\n".getBytes(StandardCharsets.UTF_8))
                .getMessage().contains("no format marker"));
    }

    @Test
    void anotherFormatVersionIsRefused() throws Exception {
        byte[] bytes = replace(write().bytes(), "{\"version\":1,", "{\"version\":2,");
        assertTrue(malformed(bytes).getMessage().contains("unsupported backup format version 2"));
    }

    @Test
    void aFileCutAnywhereIsRefused() throws Exception {
        byte[] bytes = write().bytes();
        String text = new String(bytes, StandardCharsets.UTF_8);
        int[] cuts = {text.indexOf(DumpFormat.TOC_MARKER) + 5, text.indexOf(DumpFormat.ENTRY_MARKER) + 3,
                text.indexOf("CREATE TABLE") + 4, text.indexOf("2\tline") + 3, text.indexOf("19999\n"),
                text.lastIndexOf(DumpFormat.END_MARKER), text.lastIndexOf(DumpFormat.END_MARKER) + 5};
        for (int cut : cuts) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, cut);
            DumpFormatException error = malformed(truncated);
            assertTrue(error.getMessage().contains("truncated") || error.getMessage().contains("corrupt"),
                    "cut at " + cut + ": " + error.getMessage());
        }
    }

    @Test
    void aDamagedEntryIsRefused() throws Exception {
        byte[] bytes = write().bytes();
        assertTrue(malformed(replace(bytes, DumpFormat.ENTRY_MARKER + "{\"id\":2,", DumpFormat.ENTRY_MARKER + "{\"id\":99,"))
                .getMessage().contains("unknown entry"));
        assertTrue(malformed(replace(bytes, DumpFormat.ENTRY_MARKER + "{\"id\":2,", "-- something else {\"id\":2,"))
                .getMessage().contains("expected an entry marker"));
    }
}
