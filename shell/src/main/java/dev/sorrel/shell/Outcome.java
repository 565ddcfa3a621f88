package dev.sorrel.shell;

/** What happened when the shell ran a statement, a command or a whole script. */
public enum Outcome {
    /** Everything ran; go on with the next input. */
    CONTINUE,
    /** Something failed and its error has already been printed. */
    ERROR,
    /** The user asked to quit ({@code \q}). */
    QUIT
}
