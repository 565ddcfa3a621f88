package dev.sorrel.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sorrel.shell.CommandLineOptions.Action;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineOptionsTest {

    @Test
    void defaultsToTheInMemoryShellDatabase() throws UsageException {
        CommandLineOptions options = CommandLineOptions.parse();
        assertEquals("jdbc:sorrel:mem:shell", options.jdbcUrl());
        assertFalse(options.hasDatabase());
        assertEquals(OutputFormat.TABLE, options.format());
        assertTrue(options.timing());
        assertTrue(options.actions().isEmpty());
    }

    @Test
    void mapsDatabaseArgumentsToUrls() throws UsageException {
        assertEquals("jdbc:sorrel:/data/db", CommandLineOptions.parse("/data/db").jdbcUrl());
        assertEquals("jdbc:sorrel:rel/db", CommandLineOptions.parse("rel/db").jdbcUrl());
        assertEquals("jdbc:sorrel:mem:x", CommandLineOptions.parse("mem:x").jdbcUrl());
        assertEquals("jdbc:h2:mem:y", CommandLineOptions.parse("jdbc:h2:mem:y").jdbcUrl());
        assertEquals("jdbc:sorrel://db.example:31337?tls=true",
                CommandLineOptions.parse("sorrel://db.example:31337?tls=true").jdbcUrl());
        assertEquals("jdbc:sorrel://127.0.0.1:1",
                CommandLineOptions.parse("jdbc:sorrel://127.0.0.1:1").jdbcUrl());
        assertEquals("JDBC:h2:mem:y", CommandLineOptions.parse("JDBC:h2:mem:y").jdbcUrl());
    }

    @Test
    void collectsActionsInOrder() throws UsageException {
        CommandLineOptions options = CommandLineOptions.parse("-c", "select 1", "-f", "a.sql",
                "--command=select 2", "-fb.sql", "--file", "-", "db");
        assertEquals(List.of(new Action(Action.Kind.COMMAND, "select 1"),
                new Action(Action.Kind.FILE, "a.sql"),
                new Action(Action.Kind.COMMAND, "select 2"),
                new Action(Action.Kind.FILE, "b.sql"),
                new Action(Action.Kind.FILE, "-")), options.actions());
        assertEquals("jdbc:sorrel:db", options.jdbcUrl());
    }

    @Test
    void parsesFlags() throws UsageException {
        CommandLineOptions options = CommandLineOptions.parse("--no-timing", "--format", "TSV");
        assertFalse(options.timing());
        assertEquals(OutputFormat.TSV, options.format());
        assertTrue(CommandLineOptions.parse("-h").help());
        assertTrue(CommandLineOptions.parse("--version").version());
    }

    @Test
    void doubleDashEndsOptions() throws UsageException {
        assertEquals("jdbc:sorrel:-weird", CommandLineOptions.parse("--", "-weird").jdbcUrl());
    }

    @Test
    void rejectsBadCommandLines() {
        assertThrows(UsageException.class, () -> CommandLineOptions.parse("-x"));
        assertThrows(UsageException.class, () -> CommandLineOptions.parse("-c"));
        assertThrows(UsageException.class, () -> CommandLineOptions.parse("--format", "yaml"));
        assertThrows(UsageException.class, () -> CommandLineOptions.parse("a", "b"));
        assertThrows(UsageException.class, () -> CommandLineOptions.parse("--no-timing=yes"));
        UsageException e = assertThrows(UsageException.class,
                () -> CommandLineOptions.parse("--file"));
        assertEquals("option '--file' needs a value", e.getMessage());
    }
}
