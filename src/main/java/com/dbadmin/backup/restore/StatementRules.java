package com.dbadmin.backup.restore;

import com.dbadmin.backup.format.DumpFormat;
import com.dbadmin.backup.format.TocEntry;
import com.dbadmin.backup.format.UntrustedBackupException;
import com.dbadmin.backup.restore.SqlLexer.Token;
import com.dbadmin.backup.restore.SqlLexer.Type;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a backup entry may say: for each table-of-contents kind, the statement shapes the dumper writes
 * for it, and nothing else. A restore checks every entry before running it (and the dumper checks its
 * own output, so a backup that would be refused fails when it is made, not when it is needed).
 *
 * <p>Everything not listed is refused: COPY other than {@code COPY t (…) FROM stdin} (so no PROGRAM and
 * no server files), DO, ALTER SYSTEM, SET ROLE / SESSION AUTHORIZATION, LOAD, role changes, DROP, and
 * GRANT, REVOKE or OWNER TO unless the backup declares that it carries privileges. Expressions the
 * restore evaluates (checks, index expressions, views behind materialized views, policies) may not
 * call the built-in functions that reach outside the database or outside the restore's transaction
 * (server files, other connections, SQL text run by name, session settings, advisory locks, setval).
 * Function bodies are the database's own code and are not inspected: they run only when called.
 */
public final class StatementRules {
    private static final int SHOWN = 120;

    /** Built-ins that read or write server files, run SQL text, reach other servers, or outlive a rollback. */
    private static final Set<String> FORBIDDEN_FUNCTIONS = Set.of(
            "pg_read_file", "pg_read_binary_file", "pg_stat_file", "pg_ls_dir", "pg_ls_logdir", "pg_ls_waldir",
            "pg_ls_tmpdir", "pg_ls_archive_statusdir", "pg_ls_logicalsnapdir", "pg_ls_logicalmapdir",
            "pg_ls_replslotdir", "lo_import", "lo_export", "pg_file_write", "pg_file_rename", "pg_file_unlink",
            "pg_file_sync", "pg_logdir_ls", "dblink", "dblink_exec", "dblink_connect", "dblink_connect_u",
            "dblink_open", "dblink_send_query", "dblink_fetch", "query_to_xml", "query_to_xmlschema",
            "query_to_xml_and_xmlschema", "cursor_to_xml", "cursor_to_xmlschema", "ts_stat", "ts_rewrite",
            "pg_terminate_backend", "pg_cancel_backend", "pg_reload_conf", "pg_rotate_logfile", "pg_promote",
            "pg_switch_wal", "pg_create_restore_point", "pg_create_physical_replication_slot",
            "pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_advisory_lock",
            "pg_advisory_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared", "pg_advisory_unlock",
            "pg_advisory_unlock_shared", "pg_advisory_unlock_all", "set_config", "setval", "pg_import_system_collations",
            "pg_stat_reset", "pg_stat_reset_shared", "pg_stat_reset_single_table_counters",
            "pg_stat_reset_single_function_counters", "pg_stat_reset_slru", "pg_stat_reset_replication_slot",
            "pg_log_backend_memory_contexts", "pg_replication_origin_create", "pg_replication_origin_drop",
            "pg_notify");

    /**
     * Kinds whose text runs nothing at restore time: routine bodies (the database's own code, run only
     * when called), comments, labels, privileges, and the sequence value the restore sets itself.
     */
    private static final Set<String> NOT_EVALUATED = Set.of("function", "aggregate", "comment", "security_label",
            "owner", "acl", "sequence_value");

    private static final String OWNER_TARGET = "ALTER … OWNER TO {name}";
    private static final Map<String, List<Shape>> SHAPES = Map.ofEntries(
            kind("transaction", "BEGIN", "COMMIT"),
            kind("search_path", "SET search_path = {name}"),
            kind("schema", "CREATE SCHEMA IF NOT EXISTS {name}"),
            kind("extension", "CREATE EXTENSION IF NOT EXISTS {name} WITH SCHEMA {name} [VERSION {string}]"),
            kind("type", "CREATE TYPE {name} AS ENUM (…)", "CREATE TYPE {name} AS (…)", "CREATE TYPE {name} AS RANGE (…)"),
            kind("domain", "CREATE DOMAIN {name} AS …", "ALTER DOMAIN {name} ADD CONSTRAINT {name} CHECK (…) NOT VALID"),
            kind("sequence", "CREATE SEQUENCE {name} AS …", "CREATE UNLOGGED SEQUENCE {name} AS …"),
            kind("function", "CREATE OR REPLACE FUNCTION {name} (…) …", "CREATE OR REPLACE PROCEDURE {name} (…) …"),
            kind("aggregate", "CREATE AGGREGATE {name} (…) (…)"),
            kind("collation", "CREATE COLLATION {name} (…)"),
            kind("ts_dictionary", "CREATE TEXT SEARCH DICTIONARY {name} (…)"),
            kind("ts_config", "CREATE TEXT SEARCH CONFIGURATION {name} (…)",
                    "ALTER TEXT SEARCH CONFIGURATION {name} ADD MAPPING FOR {names} WITH {qnames}"),
            kind("fdw", "CREATE FOREIGN DATA WRAPPER {name} …"),
            kind("server", "CREATE SERVER {name} …"),
            kind("user_mapping", "CREATE USER MAPPING FOR {name} SERVER {name} …"),
            kind("table", "CREATE TABLE {name} (…) …", "CREATE UNLOGGED TABLE {name} (…) …",
                    "CREATE TABLE {name} PARTITION OF {qname} …", "CREATE UNLOGGED TABLE {name} PARTITION OF {qname} …",
                    "ALTER TABLE ONLY {name} ALTER COLUMN {name} SET STATISTICS {int}",
                    "ALTER TABLE ONLY {name} ALTER COLUMN {name} SET STORAGE {word}",
                    "ALTER TABLE ONLY {name} ALTER COLUMN {name} SET COMPRESSION {word}",
                    "ALTER TABLE ONLY {name} ALTER COLUMN {name} SET (…)",
                    "ALTER TABLE ONLY {name} ALTER COLUMN {name} SET DEFAULT …",
                    "ALTER TABLE ONLY {name} ALTER COLUMN {name} SET NOT NULL",
                    "ALTER TABLE ONLY {name} REPLICA IDENTITY …", "ALTER TABLE ONLY {name} SET ACCESS METHOD {name}"),
            kind("foreign_table", "CREATE FOREIGN TABLE {name} (…) SERVER {name} …",
                    "CREATE FOREIGN TABLE {name} PARTITION OF {qname} …",
                    "ALTER FOREIGN TABLE ONLY {name} ALTER COLUMN {name} SET STATISTICS {int}",
                    "ALTER FOREIGN TABLE ONLY {name} ALTER COLUMN {name} SET STORAGE {word}",
                    "ALTER FOREIGN TABLE ONLY {name} ALTER COLUMN {name} OPTIONS (…)"),
            kind("view", "CREATE VIEW {name} AS …", "CREATE VIEW {name} WITH (…) AS …"),
            kind("matview", "CREATE MATERIALIZED VIEW {name} AS … WITH NO DATA",
                    "CREATE MATERIALIZED VIEW {name} WITH (…) AS … WITH NO DATA",
                    "CREATE MATERIALIZED VIEW {name} USING {name} AS … WITH NO DATA",
                    "CREATE MATERIALIZED VIEW {name} USING {name} WITH (…) AS … WITH NO DATA"),
            kind("sequence_owner", "ALTER SEQUENCE {name} OWNED BY {qname}"),
            kind("table_data", "COPY {name} (…) FROM stdin", "COPY {name} FROM stdin"),
            kind("sequence_value", "SELECT pg_catalog.setval({string}, {int}, {bool})"),
            kind("large_object", "SELECT pg_catalog.lo_create({int})"),
            kind("large_object_data", "SELECT pg_catalog.lo_put({int}, {int}, {string})"),
            kind("constraint", "ALTER TABLE ONLY {name} ADD CONSTRAINT {name} …", "ALTER TABLE {name} ADD CONSTRAINT {name} …",
                    "ALTER FOREIGN TABLE ONLY {name} ADD CONSTRAINT {name} …"),
            kind("foreign_key", "ALTER TABLE ONLY {name} ADD CONSTRAINT {name} FOREIGN KEY (…) REFERENCES …",
                    "ALTER TABLE {name} ADD CONSTRAINT {name} FOREIGN KEY (…) REFERENCES …"),
            kind("index", "CREATE INDEX {name} ON …", "CREATE UNIQUE INDEX {name} ON …",
                    "ALTER INDEX {name} ALTER COLUMN {int} SET STATISTICS {int}"),
            kind("index_attach", "ALTER INDEX {qname} ATTACH PARTITION {qname}"),
            kind("index_use", "ALTER TABLE {name} CLUSTER ON {name}",
                    "ALTER TABLE ONLY {name} REPLICA IDENTITY USING INDEX {name}"),
            kind("trigger", "CREATE TRIGGER {name} …", "CREATE CONSTRAINT TRIGGER {name} …",
                    "ALTER TABLE {name} DISABLE TRIGGER {name}", "ALTER TABLE {name} ENABLE REPLICA TRIGGER {name}",
                    "ALTER TABLE {name} ENABLE ALWAYS TRIGGER {name}"),
            kind("rule", "CREATE RULE {name} AS ON {word} TO …", "ALTER TABLE {name} DISABLE RULE {name}",
                    "ALTER TABLE {name} ENABLE REPLICA RULE {name}", "ALTER TABLE {name} ENABLE ALWAYS RULE {name}"),
            kind("policy", "CREATE POLICY {name} ON {name} …"),
            kind("row_security", "ALTER TABLE ONLY {name} ENABLE ROW LEVEL SECURITY",
                    "ALTER TABLE ONLY {name} FORCE ROW LEVEL SECURITY"),
            kind("statistics", "CREATE STATISTICS {qname} …", "ALTER STATISTICS {qname} SET STATISTICS {int}"),
            kind("matview_data", "REFRESH MATERIALIZED VIEW {name}"),
            kind("publication", "CREATE PUBLICATION {name} …"),
            kind("publication_member", "ALTER PUBLICATION {name} ADD TABLE ONLY …",
                    "ALTER PUBLICATION {name} ADD TABLES IN SCHEMA {name}"),
            kind("event_trigger", "CREATE EVENT TRIGGER {name} ON {name} …",
                    "ALTER EVENT TRIGGER {name} DISABLE", "ALTER EVENT TRIGGER {name} ENABLE REPLICA",
                    "ALTER EVENT TRIGGER {name} ENABLE ALWAYS"),
            kind("comment", "COMMENT ON … IS {string}"),
            kind("security_label", "SECURITY LABEL FOR {name} ON … IS {string}"),
            // Only in backups that declare includesPrivileges (see check).
            kind("owner", OWNER_TARGET),
            kind("acl", "GRANT … ON … TO …", "REVOKE … ON … FROM …",
                    "ALTER DEFAULT PRIVILEGES FOR ROLE {name} …"),
            // Statements only psql runs (the restore tool uses the data of increments, not these).
            kind("truncate", "TRUNCATE ONLY …"),
            kind("foreign_key_drop", "ALTER TABLE {qname} DROP CONSTRAINT IF EXISTS {name}"),
            kind("trigger_disable", "ALTER TABLE {qname} DISABLE TRIGGER {name}"),
            kind("trigger_enable", "ALTER TABLE {qname} ENABLE TRIGGER {name}",
                    "ALTER TABLE {qname} ENABLE ALWAYS TRIGGER {name}"),
            kind("event_trigger_disable", "ALTER EVENT TRIGGER {name} DISABLE"),
            kind("event_trigger_enable", "ALTER EVENT TRIGGER {name} ENABLE", "ALTER EVENT TRIGGER {name} ENABLE ALWAYS"));

    private static final Set<String> PRIVILEGE_KINDS = Set.of("owner", "acl");

    private StatementRules() {
    }

    /**
     * Refuses an entry that is not what the dumper writes for its kind.
     *
     * @param privileges whether the backup declares that it carries owners and grants
     * @throws UntrustedBackupException with reason statement_refused
     */
    public static void check(String backup, TocEntry toc, String sql, boolean privileges) {
        String problem = problem(toc, sql, privileges);
        if (problem != null) {
            throw new UntrustedBackupException(UntrustedBackupException.Reason.STATEMENT_REFUSED, backup,
                    "Backup '" + backup + "' holds " + problem + "; the dumper never writes that, so nothing of this"
                            + " backup is run.");
        }
    }

    /** Why an entry is refused, or null. */
    public static String problem(TocEntry toc, String sql, boolean privileges) {
        String kind = toc.kind();
        if ("session".equals(kind)) {
            return DumpFormat.SESSION_SETTINGS.equals(sql) ? null : "session settings other than the standard ones";
        }
        List<Shape> shapes = SHAPES.get(kind);
        if (shapes == null) {
            return "an entry of unknown kind '" + kind + "'";
        }
        if (PRIVILEGE_KINDS.contains(kind) && !privileges) {
            return "a privilege change (" + shown(sql) + ") although it does not declare that it carries privileges";
        }
        List<List<Token>> statements;
        try {
            statements = SqlLexer.statements(sql);
        } catch (SqlLexer.LexException e) {
            return "text that is not SQL (" + e.getMessage() + ") in a " + kind + " entry";
        }
        if (statements.isEmpty()) {
            return "an empty " + kind + " entry";
        }
        for (List<Token> statement : statements) {
            if (shapes.stream().noneMatch(shape -> shape.matches(statement))) {
                return "a statement the dumper does not write for a " + kind + " entry: " + shown(statement);
            }
            if (!NOT_EVALUATED.contains(kind)) {
                String call = forbiddenCall(statement);
                if (call != null) {
                    return "a call of " + call + "() in a " + kind + " entry: " + shown(statement);
                }
            }
            if (("table".equals(kind) || "foreign_table".equals(kind)) && topLevelWord(statement, "as", "select",
                    "execute")) {
                return "a table created from a query: " + shown(statement);
            }
            if ("function".equals(kind) && nativeCode(statement)) {
                return "a function in C (loading a library runs its code): " + shown(statement);
            }
        }
        return null;
    }

    private static String forbiddenCall(List<Token> statement) {
        for (int i = 0; i + 1 < statement.size(); i++) {
            Token token = statement.get(i);
            if (token.isName() && statement.get(i + 1).isOp("(")
                    && FORBIDDEN_FUNCTIONS.contains(token.value().toLowerCase(Locale.ROOT))) {
                return token.value();
            }
        }
        return null;
    }

    /** LANGUAGE c or internal: the body is a library or a built-in entry point, not SQL. */
    private static boolean nativeCode(List<Token> statement) {
        for (int i = 0; i + 1 < statement.size(); i++) {
            if (statement.get(i).is("language") && statement.get(i + 1).isName()) {
                String language = statement.get(i + 1).value().toLowerCase(Locale.ROOT);
                if (language.equals("c") || language.equals("internal")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether one of the words appears outside every parenthesis (after the table's name). */
    private static boolean topLevelWord(List<Token> statement, String... words) {
        int depth = 0;
        for (int i = 3; i < statement.size(); i++) {
            Token token = statement.get(i);
            if (token.isOp("(")) {
                depth++;
            } else if (token.isOp(")")) {
                depth--;
            } else if (depth == 0) {
                for (String word : words) {
                    if (token.is(word)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static String shown(String sql) {
        String line = sql.strip().replaceAll("\\s+", " ");
        return line.length() > SHOWN ? line.substring(0, SHOWN) + "…" : line;
    }

    private static String shown(List<Token> statement) {
        StringBuilder text = new StringBuilder();
        for (Token token : statement) {
            if (text.length() > SHOWN) {
                return text.append('…').toString();
            }
            text.append(text.isEmpty() ? "" : " ").append(token.text().replaceAll("\\s+", " "));
        }
        return text.length() > SHOWN ? text.substring(0, SHOWN) + "…" : text.toString();
    }

    private static Map.Entry<String, List<Shape>> kind(String kind, String... patterns) {
        List<Shape> shapes = new ArrayList<>();
        for (String pattern : patterns) {
            shapes.add(Shape.parse(pattern));
        }
        return Map.entry(kind, List.copyOf(shapes));
    }

    /**
     * A statement shape: keywords, {@code [optional words]}, {@code {name}} (a bare or quoted name),
     * {@code {qname}} (schema-qualified), {@code {names}} / {@code {qnames}} (comma lists), {@code {string}},
     * {@code {int}}, {@code {bool}}, {@code {word}} (any bare word), {@code (…)} (one balanced parenthesis),
     * {@code …} (any balanced tokens) and punctuation matched as written.
     */
    private record Shape(List<String> items) {
        static Shape parse(String pattern) {
            List<String> items = new ArrayList<>();
            for (String raw : pattern.replace("(…)", " (…) ").replace("(", " ( ").replace(")", " ) ")
                    .replace(",", " , ").replace(".", " . ").split("\\s+")) {
                if (!raw.isEmpty()) {
                    items.add(raw);
                }
            }
            // "( … )" was split apart above only when it was not the balanced-group marker.
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).equals("(") && i + 2 < items.size() && items.get(i + 1).equals("…")
                        && items.get(i + 2).equals(")")) {
                    merged.add("(…)");
                    i += 2;
                } else {
                    merged.add(items.get(i));
                }
            }
            return new Shape(List.copyOf(merged));
        }

        boolean matches(List<Token> tokens) {
            return match(0, tokens, 0);
        }

        private boolean match(int item, List<Token> tokens, int at) {
            if (item == items.size()) {
                return at == tokens.size();
            }
            String expected = items.get(item);
            if (expected.startsWith("[")) {
                int end = item;
                while (!items.get(end).endsWith("]")) {
                    end++;
                }
                List<String> optional = new ArrayList<>(items.subList(item, end + 1));
                optional.set(0, optional.get(0).substring(1));
                int last = optional.size() - 1;
                optional.set(last, optional.get(last).substring(0, optional.get(last).length() - 1));
                optional.removeIf(String::isEmpty);
                List<String> with = new ArrayList<>(optional);
                with.addAll(items.subList(end + 1, items.size()));
                return new Shape(with).match(0, tokens, at) || match(end + 1, tokens, at);
            }
            if (expected.equals("…")) {
                if (item + 1 == items.size()) {
                    return balanced(tokens, at, tokens.size());
                }
                for (int end = tokens.size(); end >= at; end--) {
                    if (balanced(tokens, at, end) && match(item + 1, tokens, end)) {
                        return true;
                    }
                }
                return false;
            }
            if (at >= tokens.size()) {
                return false;
            }
            Token token = tokens.get(at);
            switch (expected) {
                case "(…)" -> {
                    if (!token.isOp("(")) {
                        return false;
                    }
                    int close = closing(tokens, at);
                    return close > 0 && match(item + 1, tokens, close + 1);
                }
                case "{name}", "{qname}", "{names}", "{qnames}" -> {
                    int end = names(tokens, at, expected.startsWith("{q"), expected.endsWith("s}"));
                    return end > at && match(item + 1, tokens, end);
                }
                case "{string}" -> {
                    return token.type() == Type.STRING && token.text().startsWith("'") && match(item + 1, tokens, at + 1);
                }
                case "{int}" -> {
                    int start = token.isOp("-") ? at + 1 : at;
                    return start < tokens.size() && tokens.get(start).type() == Type.NUMBER
                            && tokens.get(start).text().chars().allMatch(Character::isDigit) && match(item + 1, tokens, start + 1);
                }
                case "{bool}" -> {
                    return (token.is("true") || token.is("false")) && match(item + 1, tokens, at + 1);
                }
                case "{word}" -> {
                    return token.type() == Type.WORD && match(item + 1, tokens, at + 1);
                }
                default -> {
                    boolean word = Character.isLetter(expected.charAt(0)) || expected.charAt(0) == '_';
                    boolean same = word ? token.type() == Type.WORD && token.value().equals(expected.toLowerCase(Locale.ROOT))
                            : token.isOp(expected);
                    return same && match(item + 1, tokens, at + 1);
                }
            }
        }

        /** End of a (qualified) name or comma list of them starting at {@code at}, or {@code at} if none. */
        private static int names(List<Token> tokens, int at, boolean qualified, boolean list) {
            int i = at;
            while (true) {
                if (i >= tokens.size() || !tokens.get(i).isName()) {
                    return at;
                }
                i++;
                while (qualified && i + 1 < tokens.size() && tokens.get(i).isOp(".") && tokens.get(i + 1).isName()) {
                    i += 2;
                }
                if (list && i + 1 < tokens.size() && tokens.get(i).isOp(",")) {
                    i++;
                    continue;
                }
                return i;
            }
        }

        private static int closing(List<Token> tokens, int open) {
            int depth = 0;
            for (int i = open; i < tokens.size(); i++) {
                if (tokens.get(i).isOp("(") || tokens.get(i).isOp("[")) {
                    depth++;
                } else if (tokens.get(i).isOp(")") || tokens.get(i).isOp("]")) {
                    depth--;
                    if (depth == 0) {
                        return tokens.get(i).isOp(")") ? i : -1;
                    }
                }
            }
            return -1;
        }

        private static boolean balanced(List<Token> tokens, int from, int to) {
            int depth = 0;
            for (int i = from; i < to; i++) {
                if (tokens.get(i).isOp("(") || tokens.get(i).isOp("[")) {
                    depth++;
                } else if (tokens.get(i).isOp(")") || tokens.get(i).isOp("]")) {
                    if (--depth < 0) {
                        return false;
                    }
                }
            }
            return depth == 0;
        }
    }
}
