package dev.sorrel.shell;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion for the REPL: meta commands at the start of the input, SQL keywords, and
 * table names (looked up when Tab is pressed, which is cheap for an embedded database).
 */
final class SqlCompleter implements Completer {

    private static final List<String> META_COMMANDS = List.of(
            "\\q", "\\?", "\\help", "\\dt", "\\dtS", "\\d", "\\timing", "\\format", "\\i");

    private static final List<String> KEYWORDS = List.of(
            "SELECT", "FROM", "WHERE", "GROUP", "BY", "HAVING", "ORDER", "LIMIT", "OFFSET",
            "FETCH", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "MERGE", "CREATE",
            "TABLE", "VIEW", "INDEX", "DROP", "ALTER", "ADD", "COLUMN", "PRIMARY", "KEY",
            "JOIN", "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "CROSS", "ON", "USING", "AS",
            "AND", "OR", "NOT", "NULL", "IS", "IN", "BETWEEN", "LIKE", "EXISTS", "DISTINCT",
            "UNION", "ALL", "EXCEPT", "INTERSECT", "CASE", "WHEN", "THEN", "ELSE", "END",
            "WITH", "ASC", "DESC", "CAST", "COUNT", "SUM", "AVG", "MIN", "MAX", "TRUE",
            "FALSE", "EXPLAIN", "PLAN", "FOR", "BEGIN", "COMMIT", "ROLLBACK");

    private final Supplier<List<String>> tableNames;

    /** @param tableNames supplies current table names; may return an empty list on failure */
    SqlCompleter(Supplier<List<String>> tableNames) {
        this.tableNames = tableNames;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        String word = line.word();
        if (line.wordIndex() == 0 && line.line().stripLeading().startsWith("\\")) {
            META_COMMANDS.forEach(c -> candidates.add(new Candidate(c)));
            return;
        }
        // Keywords follow the case the user started typing in, so "sel" becomes "select";
        // table names keep their case, which may matter if they are quoted identifiers.
        boolean lower = !word.isEmpty() && word.equals(word.toLowerCase(Locale.ROOT));
        Stream.concat(KEYWORDS.stream().map(k -> lower ? k.toLowerCase(Locale.ROOT) : k),
                        tableNames.get().stream())
                .distinct()
                .forEach(w -> candidates.add(new Candidate(w)));
    }
}
