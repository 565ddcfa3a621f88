package dev.sorrel.shell;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Runs SQL and meta commands from scripts, {@code -c} strings and REPL input against one
 * connection, printing results to {@code out} and errors to {@code err}.
 *
 * <p>Scripts stop at the first failing statement (like psql with {@code ON_ERROR_STOP}),
 * since later statements usually depend on earlier ones; the error names the line where
 * the failing statement starts. This class has no terminal dependency, so everything but
 * line editing is testable with plain readers and writers.
 */
public final class ScriptRunner {

    /** Bound on {@code \i} nesting, so a script that includes itself fails cleanly. */
    static final int MAX_INCLUDE_DEPTH = 16;

    private final StatementExecutor executor;
    private final MetaCommands metaCommands;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ShellSettings settings;
    private int includeDepth;
    /** The last SQL statement run, which {@code \watch} runs again. */
    private String lastStatement;
    /** Whether the input being run is echoed when echo is on: not what was just typed. */
    private boolean echoInput = true;

    /**
     * Creates a runner. The connection, settings and writers stay owned by the caller.
     *
     * @param settings session settings, changed by {@code \timing} and {@code \format}
     */
    public ScriptRunner(Connection connection, ShellSettings settings, PrintWriter out,
                        PrintWriter err) {
        this.out = out;
        this.err = err;
        this.settings = settings;
        this.executor = new StatementExecutor(connection, settings, out, err);
        this.metaCommands = new MetaCommands(connection, settings, executor, out, this::include,
                () -> lastStatement);
    }

    /**
     * Runs a whole script (file, stdin or {@code -c} text), stopping at the first error,
     * which is reported as {@code ERROR at script line N: ...}.
     *
     * @return {@link Outcome#CONTINUE} if all of it ran, {@link Outcome#ERROR} if a
     *         statement failed, {@link Outcome#QUIT} if it ran {@code \q}
     */
    public Outcome runScript(Reader script) {
        return run(script, s -> "script line " + s.line());
    }

    /**
     * Runs input typed at the REPL: complete statements and meta commands. Errors are
     * reported without a line number, and the rest of the input is skipped.
     */
    public Outcome runInteractive(String input) {
        echoInput = false;
        try {
            return run(new StringReader(input), s -> null);
        } finally {
            echoInput = true;
        }
    }

    /** Sets what runs after each statement that may have changed definitions (DDL). */
    public void onDefinitionsChanged(Runnable listener) {
        executor.onDefinitionsChanged(listener);
    }

    /**
     * Asks the running statement to stop; for a Ctrl-C handler on another thread.
     */
    public void cancel() {
        metaCommands.stopWatching();
        executor.cancel();
    }

    private Outcome include(Path file) throws CommandException {
        if (includeDepth >= MAX_INCLUDE_DEPTH) {
            throw new CommandException("\\i nested more than " + MAX_INCLUDE_DEPTH
                    + " levels deep (does a script include itself?)");
        }
        BufferedReader reader;
        try {
            reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandException("cannot read " + file + ": " + ioMessage(e), e);
        }
        includeDepth++;
        boolean echoTyped = echoInput;
        echoInput = true;
        try (reader) {
            return run(reader, s -> "script line " + s.line() + " of " + file);
        } catch (IOException e) {
            throw new CommandException("cannot close " + file + ": " + ioMessage(e), e);
        } finally {
            includeDepth--;
            echoInput = echoTyped;
        }
    }

    private Outcome run(Reader script, Function<ScriptStatement, String> location) {
        StatementSplitter splitter = new StatementSplitter(
                script instanceof BufferedReader || script instanceof StringReader
                        ? script : new BufferedReader(script));
        ScriptStatement statement = null;
        try {
            while ((statement = splitter.next()) != null) {
                Outcome outcome = runOne(statement);
                if (outcome != Outcome.CONTINUE) {
                    return outcome;
                }
            }
            return Outcome.CONTINUE;
        } catch (IOException e) {
            report(new CommandException("cannot read script: " + ioMessage(e), e), null);
            return Outcome.ERROR;
        } catch (SQLException | CommandException | RuntimeException e) {
            // RuntimeException too: a driver bug must cost one statement, not the session.
            String where = location.apply(statement);
            report(e, where);
            if (where == null && statement != null && !statement.isMeta()) {
                // Typed just now: point at the spot in it, which a script's line number
                // does not need.
                String caret = ErrorReporter.caret(e, statement.text());
                if (caret != null) {
                    err.println(caret);
                    err.flush();
                }
            }
            return Outcome.ERROR;
        }
    }

    private Outcome runOne(ScriptStatement statement) throws SQLException, CommandException {
        if (statement.isMeta()) {
            return metaCommands.run(statement.text());
        }
        if (echoInput && settings.echo()) {
            executor.echo(statement);
        }
        lastStatement = statement.text();
        executor.execute(statement.text());
        return Outcome.CONTINUE;
    }

    private void report(Exception e, String location) {
        out.flush(); // keep output and error in the order they happened
        err.println(ErrorReporter.format(e, location));
        err.flush();
    }

    private static String ioMessage(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
