package com.dbadmin.backup.format;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;

/**
 * The dump is plain SQL that psql runs as it is. What the restore tool needs beyond SQL travels in SQL
 * comments, one per line, each a compact JSON object:
 *
 * <pre>
 * -- dbadmin:format {"version":1,"id":...,"type":"full",...}     first marker: what the file is
 * -- dbadmin:toc {"id":7,"section":"pre","kind":"table",...}     table of contents, one line per entry
 * -- dbadmin:entry {"id":7,"len":312}                           before each entry: its SQL follows,
 *                                                               exactly len bytes (so odd identifiers
 *                                                               can never be mistaken for markers)
 * COPY "t" ("a", "b") FROM stdin;  ...rows...  \.              table data: rows end at a line "\."
 * -- dbadmin:end                                                the last line: the file is complete
 * </pre>
 */
public final class DumpFormat {
    public static final int VERSION = 1;
    public static final String FORMAT_MARKER = "-- dbadmin:format ";
    public static final String TOC_MARKER = "-- dbadmin:toc ";
    public static final String ENTRY_MARKER = "-- dbadmin:entry ";
    public static final String END_MARKER = "-- dbadmin:end";
    public static final byte[] COPY_END = "\\.\n".getBytes(StandardCharsets.US_ASCII);

    static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** Session settings at the top of every dump, for psql. The restore tool applies its own. */
    public static final String SESSION_SETTINGS = """
            SET statement_timeout = 0;
            SET lock_timeout = 0;
            SET idle_in_transaction_session_timeout = 0;
            SET client_encoding = 'UTF8';
            SET standard_conforming_strings = on;
            SET check_function_bodies = false;
            SET xmloption = content;
            SET client_min_messages = warning;
            SET row_security = off;
            """;

    private DumpFormat() {
    }
}
