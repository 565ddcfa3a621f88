package dev.sorrel.shell;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Splits SQL script text into statements at semicolons, streaming from a {@link Reader}.
 *
 * <p>A semicolon ends a statement only outside single-quoted strings ({@code ''} escapes
 * a quote), double-quoted identifiers, {@code --} line comments and {@code /* *}{@code /}
 * block comments (which do not nest, as in most engines). Whitespace and comments before a
 * statement are dropped so that the reported start line points at real SQL, and empty
 * statements ({@code ;;}) are skipped. A backslash as the first character of a statement
 * starts a meta command that runs to the end of its line, as in psql.
 *
 * <p>The splitter reads lazily, so a multi-gigabyte script is never held in memory and
 * statements piped into stdin run as soon as their semicolon arrives.
 */
public final class StatementSplitter {

    private enum State { NORMAL, SINGLE_QUOTE, DOUBLE_QUOTE, LINE_COMMENT, BLOCK_COMMENT }

    private static final int NOTHING_PEEKED = -2;

    private final Reader in;
    private int peeked = NOTHING_PEEKED;
    /** Line of the next character to be read. */
    private int line = 1;
    /** Line of the character most recently returned by {@link #read()}. */
    private int charLine = 1;
    /** Whether only whitespace precedes, on its line, the character most recently read. */
    private boolean lineStartBeforeChar = true;
    /** Whether only whitespace has been read since the last newline. */
    private boolean atLineStart = true;
    /** True when input ended inside a quote or a block comment. */
    private boolean endedInsideConstruct;

    /**
     * Creates a splitter over {@code in}. The reader is not closed by the splitter, and
     * callers should buffer it; it is read one character at a time.
     */
    public StatementSplitter(Reader in) {
        this.in = in;
    }

    /** Splits a whole script held in memory; convenient for short inputs and tests. */
    public static List<ScriptStatement> split(String script) {
        StatementSplitter splitter = new StatementSplitter(new StringReader(script));
        List<ScriptStatement> result = new ArrayList<>();
        try {
            for (ScriptStatement s = splitter.next(); s != null; s = splitter.next()) {
                result.add(s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("StringReader cannot fail", e);
        }
        return result;
    }

    /**
     * Returns whether {@code buffer} is ready to run as typed in the REPL: every statement in
     * it is terminated and it does not end inside a quote or block comment. A buffer of only
     * whitespace and comments is complete (there is nothing to wait for).
     */
    public static boolean isComplete(String buffer) {
        StatementSplitter splitter = new StatementSplitter(new StringReader(buffer));
        try {
            for (ScriptStatement s = splitter.next(); s != null; s = splitter.next()) {
                if (!s.terminated()) {
                    return false;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("StringReader cannot fail", e);
        }
        return !splitter.endedInsideConstruct;
    }

    /**
     * Returns the next statement, or {@code null} at the end of input. A final statement
     * without a semicolon is returned with {@code terminated == false}.
     */
    public ScriptStatement next() throws IOException {
        StringBuilder text = new StringBuilder();
        // The "--" lines right above the statement: a blank line or a comment that follows
        // other text on its line (the previous statement's) starts them over.
        StringBuilder comment = new StringBuilder();
        boolean collecting = false;
        int startLine = 0; // 0 until the first significant character
        State state = State.NORMAL;
        int c;
        while ((c = read()) >= 0) {
            char ch = (char) c;
            boolean started = startLine > 0;
            switch (state) {
                case NORMAL -> {
                    if (ch == ';') {
                        if (started) {
                            return sql(text, startLine, true, comment);
                        }
                        continue; // empty statement
                    }
                    if (ch == '-' && peek() == '-') {
                        boolean ownLine = lineStartBeforeChar;
                        read();
                        state = State.LINE_COMMENT;
                        if (!started) {
                            collecting = ownLine;
                            if (!ownLine) {
                                comment.setLength(0);
                            } else {
                                comment.append(comment.length() == 0 ? "--" : "\n--");
                            }
                        }
                        appendIf(started, text, "--");
                        continue;
                    }
                    if (ch == '/' && peek() == '*') {
                        read();
                        state = State.BLOCK_COMMENT;
                        appendIf(started, text, "/*");
                        continue;
                    }
                    if (!started) {
                        // U+FEFF: the byte order mark some editors put before UTF-8 scripts.
                        if (Character.isWhitespace(ch) || ch == '\uFEFF') {
                            if (ch == '\n' && lineStartBeforeChar) {
                                comment.setLength(0); // a blank line
                            }
                            continue;
                        }
                        startLine = charLine;
                        if (ch == '\\') {
                            return meta(startLine, stripLines(comment));
                        }
                    }
                    text.append(ch);
                    if (ch == '\'') {
                        state = State.SINGLE_QUOTE;
                    } else if (ch == '"') {
                        state = State.DOUBLE_QUOTE;
                    }
                }
                // A doubled quote ('' or "") closes and immediately reopens, which is
                // exactly the escape semantics, so no look-ahead is needed.
                case SINGLE_QUOTE -> {
                    text.append(ch);
                    if (ch == '\'') {
                        state = State.NORMAL;
                    }
                }
                case DOUBLE_QUOTE -> {
                    text.append(ch);
                    if (ch == '"') {
                        state = State.NORMAL;
                    }
                }
                case LINE_COMMENT -> {
                    appendIf(started, text, ch);
                    if (ch == '\n') {
                        state = State.NORMAL;
                    } else if (!started && collecting && ch != '\r') {
                        comment.append(ch);
                    }
                }
                case BLOCK_COMMENT -> {
                    appendIf(started, text, ch);
                    if (ch == '*' && peek() == '/') {
                        read();
                        appendIf(started, text, '/');
                        state = State.NORMAL;
                    }
                }
                default -> throw new AssertionError(state);
            }
        }
        endedInsideConstruct = state == State.SINGLE_QUOTE || state == State.DOUBLE_QUOTE
                || state == State.BLOCK_COMMENT;
        return startLine > 0 ? sql(text, startLine, false, comment) : null;
    }

    /** Reads a meta command: the backslash has been consumed, the rest of the line follows. */
    private ScriptStatement meta(int startLine, String comment) throws IOException {
        StringBuilder text = new StringBuilder("\\");
        int c;
        while ((c = read()) >= 0 && c != '\n') {
            text.append((char) c);
        }
        // psql users often type "\dt;" out of habit; the semicolon is never meaningful here.
        String command = text.toString().strip();
        while (command.endsWith(";")) {
            command = command.substring(0, command.length() - 1).strip();
        }
        return new ScriptStatement(ScriptStatement.Kind.META, command, startLine, true, comment);
    }

    private static ScriptStatement sql(StringBuilder text, int startLine, boolean terminated,
                                       StringBuilder comment) {
        return new ScriptStatement(ScriptStatement.Kind.SQL, text.toString().stripTrailing(),
                startLine, terminated, stripLines(comment));
    }

    /** The comment lines without trailing whitespace. */
    private static String stripLines(CharSequence comment) {
        return comment.toString().lines().map(String::stripTrailing)
                .collect(Collectors.joining("\n"));
    }

    private static void appendIf(boolean condition, StringBuilder text, CharSequence s) {
        if (condition) {
            text.append(s);
        }
    }

    private static void appendIf(boolean condition, StringBuilder text, char ch) {
        if (condition) {
            text.append(ch);
        }
    }

    private int peek() throws IOException {
        if (peeked == NOTHING_PEEKED) {
            peeked = in.read();
        }
        return peeked;
    }

    private int read() throws IOException {
        int c;
        if (peeked != NOTHING_PEEKED) {
            c = peeked;
            peeked = NOTHING_PEEKED;
        } else {
            c = in.read();
        }
        charLine = line;
        lineStartBeforeChar = atLineStart;
        if (c == '\n') {
            line++;
            atLineStart = true;
        } else if (c >= 0 && !Character.isWhitespace(c) && c != '\uFEFF') {
            atLineStart = false;
        }
        return c;
    }
}
