package dev.sorrel.shell;

/**
 * A meta command could not be carried out because of its input (unknown command, bad
 * argument, unreadable file); the message is meant for the user as is.
 */
public final class CommandException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a user-facing message. */
    public CommandException(String message) {
        super(message);
    }

    /** Creates an exception with a user-facing message and its cause. */
    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
