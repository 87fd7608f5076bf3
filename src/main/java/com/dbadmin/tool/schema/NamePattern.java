package com.dbadmin.tool.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * db_list_tables' {@code pattern}: with {@code %} or {@code *} a wildcard pattern ({@code %}/{@code *} any
 * run of characters, {@code _}/{@code ?} one character), otherwise a substring; case-insensitive.
 *
 * <p>Hand-written rather than translated into a regular expression: a backtracking engine takes seconds
 * on a few {@code %} and a tail that does not match, and even a linear-time engine pays for every
 * wildcard at every character. Matching the pieces between the {@code %}s greedily, each at its leftmost
 * place, is exact for LIKE patterns and costs one scan of the name (plus the length of a piece for each
 * place a piece with {@code _} is tried).
 */
final class NamePattern {
    private final boolean wildcard;
    private final String substring;
    /** The pieces between runs; pieces.size() == runs + 1. */
    private final List<String> pieces;
    private final boolean anchoredStart;
    private final boolean anchoredEnd;

    private NamePattern(String substring) {
        this.wildcard = false;
        this.substring = substring;
        this.pieces = List.of();
        this.anchoredStart = false;
        this.anchoredEnd = false;
    }

    private NamePattern(List<String> pieces, boolean anchoredStart, boolean anchoredEnd) {
        this.wildcard = true;
        this.substring = null;
        this.pieces = pieces;
        this.anchoredStart = anchoredStart;
        this.anchoredEnd = anchoredEnd;
    }

    /** The pattern, or null when it is empty (no filter). */
    static NamePattern parse(String pattern) {
        if (pattern == null || pattern.isEmpty()) {
            return null;
        }
        String lower = pattern.toLowerCase(Locale.ROOT);
        if (lower.indexOf('%') < 0 && lower.indexOf('*') < 0) {
            return new NamePattern(lower);
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (ch == '%' || ch == '*') {
                pieces.add(piece.toString());
                piece.setLength(0);
            } else {
                piece.append(ch == '?' ? '_' : ch);
            }
        }
        pieces.add(piece.toString());
        char first = lower.charAt(0);
        char last = lower.charAt(lower.length() - 1);
        return new NamePattern(pieces, first != '%' && first != '*', last != '%' && last != '*');
    }

    boolean matches(String name) {
        String text = name.toLowerCase(Locale.ROOT);
        if (!wildcard) {
            return text.contains(substring);
        }
        int position = 0;
        int firstMiddle = 0;
        int lastMiddle = pieces.size() - 1;
        if (anchoredStart) {
            String head = pieces.get(0);
            if (!matchesAt(text, 0, head)) {
                return false;
            }
            position = head.length();
            firstMiddle = 1;
        }
        String tail = anchoredEnd ? pieces.get(pieces.size() - 1) : null;
        if (tail != null) {
            lastMiddle = pieces.size() - 2;
        }
        for (int i = firstMiddle; i <= lastMiddle; i++) {
            String piece = pieces.get(i);
            int found = find(text, piece, position);
            if (found < 0) {
                return false;
            }
            position = found + piece.length();
        }
        if (tail == null) {
            return true;
        }
        int tailStart = text.length() - tail.length();
        return tailStart >= position && matchesAt(text, tailStart, tail);
    }

    /** The leftmost place at or after {@code from} where {@code piece} matches ({@code _} is any character). */
    private static int find(String text, String piece, int from) {
        if (piece.indexOf('_') < 0) {
            return text.indexOf(piece, from);
        }
        for (int start = from; start + piece.length() <= text.length(); start++) {
            if (matchesAt(text, start, piece)) {
                return start;
            }
        }
        return -1;
    }

    private static boolean matchesAt(String text, int start, String piece) {
        if (start < 0 || start + piece.length() > text.length()) {
            return false;
        }
        for (int i = 0; i < piece.length(); i++) {
            char expected = piece.charAt(i);
            if (expected != '_' && expected != text.charAt(start + i)) {
                return false;
            }
        }
        return true;
    }
}
