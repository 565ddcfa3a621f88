package dev.sorrel.shell;

/** The command line is invalid; {@code sorrel} prints the message and exits with status 2. */
public final class UsageException extends Exception {

    private static final long serialVersionUID = 1L;

    /** Creates an exception with a message naming the problem. */
    public UsageException(String message) {
        super(message);
    }
}
