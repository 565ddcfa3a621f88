/**
 * The {@code sorrel} command: an interactive SQL shell and a script runner that talk to a
 * database through JDBC only, like any other client. {@link dev.sorrel.shell.Main} parses
 * the command line; {@link dev.sorrel.shell.ScriptRunner} runs statements and backslash
 * meta commands, and the {@link dev.sorrel.shell.ResultFormatter}s print results as an
 * aligned table, CSV, TSV or JSON Lines. Only the REPL and its line parser and completer
 * use JLine, so everything else is tested with plain readers and writers.
 */
package dev.sorrel.shell;
