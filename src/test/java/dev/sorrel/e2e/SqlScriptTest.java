package dev.sorrel.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sorrel.e2e.SqlScript.Case;
import dev.sorrel.e2e.SqlScript.Expectation;
import dev.sorrel.e2e.SqlScript.Kind;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.AssertionFailedError;

/**
 * Runs every {@code *.sql} file under {@code src/test/resources/sql/} (found by listing
 * the directory) against a fresh in-memory Sorrel database: one dynamic container per
 * file, one dynamic test per statement. See {@code resources/sql/README.md} for the
 * format. A script names files through the variables {@code ${resources}} (the test
 * resources) and {@code ${tmp}} (a directory of its own, deleted when it ends); see
 * {@link ScriptVariables}.
 *
 * <p>System properties: {@code sorrel.e2e.sqlDir} overrides the script directory;
 * {@code sorrel.e2e.record=DIR} additionally writes each script with the <em>actual</em>
 * outcomes to {@code DIR/<file>} (an aid for writing scripts; never copy wrong results).
 */
class SqlScriptTest {

  private static final AtomicInteger DB_COUNTER = new AtomicInteger();

  @TestFactory
  Stream<DynamicNode> scripts() throws IOException, URISyntaxException {
    Path dir = scriptDirectory();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files =
          walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".sql"))
              .sorted()
              .collect(Collectors.toList());
    }
    assertFalse(files.isEmpty(), "no *.sql files under " + dir);
    List<DynamicNode> nodes = new ArrayList<>();
    for (Path file : files) {
      String name = dir.relativize(file).toString().replace('\\', '/');
      nodes.add(container(name, file));
    }
    return nodes.stream();
  }

  private static Path scriptDirectory() throws URISyntaxException {
    String override = System.getProperty("sorrel.e2e.sqlDir");
    if (override != null) {
      return Path.of(override);
    }
    URL url = SqlScriptTest.class.getClassLoader().getResource("sql");
    if (url != null && "file".equals(url.getProtocol())) {
      return Path.of(url.toURI());
    }
    // Fall back to the source folder (module directory is src/test).
    return Path.of("resources", "sql");
  }

  private static DynamicContainer container(String name, Path file) throws IOException {
    List<Case> cases;
    try {
      cases = SqlScript.parse(file, "sql/" + name);
    } catch (IllegalArgumentException e) {
      return DynamicContainer.dynamicContainer(
          name,
          Stream.of(
              DynamicTest.dynamicTest(
                  "parse " + name,
                  () -> {
                    throw new AssertionFailedError("cannot parse script: " + e.getMessage());
                  })));
    }
    ScriptRun run = new ScriptRun(name, file);
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : cases) {
      tests.add(DynamicTest.dynamicTest(c.summary(), file.toUri(), () -> run.execute(c)));
    }
    tests.add(DynamicTest.dynamicTest(name + " (close database)", run::close));
    return DynamicContainer.dynamicContainer(name, file.toUri(), tests.stream());
  }

  /** The state of one script's run: its connection, opened on first use. */
  private static final class ScriptRun {
    private final String name;
    private final Path file;
    private final String url;
    private Connection connection;
    private SQLException openFailure;
    private final ScriptVariables variables;
    private final List<String> record = Collections.synchronizedList(new ArrayList<>());

    ScriptRun(String name, Path file) {
      this.name = name;
      this.file = file;
      String base = name.replaceAll("[^A-Za-z0-9]", "_");
      this.url = "jdbc:sorrel:mem:e2e_" + base + "_" + DB_COUNTER.incrementAndGet();
      this.variables =
          new ScriptVariables(ScriptVariables.resourcesDirectory(), "sorrel-sql-" + base + "-");
    }

    private Connection connection() {
      if (connection == null && openFailure == null) {
        try {
          connection = DriverManager.getConnection(url);
        } catch (SQLException e) {
          openFailure = e;
        }
      }
      if (openFailure != null) {
        throw new AssertionFailedError("cannot open " + url + ": " + openFailure, openFailure);
      }
      return connection;
    }

    void close() throws Exception {
      try (ScriptVariables closedLast = variables) {
        if (connection != null) {
          connection.close();
        }
      } finally {
        String recordDir = System.getProperty("sorrel.e2e.record");
        if (recordDir != null && !recordDir.isBlank()) {
          Path out = Path.of(recordDir).resolve(name);
          Files.createDirectories(out.getParent());
          Files.write(out, record, StandardCharsets.UTF_8);
        }
      }
    }

    void execute(Case script) {
      Connection conn = connection();
      Case c = new Case(script.file(), script.line(), variables.inStatement(script.sql()),
          script.expectation().map(variables::inText));
      Outcome actual = Outcome.of(conn, c.sql());
      recordOutcome(script, actual);
      Expectation exp = c.expectation();
      String problem = compare(exp, actual);
      if (problem != null) {
        throw failure(c, problem, actual);
      }
      if (exp.kind() == Kind.ERROR) {
        Outcome check = Outcome.of(conn, "VALUES 1");
        if (check.error != null || !check.rows.equals(List.of("1"))) {
          throw failure(
              c,
              "the connection is not usable after the expected error: VALUES 1 gave",
              check);
        }
      }
    }

    private void recordOutcome(Case c, Outcome actual) {
      record.add("-- line " + c.line());
      record.add(c.sql() + ";");
      if (c.expectation().kind() == Kind.SUCCESS && actual.error == null) {
        return;
      }
      if (c.expectation().unordered() && actual.header != null) {
        record.add("> " + SqlScript.UNORDERED);
      }
      for (String l : actual.render()) {
        l = variables.unexpand(l);
        record.add(l.isEmpty() ? ">" : "> " + l);
      }
      record.add("");
    }

    private static String compare(Expectation exp, Outcome actual) {
      return switch (exp.kind()) {
        case SUCCESS -> actual.error != null ? "expected success" : null;
        case COUNT -> actual.error != null || actual.header != null || actual.count != exp.count()
            ? "expected an update count" : null;
        case ERROR -> compareError(exp, actual);
        case RESULT -> compareRows(exp, actual);
        case CONTAINS -> compareContains(exp, actual);
      };
    }

    private static String compareError(Expectation exp, Outcome actual) {
      if (actual.error == null) {
        return "expected an error";
      }
      if (!exp.sqlState().equals(actual.error.getSQLState())) {
        return "wrong SQLState";
      }
      if (exp.messagePart() != null
          && (actual.error.getMessage() == null
              || !actual.error.getMessage().contains(exp.messagePart()))) {
        return "error message does not contain \"" + exp.messagePart() + "\"";
      }
      return null;
    }

    private static String compareRows(Expectation exp, Outcome actual) {
      if (actual.error != null || actual.header == null) {
        return "expected a result set";
      }
      if (!exp.header().equals(actual.header)) {
        return "wrong column labels";
      }
      List<String> want = new ArrayList<>(exp.rows());
      List<String> got = new ArrayList<>(actual.rows);
      if (exp.unordered()) {
        Collections.sort(want);
        Collections.sort(got);
      }
      if (!want.equals(got)) {
        return exp.unordered() ? "wrong rows (compared as a multiset)" : "wrong rows";
      }
      return null;
    }

    private static String compareContains(Expectation exp, Outcome actual) {
      if (actual.error != null || actual.header == null) {
        return "expected a result set";
      }
      String text = String.join("\n", actual.rows);
      for (String part : exp.rows()) {
        if (!text.contains(part)) {
          return "result does not contain \"" + part + "\"";
        }
      }
      return null;
    }

    private AssertionFailedError failure(Case c, String problem, Outcome actual) {
      StringBuilder sb = new StringBuilder();
      sb.append(problem).append('\n');
      sb.append("  at sql/").append(name).append(':').append(c.line())
          .append(" (").append(file).append(")\n");
      sb.append("statement:\n");
      for (String l : c.sql().split("\n", -1)) {
        sb.append("    ").append(l).append('\n');
      }
      sb.append("expected:\n");
      if (c.expectation().lines().isEmpty()) {
        sb.append("    (success)\n");
      }
      for (String l : c.expectation().lines()) {
        sb.append("    > ").append(l).append('\n');
      }
      sb.append("actual:\n");
      for (String l : actual.render()) {
        sb.append("    > ").append(l).append('\n');
      }
      if (actual.error != null) {
        sb.append("stack trace head:\n");
        StringWriter sw = new StringWriter();
        actual.error.printStackTrace(new PrintWriter(sw));
        sw.toString().lines().limit(12).forEach(l -> sb.append("    ").append(l).append('\n'));
      }
      String expected = String.join("\n", c.expectation().lines());
      String got = String.join("\n", actual.render());
      return new AssertionFailedError(sb.toString(), expected, got, actual.error);
    }
  }

  /** What a statement actually did. */
  private static final class Outcome {
    String header;
    List<String> rows = List.of();
    long count = -1;
    SQLException error;

    static Outcome of(Connection conn, String sql) {
      Outcome o = new Outcome();
      try (Statement st = conn.createStatement()) {
        boolean isQuery = st.execute(sql);
        if (isQuery) {
          try (ResultSet rs = st.getResultSet()) {
            String header = ValueRenderer.header(rs.getMetaData()).stripTrailing();
            o.rows = ValueRenderer.rows(rs);
            o.header = header;
          }
        } else {
          o.count = st.getLargeUpdateCount();
        }
      } catch (SQLException e) {
        o.error = e;
        o.header = null;
        o.rows = List.of();
      } catch (RuntimeException | LinkageError | StackOverflowError e) {
        // The driver should only throw SQLException; report anything else as a crash.
        o.error = new SQLException("driver crashed, threw " + e, "(none)", e);
        o.header = null;
        o.rows = List.of();
      }
      return o;
    }

    List<String> render() {
      List<String> lines = new ArrayList<>();
      if (error != null) {
        String msg = error.getMessage() == null ? "" : error.getMessage().replace('\n', ' ');
        lines.add("ERROR " + error.getSQLState() + " " + msg);
      } else if (header != null) {
        lines.add(header);
        lines.addAll(rows);
      } else {
        lines.add(count + (count == 1 ? " row" : " rows"));
      }
      return lines;
    }
  }
}
