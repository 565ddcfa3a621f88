package dev.sorrel.shell;

import java.sql.SQLException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Formats failures for the user: {@code ERROR <SQLState>: <message>}, with the messages
 * of the cause chain that add information, and never a stack trace.
 */
final class ErrorReporter {

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
