package dev.sorrel.e2e.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Mutation of the project's own SQL scripts: a block replays one script (chosen at random)
 * against a fresh in-memory database, and before a statement now and then runs mutants of it:
 * a token deleted, duplicated, swapped with its neighbour or replaced, a stray token inserted,
 * a literal replaced with an extreme (NULL, '', huge and tiny numbers, NaN, -0.0, a long
 * string, non-ASCII text). The replayed originals build the state the mutants meet; only the
 * mutants count as cases. Scripts see a copy of the test resources, so that no mutant can
 * overwrite the originals.
 */
final class ScriptMutator {
  private static final Pattern TOKEN = Pattern.compile(
      "'(?:[^']|'')*'|\"[^\"]*\"|\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?|[A-Za-z_][A-Za-z0-9_$]*"
          + "|<>|<=|>=|\\|\\||\\s+|.", Pattern.DOTALL);
  private static final String[] EXTREMES = {"NULL", "''", "9223372036854775807",
      "9223372036854775808", "-9223372036854775809", "2147483648", "1e308", "1e309", "-0.0",
      "0.0000000000000000000001", "CAST('NaN' AS DOUBLE)", "CAST('Infinity' AS DOUBLE)", "0",
      "-1", "'" + "x".repeat(70_000) + "'", "'\uD83D\uDE00 ß 日本 \u0000'", "'2026-02-30'",
      "'%'", "''''", "99999999999999999999999999999999999999.99"};
  private static final String[] STRAY = {"(", ")", ",", "NOT", "NULL", "*", "SELECT", "FROM",
      "WHERE", "AND", "OR", "JOIN", "ON", "GROUP BY", "ORDER BY", "LIMIT", "UNION ALL", "AS",
      "CAST(", "=", "-", "'", "\"", "DEFAULT", "VALUES", "CASE WHEN", "END", "INTERVAL",
      "TABLE", "IF NOT EXISTS", "ALL", "DISTINCT", "OVER ()"};
  private static final String[] KEYWORDS = {"SELECT", "FROM", "WHERE", "NULL", "TABLE",
      "VIEW", "MODEL", "ENTITY", "FEATURE", "INSERT", "UPDATE", "DELETE", "DROP", "CREATE",
      "ALTER", "INTEGER", "VARCHAR", "DOUBLE", "TIMESTAMP", "BOOLEAN", "PREDICT", "ASOF",
      "LEFT", "EXPERIMENT", "MONITOR", "REFRESH", "COMPACT", "VERSION", "ALIAS", "COPY"};

  private final FuzzRunner runner;
  private final Random random;
  private final List<Path> scripts;
  private final Path resourcesCopy;
  private final Path tmp;
  private int blocks;

  ScriptMutator(FuzzRunner runner, Random random, Path resources, Path tmp) throws IOException {
    this.runner = runner;
    this.random = random;
    this.tmp = tmp;
    this.resourcesCopy = tmp.resolve("resources");
    for (String dir : List.of("sql", "models")) {
      final Path from = resources.resolve(dir);
      try (Stream<Path> walk = Files.walk(from)) {
        for (Path p : (Iterable<Path>) walk::iterator) {
          final Path to = resourcesCopy.resolve(dir).resolve(from.relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(to);
          } else {
            Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    try (Stream<Path> walk = Files.walk(resources.resolve("sql"))) {
      scripts = walk.filter(p -> p.getFileName().toString().endsWith(".sql")).sorted().toList();
    }
  }

  /** Replays one script with about eight mutants spread over it. */
  void run() throws IOException, SQLException {
    final Path script = scripts.get(random.nextInt(scripts.size()));
    final Path scriptTmp = Files.createDirectories(tmp.resolve("script" + (blocks % 4)));
    final List<String> statements = statements(script, scriptTmp);
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:fuzz_script_"
        + (blocks++))) {
      for (String original : statements) {
        if (runner.done()) {
          return;
        }
        if (random.nextInt(statements.size()) < 6) {
          for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
            final String sql = mutate(original);
            runner.attempt(FuzzClass.SCRIPT_MUTATION, script.getFileName() + ": " + sql,
                () -> Rows.execute(runner, c, sql));
          }
        }
        try (Statement s = c.createStatement()) {
          s.setQueryTimeout(FuzzRunner.STATEMENT_TIMEOUT_SECONDS);
          if (s.execute(original)) {
            Rows.read(s.getResultSet());
          }
        } catch (SQLException e) {
          FuzzSuite.ignore(e); // the original may expect an error, or meet a mutant's state
        }
      }
    }
  }

  private List<String> statements(Path script, Path scriptTmp) throws IOException {
    final List<String> out = new ArrayList<>();
    final StringBuilder sql = new StringBuilder();
    for (String line : Files.readAllLines(script, StandardCharsets.UTF_8)) {
      final String trimmed = line.strip();
      if (trimmed.startsWith(">") || trimmed.startsWith("--")
          || (trimmed.isEmpty() && sql.length() == 0)) {
        continue;
      }
      sql.append(sql.length() == 0 ? "" : "\n").append(line);
      if (trimmed.endsWith(";")) {
        final String text = sql.toString().strip();
        out.add(text.substring(0, text.length() - 1)
            .replace("${resources}", resourcesCopy.toString().replace("'", "''"))
            .replace("${tmp}", scriptTmp.toString().replace("'", "''")));
        sql.setLength(0);
      }
    }
    return out;
  }

  /** The statement with one to three mutations. */
  String mutate(String sql) {
    final List<String> tokens = new ArrayList<>();
    final Matcher m = TOKEN.matcher(sql);
    while (m.find()) {
      tokens.add(m.group());
    }
    for (int round = 0, n = 1 + random.nextInt(3); round < n; round++) {
      final List<Integer> solid = new ArrayList<>();
      for (int i = 0; i < tokens.size(); i++) {
        if (!tokens.get(i).isBlank()) {
          solid.add(i);
        }
      }
      if (solid.isEmpty()) {
        break;
      }
      final int at = solid.get(random.nextInt(solid.size()));
      switch (random.nextInt(9)) {
        case 0 -> tokens.set(at, "");
        case 1 -> tokens.set(at, tokens.get(at) + " " + tokens.get(at));
        case 2 -> {
          final int k = solid.indexOf(at);
          if (k + 1 < solid.size()) {
            final int next = solid.get(k + 1);
            final String t = tokens.get(at);
            tokens.set(at, tokens.get(next));
            tokens.set(next, t);
          }
        }
        case 3, 6, 7, 8 -> {
          final List<Integer> literals = new ArrayList<>();
          for (int i : solid) {
            final char first = tokens.get(i).charAt(0);
            if (first == '\'' || Character.isDigit(first)) {
              literals.add(i);
            }
          }
          final int target = literals.isEmpty() ? at : literals.get(random.nextInt(
              literals.size()));
          tokens.set(target, EXTREMES[random.nextInt(EXTREMES.length)]);
        }
        case 4 -> tokens.set(at, " " + STRAY[random.nextInt(STRAY.length)] + " "
            + tokens.get(at));
        default -> {
          if (Character.isLetter(tokens.get(at).charAt(0))) {
            tokens.set(at, KEYWORDS[random.nextInt(KEYWORDS.length)]);
          } else {
            tokens.set(at, "");
          }
        }
      }
    }
    return String.join("", tokens);
  }
}
