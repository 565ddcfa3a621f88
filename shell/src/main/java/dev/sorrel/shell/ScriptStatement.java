package dev.sorrel.shell;

import java.util.Objects;

/**
 * One unit of work cut out of a script by {@link StatementSplitter}: either a SQL
 * statement (without its terminating semicolon) or a backslash meta command.
 *
 * @param kind       whether this is SQL or a meta command
 * @param text       the statement text; never blank
 * @param line       1-based line of the script on which the statement starts, used in
 *                   error messages so users can find the failing statement
 * @param terminated whether the statement was closed by a {@code ;} (meta commands are
 *                   always terminated, by their end of line); the REPL keeps reading
 *                   while this is false, a script still runs an unterminated last statement
 * @param comment    the {@code --} comment lines between the previous statement and this
 *                   one, each with its {@code --}, joined by newlines; empty if none. Echo
 *                   prints them with the statement, so a script's comments explain its steps
 */
public record ScriptStatement(Kind kind, String text, int line, boolean terminated,
                              String comment) {

    /** What a {@link ScriptStatement} holds. */
    public enum Kind {
        /** SQL text to send to the database. */
        SQL,
        /** A shell command that starts with a backslash, such as {@code \dt}. */
        META
    }

    /** Validates the components. */
    public ScriptStatement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(comment, "comment");
        if (line < 1) {
            throw new IllegalArgumentException("line must be >= 1: " + line);
        }
    }

    /** A statement without a leading comment. */
    public ScriptStatement(Kind kind, String text, int line, boolean terminated) {
        this(kind, text, line, terminated, "");
    }

    /** Shorthand for a terminated SQL statement, mostly for tests. */
    public static ScriptStatement sql(String text, int line) {
        return new ScriptStatement(Kind.SQL, text, line, true);
    }

    /** Returns whether this is a backslash meta command. */
    public boolean isMeta() {
        return kind == Kind.META;
    }
}
