package dev.sorrel.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts typed SQL into tokens for highlighting and completion. It is forgiving where a parser
 * is strict: text being typed is mostly incomplete, so an unterminated string, quoted name
 * or block comment simply runs to the end of the text, and anything unknown is an
 * {@link Kind#OPERATOR} of one character.
 */
final class SqlLexer {

    /** What a token is. */
    enum Kind {
        /** A name or keyword: letters, digits, {@code _} and {@code $}, not starting with a digit. */
        WORD,
        /** A double-quoted name. */
        QUOTED_NAME,
        /** A single-quoted string literal, {@code ''} escaping a quote. */
        STRING,
        /** A numeric literal, with fraction and exponent. */
        NUMBER,
        /** A {@code --} or {@code /* *}{@code /} comment. */
        COMMENT,
        /** Spaces, tabs and line breaks. */
        WHITESPACE,
        /** Any other character, such as {@code (}, {@code ,} or {@code .}. */
        OPERATOR
    }

    /**
     * A token of {@code text}: {@code [start, end)}; {@code closed} is false for a string,
     * quoted name or block comment that the text ends inside.
     */
    record Token(Kind kind, int start, int end, boolean closed) {

        /** The token's characters in {@code text}. */
        String text(CharSequence text) {
            return text.subSequence(start, end).toString();
        }
    }

    private SqlLexer() {
    }

    /** Tokenizes {@code text} completely; whitespace and comments included. */
    static List<Token> tokenize(CharSequence text) {
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            char ch = text.charAt(i);
            int start = i;
            if (Character.isWhitespace(ch)) {
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WHITESPACE, start, i, true));
            } else if (ch == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
                tokens.add(new Token(Kind.COMMENT, start, i, true));
            } else if (ch == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int close = indexOf(text, "*/", i + 2);
                i = close < 0 ? n : close + 2;
                tokens.add(new Token(Kind.COMMENT, start, i, close >= 0));
            } else if (ch == '\'' || ch == '"') {
                int end = endOfQuoted(text, i, ch);
                i = end < 0 ? n : end;
                tokens.add(new Token(ch == '\'' ? Kind.STRING : Kind.QUOTED_NAME, start, i,
                        end >= 0));
            } else if (isDigit(ch) || ch == '.' && i + 1 < n && isDigit(text.charAt(i + 1))) {
                i = endOfNumber(text, i);
                tokens.add(new Token(Kind.NUMBER, start, i, true));
            } else if (isWordStart(ch)) {
                while (i < n && isWordPart(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, start, i, true));
            } else {
                i++;
                tokens.add(new Token(Kind.OPERATOR, start, i, true));
            }
        }
        return tokens;
    }

    /** The end of a quoted token starting at {@code start}: after its closing quote; -1 if none. */
    private static int endOfQuoted(CharSequence text, int start, char quote) {
        int n = text.length();
        int i = start + 1;
        while (i < n) {
            if (text.charAt(i) == quote) {
                if (i + 1 < n && text.charAt(i + 1) == quote) {
                    i += 2; // a doubled quote is one quote character
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return -1;
    }

    private static int endOfNumber(CharSequence text, int start) {
        int n = text.length();
        int i = start;
        while (i < n && isDigit(text.charAt(i))) {
            i++;
        }
        if (i < n && text.charAt(i) == '.') {
            i++;
            while (i < n && isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (text.charAt(j) == '+' || text.charAt(j) == '-')) {
                j++;
            }
            if (j < n && isDigit(text.charAt(j))) {
                i = j;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    private static int indexOf(CharSequence text, String s, int from) {
        return text.toString().indexOf(s, from);
    }

    private static boolean isDigit(char ch) {
        return ch >= '0' && ch <= '9';
    }

    static boolean isWordStart(char ch) {
        return Character.isLetter(ch) || ch == '_';
    }

    static boolean isWordPart(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$';
    }
}
