package com.dbadmin.sql.readonly;

import com.dbadmin.call.ToolException;
import org.postgresql.core.NativeQuery;
import org.postgresql.core.Parser;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One statement of caller-written SQL, checked and made ready for pgjdbc: exactly one statement (pgjdbc
 * would otherwise split {@code a; b} and run both), a leading keyword from an allow-list, and PostgreSQL's
 * {@code $1...} placeholders turned into JDBC's {@code ?} (a literal {@code ?}, the jsonb operator, becomes
 * {@code ??}).
 *
 * <p>Hand-written because no library exposes PostgreSQL's lexer; the scan reuses pgjdbc's own routines for
 * quotes, dollar quotes and comments, so it splits statements exactly where pgjdbc would. Where it could
 * disagree with the server, the server is the wall: pgjdbc sends the text as one Parse message, and
 * PostgreSQL refuses a Parse message holding more than one command. The database privileges of the SQL role
 * and the READ ONLY transaction decide what a statement may do; this class only refuses early and clearly.
 */
public final class CallerSql {
    /** Statements that return rows and read only (the transaction and the role make sure of the latter). */
    public static final Set<String> QUERY_KEYWORDS = Set.of("select", "with", "values", "table", "show");
    /** What EXPLAIN accepts among those. */
    public static final Set<String> PLANNABLE_KEYWORDS = Set.of("select", "with", "values", "table");

    private final String jdbcSql;
    private final String keyword;
    private final List<Integer> placeholders;
    private final int parameterCount;

    private CallerSql(String jdbcSql, String keyword, List<Integer> placeholders, int parameterCount) {
        this.jdbcSql = jdbcSql;
        this.keyword = keyword;
        this.placeholders = List.copyOf(placeholders);
        this.parameterCount = parameterCount;
    }

    /**
     * @param standardConformingStrings the server's setting: whether backslashes in '...' are plain characters
     * @param allowed                   leading keywords accepted (lower case)
     */
    public static CallerSql parse(String sql, boolean standardConformingStrings, Set<String> allowed) {
        if (sql == null || sql.isBlank()) {
            throw ToolException.validation("'sql' is empty; pass one SQL statement, e.g. SELECT count(*) FROM books");
        }
        char[] text = sql.toCharArray();
        StringBuilder out = new StringBuilder(text.length + 16);
        List<Integer> placeholders = new ArrayList<>();
        int end = text.length;
        int i = 0;
        while (i < text.length) {
            char ch = text[i];
            int next;
            switch (ch) {
                case '\'' -> next = Parser.parseSingleQuotes(text, i, standardConformingStrings);
                case '"' -> next = Parser.parseDoubleQuotes(text, i);
                case '-' -> next = Parser.parseLineComment(text, i);
                case '/' -> next = Parser.parseBlockComment(text, i);
                case '$' -> {
                    next = Parser.parseDollarQuotes(text, i);
                    if (next == i) {
                        int digits = placeholderEnd(text, i);
                        if (digits > i + 1) {
                            placeholders.add(number(text, i + 1, digits));
                            out.append('?');
                            i = digits;
                            continue;
                        }
                    }
                }
                case '?' -> {
                    out.append("??");
                    i++;
                    continue;
                }
                case ';' -> {
                    end = i;
                    next = -1;
                }
                default -> next = i;
            }
            if (next < 0) {
                break;
            }
            int stop = Math.min(next + 1, text.length);
            out.append(text, i, stop - i);
            i = stop;
        }
        if (end < text.length && !onlyCommentsAndSpace(text, end + 1)) {
            throw ToolException.validation("Only one SQL statement per call: the text continues after ';'."
                    + " Send each statement in its own call.");
        }
        String keyword = leadingKeyword(text, 0, end);
        if (keyword.isEmpty()) {
            throw ToolException.validation("'sql' holds no statement (only comments or punctuation).");
        }
        if (!allowed.contains(keyword)) {
            throw ToolException.validation("'" + keyword.toUpperCase(Locale.ROOT) + "' statements are not accepted here;"
                    + " send one read-only query starting with " + String.join(", ",
                    allowed.stream().sorted().map(k -> k.toUpperCase(Locale.ROOT)).toList()) + ".");
        }
        String jdbcSql = out.toString().strip();
        checkPgjdbcAgrees(jdbcSql, standardConformingStrings, placeholders.size());
        int count = placeholders.stream().mapToInt(Integer::intValue).max().orElse(0);
        return new CallerSql(jdbcSql, keyword, placeholders, count);
    }

    /** pgjdbc parses the text again before sending it: it must see one statement with our placeholders. */
    private static void checkPgjdbcAgrees(String jdbcSql, boolean standardConformingStrings, int placeholders) {
        List<NativeQuery> queries;
        try {
            queries = Parser.parseJdbcSql(jdbcSql, standardConformingStrings, true, true, false, false);
        } catch (SQLException e) {
            throw ToolException.validation("The SQL text could not be read: " + e.getMessage());
        }
        if (queries.size() != 1) {
            throw ToolException.validation("Only one SQL statement per call. Send each statement in its own call.");
        }
        if (queries.get(0).bindPositions.length != placeholders) {
            throw ToolException.validation("The SQL text mixes placeholders in a way that cannot be bound; use $1, $2, ..."
                    + " outside quotes and comments.");
        }
    }

    /** The statement with {@code ?} placeholders, for {@code Connection.prepareStatement}. */
    public String jdbcSql() {
        return jdbcSql;
    }

    public String keyword() {
        return keyword;
    }

    /** Highest {@code $n} used: how many values {@code params} must hold. */
    public int parameterCount() {
        return parameterCount;
    }

    /** For each JDBC placeholder in order, the 1-based {@code $n} it stands for ({@code $1} may appear twice). */
    public List<Integer> placeholders() {
        return placeholders;
    }

    /** The index after {@code $digits} when {@code $} at {@code start} begins a parameter, else {@code start}. */
    private static int placeholderEnd(char[] text, int start) {
        if (start > 0 && Parser.isIdentifierContChar(text[start - 1])) {
            return start; // part of an identifier such as a$1
        }
        int i = start + 1;
        while (i < text.length && Character.isDigit(text[i]) && text[i] < 128) {
            i++;
        }
        if (i == start + 1 || i < text.length && Parser.isIdentifierContChar(text[i])) {
            return start;
        }
        return i;
    }

    private static int number(char[] text, int from, int to) {
        if (to - from > 5) {
            throw ToolException.validation("Parameter $" + new String(text, from, to - from) + " is out of range.");
        }
        int value = Integer.parseInt(new String(text, from, to - from));
        if (value < 1) {
            throw ToolException.validation("Parameters are numbered from $1.");
        }
        return value;
    }

    private static boolean onlyCommentsAndSpace(char[] text, int from) {
        int i = from;
        while (i < text.length) {
            char ch = text[i];
            if (Character.isWhitespace(ch) || ch == ';') {
                i++;
            } else if (ch == '-' && Parser.parseLineComment(text, i) > i) {
                i = Parser.parseLineComment(text, i) + 1;
            } else if (ch == '/' && Parser.parseBlockComment(text, i) > i) {
                i = Parser.parseBlockComment(text, i) + 1;
            } else {
                return false;
            }
        }
        return true;
    }

    /** The first word of the statement, lower case, after spaces, comments and opening parentheses. */
    private static String leadingKeyword(char[] text, int from, int to) {
        int i = from;
        while (i < to) {
            char ch = text[i];
            if (Character.isWhitespace(ch) || ch == '(') {
                i++;
            } else if (ch == '-' && Parser.parseLineComment(text, i) > i) {
                i = Parser.parseLineComment(text, i) + 1;
            } else if (ch == '/' && Parser.parseBlockComment(text, i) > i) {
                i = Parser.parseBlockComment(text, i) + 1;
            } else {
                break;
            }
        }
        int start = i;
        while (i < to && Character.isLetter(text[i])) {
            i++;
        }
        return new String(text, start, i - start).toLowerCase(Locale.ROOT);
    }
}
