package com.dbadmin.backup.restore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits SQL text into PostgreSQL tokens and statements, as far as deciding what a statement is needs:
 * keywords and identifiers, quoted identifiers, string constants (standard, E'', U&'', bit strings),
 * dollar-quoted strings, numbers, operators and punctuation; comments are dropped. Statements end at
 * a semicolon, except inside the BEGIN ATOMIC … END body of a function, where (as psql does) BEGIN
 * and CASE open a level that END closes.
 *
 * <p>Hand-written because no maintained Java library tokenises PostgreSQL's dialect (dollar quotes,
 * E'' strings, nested comments) without pulling in a whole SQL parser that would still not know
 * PostgreSQL-specific DDL; this is the lexical layer only, and refuses anything it cannot classify.
 */
final class SqlLexer {

    enum Type { WORD, IDENT, STRING, DOLLAR, NUMBER, OP }

    /** A token; {@code value} is the keyword in lower case, the identifier or the string's content. */
    record Token(Type type, String text, String value) {
        boolean is(String keyword) {
            return type == Type.WORD && value.equals(keyword);
        }

        boolean isOp(String op) {
            return type == Type.OP && text.equals(op);
        }

        /** An identifier: a bare word or a quoted name. */
        boolean isName() {
            return type == Type.WORD || type == Type.IDENT;
        }
    }

    /** Text that is not SQL we can read: an unterminated string, quote or comment, or a stray character. */
    static final class LexException extends Exception {
        LexException(String message) {
            super(message, null, false, false);
        }
    }

    private final String sql;
    private int at;

    private SqlLexer(String sql) {
        this.sql = sql;
    }

    /** The statements of {@code sql}, each without its terminating semicolon; empty statements dropped. */
    static List<List<Token>> statements(String sql) throws LexException {
        List<Token> tokens = new SqlLexer(sql).tokens();
        List<List<Token>> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        for (Token token : tokens) {
            if (token.isOp(";") && depth == 0) {
                if (!current.isEmpty()) {
                    statements.add(current);
                }
                current = new ArrayList<>();
                continue;
            }
            current.add(token);
            if (routineDefinition(current) && token.type == Type.WORD) {
                if (token.value.equals("begin") || token.value.equals("case")) {
                    depth++;
                } else if (token.value.equals("end") && depth > 0) {
                    depth--;
                }
            }
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }

    private static boolean routineDefinition(List<Token> statement) {
        if (statement.isEmpty() || !statement.get(0).is("create")) {
            return false;
        }
        int i = 1;
        if (statement.size() > 2 && statement.get(1).is("or") && statement.get(2).is("replace")) {
            i = 3;
        }
        return statement.size() > i && (statement.get(i).is("function") || statement.get(i).is("procedure"));
    }

    private List<Token> tokens() throws LexException {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (at >= sql.length()) {
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpaceAndComments() throws LexException {
        while (at < sql.length()) {
            char c = sql.charAt(at);
            if (Character.isWhitespace(c)) {
                at++;
            } else if (c == '-' && peek(1) == '-') {
                while (at < sql.length() && sql.charAt(at) != '\n') {
                    at++;
                }
            } else if (c == '/' && peek(1) == '*') {
                int depth = 0;
                do {
                    if (at >= sql.length()) {
                        throw new LexException("unterminated comment");
                    }
                    if (sql.charAt(at) == '/' && peek(1) == '*') {
                        depth++;
                        at += 2;
                    } else if (sql.charAt(at) == '*' && peek(1) == '/') {
                        depth--;
                        at += 2;
                    } else {
                        at++;
                    }
                } while (depth > 0);
            } else {
                return;
            }
        }
    }

    private Token next() throws LexException {
        int start = at;
        char c = sql.charAt(at);
        char n = peek(1);
        if ((c == 'E' || c == 'e') && n == '\'') {
            at++;
            return string(start, true);
        }
        if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n') && n == '\'') {
            at++;
            return string(start, false);
        }
        if ((c == 'U' || c == 'u') && n == '&' && (peek(2) == '\'' || peek(2) == '"')) {
            at += 2;
            return sql.charAt(at) == '\'' ? string(start, false) : quoted(start);
        }
        if (c == '\'') {
            return string(start, false);
        }
        if (c == '"') {
            return quoted(start);
        }
        if (c == '$') {
            return dollar(start);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(n))) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_' || c > 0x7f) {
            while (at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '_'
                    || sql.charAt(at) == '$' || sql.charAt(at) > 0x7f)) {
                at++;
            }
            String word = sql.substring(start, at);
            return new Token(Type.WORD, word, word.toLowerCase(Locale.ROOT));
        }
        if ("(),;[].".indexOf(c) >= 0) {
            at++;
            return op(start);
        }
        if (c == ':') {
            at += n == ':' || n == '=' ? 2 : 1;
            return op(start);
        }
        if ("+-*/<>=~!@#%^&|`?".indexOf(c) >= 0) {
            while (at < sql.length() && "+-*/<>=~!@#%^&|`?".indexOf(sql.charAt(at)) >= 0
                    && !(sql.charAt(at) == '-' && peek(1) == '-') && !(sql.charAt(at) == '/' && peek(1) == '*')) {
                at++;
            }
            return op(start);
        }
        throw new LexException("unexpected character '" + c + "'");
    }

    private Token op(int start) {
        String text = sql.substring(start, at);
        return new Token(Type.OP, text, text);
    }

    private Token string(int start, boolean escapes) throws LexException {
        at++; // the opening quote
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= sql.length()) {
                throw new LexException("unterminated string");
            }
            char c = sql.charAt(at);
            if (escapes && c == '\\' && at + 1 < sql.length()) {
                value.append(c).append(sql.charAt(at + 1));
                at += 2;
            } else if (c == '\'') {
                if (peek(1) == '\'') {
                    value.append('\'');
                    at += 2;
                } else {
                    at++;
                    return new Token(Type.STRING, sql.substring(start, at), value.toString());
                }
            } else {
                value.append(c);
                at++;
            }
        }
    }

    private Token quoted(int start) throws LexException {
        at++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (at >= sql.length()) {
                throw new LexException("unterminated quoted identifier");
            }
            char c = sql.charAt(at);
            if (c == '"') {
                if (peek(1) == '"') {
                    value.append('"');
                    at += 2;
                } else {
                    at++;
                    return new Token(Type.IDENT, sql.substring(start, at), value.toString());
                }
            } else {
                value.append(c);
                at++;
            }
        }
    }

    private Token dollar(int start) throws LexException {
        int end = at + 1;
        while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
            end++;
        }
        if (end < sql.length() && sql.charAt(end) == '$' && !Character.isDigit(sql.charAt(at + 1 < end ? at + 1 : at))) {
            String tag = sql.substring(at, end + 1);
            int close = sql.indexOf(tag, end + 1);
            if (close < 0) {
                throw new LexException("unterminated dollar-quoted string");
            }
            String body = sql.substring(end + 1, close);
            at = close + tag.length();
            return new Token(Type.DOLLAR, sql.substring(start, at), body);
        }
        // $1: a parameter; the dumper writes none, so it is left to the shape check to refuse.
        at = end;
        return op(start);
    }

    private Token number(int start) {
        while (at < sql.length() && (Character.isLetterOrDigit(sql.charAt(at)) || sql.charAt(at) == '.'
                || sql.charAt(at) == '_' || ((sql.charAt(at) == '+' || sql.charAt(at) == '-')
                && (sql.charAt(at - 1) == 'e' || sql.charAt(at - 1) == 'E')))) {
            at++;
        }
        String text = sql.substring(start, at);
        return new Token(Type.NUMBER, text, text);
    }

    private char peek(int ahead) {
        return at + ahead < sql.length() ? sql.charAt(at + ahead) : '\0';
    }
}
