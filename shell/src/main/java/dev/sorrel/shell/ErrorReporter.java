package dev.sorrel.shell;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formats failures for the user: {@code ERROR <SQLState>: <message>}, with the messages
 * of the cause chain that add information, and never a stack trace.
 */
final class ErrorReporter {

    /**
     * A statement position in a message: Sorrel's "at line 1, column 8" and Calcite's
     * "From line 1, column 8 to line 1, column 12".
     */
    private static final Pattern POSITION =
            Pattern.compile("(?:\\bat|\\bFrom) line (\\d+), column (\\d+)");

    /** Bound on reported causes; wrapped exceptions rarely say anything new after a few. */
    private static final int MAX_CAUSES = 5;

    private ErrorReporter() {
    }

    /**
     * Formats an error line for the user.
     *
     * @param location where the failing statement is, such as {@code script line 12};
     *                 {@code null} in the REPL, where the user just typed it
     */
    static String format(Throwable error, String location) {
        String state = error instanceof SQLException sql ? sql.getSQLState() : null;
        boolean hasState = state != null && !state.isBlank();
        StringBuilder sb = new StringBuilder("ERROR");
        if (location != null) {
            sb.append(" at ").append(location).append(": ");
            if (hasState) {
                sb.append(state).append(": ");
            }
        } else {
            sb.append(hasState ? " " + state : "").append(": ");
        }
        sb.append(describe(error));
        return sb.toString();
    }

    /**
     * Returns the message of {@code error} followed by {@code Caused by:} lines for causes
     * whose messages are not already part of the text, because drivers often wrap the
     * engine's precise message ("Object 'FOO' not found") in a generic one.
     */
    static String describe(Throwable error) {
        StringBuilder sb = new StringBuilder(message(error));
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(error);
        int reported = 0;
        for (Throwable cause = error.getCause(); cause != null && seen.add(cause)
                && reported < MAX_CAUSES; cause = cause.getCause()) {
            String raw = cause.getMessage() == null ? "" : cause.getMessage().strip();
            if (raw.isEmpty() || !sb.toString().contains(raw)) {
                sb.append(System.lineSeparator()).append("  Caused by: ").append(message(cause));
                reported++;
            }
        }
        return sb.toString();
    }

    /**
     * Shows where in {@code statement} the error is, as psql does: the line the message names,
     * and a caret under the column it names. Returns null when the error names no position,
     * or one outside the statement.
     */
    static String caret(Throwable error, String statement) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : POSITION.matcher(t.getMessage());
            if (m == null || !m.find()) {
                continue;
            }
            int lineNumber;
            int column;
            try {
                lineNumber = Integer.parseInt(m.group(1));
                column = Integer.parseInt(m.group(2));
            } catch (NumberFormatException e) {
                return null;
            }
            List<String> lines = statement.lines().toList();
            if (lineNumber < 1 || lineNumber > lines.size() || column < 1
                    || column > lines.get(lineNumber - 1).length() + 1) {
                return null;
            }
            String line = lines.get(lineNumber - 1);
            String label = "LINE " + lineNumber + ": ";
            StringBuilder pad = new StringBuilder(" ".repeat(label.length()));
            for (int i = 0; i < column - 1; i++) {
                pad.append(line.charAt(i) == '\t' ? '\t' : ' '); // tabs keep the caret aligned
            }
            return label + line + System.lineSeparator() + pad + "^";
        }
        return null;
    }

    /**
     * The message of one throwable. SQL and command errors are written for users and stand
     * alone; anything else (a driver bug, say) is named by class, as its message alone
     * (or its absence, for a NullPointerException) would mean little.
     */
    private static String message(Throwable t) {
        String message = t.getMessage();
        boolean userFacing = t instanceof SQLException || t instanceof CommandException;
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        return userFacing ? message.strip() : t.getClass().getName() + ": " + message.strip();
    }
}
