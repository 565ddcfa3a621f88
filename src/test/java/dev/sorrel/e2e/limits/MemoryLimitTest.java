package dev.sorrel.e2e.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A query whose sort, hash join or aggregation would need more than the heap fails with 53200,
 * and the JVM, the connection, the other connections and the database carry on: a child JVM
 * with a small heap runs each such query, then on the same connection a query and a write,
 * reads the write on another connection, closes and reopens the database; this JVM then opens
 * the directory (the child's lock released) and finds every write. Twice: once stopped by the
 * database's memory guard before the heap fills, and once with the guard off
 * ({@code memory_limit=0}), where the JVM's own {@code OutOfMemoryError} is what the
 * statement fails with.
 */
class MemoryLimitTest {
  private static final String HEAP = "-Xmx256m";
  /** Rows of the table; its cross join with itself has this many squared. */
  private static final int ROWS = 3_000;

  /**
   * Queries that each hold up to nine million rows (a cross join of {@link #ROWS}) in memory,
   * each row or group with a value of a kilobyte made for it: the heap fills with few objects,
   * so that the JVM's collections (which take time per object) do not slow the test down.
   */
  private static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("sort", "SELECT a.id, b.id, a.v || b.v AS w FROM t a, t b ORDER BY w");
    QUERIES.put("aggregate", "SELECT a.v || b.v AS w, COUNT(*) FROM t a, t b"
        + " GROUP BY a.v || b.v");
    QUERIES.put("hash-join", "SELECT COUNT(*) FROM t l JOIN"
        + " (SELECT a.v || b.v AS y FROM t a, t b) r ON l.v = r.y");
  }

  @TempDir Path dir;

  /**
   * The child: creates table {@code t} of {@link #ROWS} rows and table {@code log}; runs each
   * query of {@link #QUERIES} named in {@code args[2..]}, printing {@code FAILED name state
   * millis message} or {@code ROWS name n}, then {@code AFTER name count written seen}: the
   * count of {@code t} on the same connection, the rows a write on it changed, and the rows of
   * {@code log} another connection sees. Last, closes both connections, reopens and prints
   * {@code REOPENED count}.
   */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      final String url = "jdbc:sorrel:" + args[0] + args[1];
      try (Connection c = DriverManager.getConnection(url);
           Connection other = DriverManager.getConnection(url)) {
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, k INT, v VARCHAR)");
          s.execute("CREATE TABLE log (id INT PRIMARY KEY, note VARCHAR)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
          for (int i = 0; i < ROWS; i++) {
            insert.setLong(1, i);
            insert.setInt(2, i % 100);
            insert.setString(3, String.format("%-500s", "row " + i + " of the table"));
            insert.addBatch();
          }
          insert.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
        int written = 0;
        for (int q = 2; q < args.length; q++) {
          final String name = args[q];
          final long start = System.nanoTime();
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
              QUERIES.get(name))) {
            long rows = 0;
            while (rs.next()) {
              rows++;
            }
            System.out.println("ROWS " + name + " " + rows);
          } catch (SQLException e) {
            System.out.println("FAILED " + name + " " + e.getSQLState() + " "
                + (System.nanoTime() - start) / 1_000_000 + " " + e.getMessage());
          }
          try (Statement s = c.createStatement(); Statement o = other.createStatement()) {
            final long count = count(s, "SELECT COUNT(*) FROM t");
            final int changed = s.executeUpdate("INSERT INTO log VALUES (" + ++written
                + ", 'after " + name + "')");
            System.out.println("AFTER " + name + " " + count + " " + changed + " "
                + count(o, "SELECT COUNT(*) FROM log"));
          }
          System.out.flush();
        }
      }
      try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
        System.out.println("REOPENED " + count(s, "SELECT COUNT(*) FROM log"));
      }
    }

    private static long count(Statement s, String sql) throws SQLException {
      try (ResultSet rs = s.executeQuery(sql)) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test void theMemoryGuardStopsSortsJoinsAndAggregatesBeforeTheHeapRunsOut()
      throws Exception {
    check("", new ArrayList<>(QUERIES.keySet()));
  }

  @Test void anOutOfMemoryErrorEscapingAStatementIs53200AndTheDatabaseStaysUsable()
      throws Exception {
    check(";memory_limit=0", List.of("sort", "hash-join"));
  }

  private void check(String options, List<String> queries) throws Exception {
    final Path database = dir.resolve("db");
    final List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "-XX:-CreateCoredumpOnCrash", "-cp", System.getProperty("java.class.path"),
        Child.class.getName(), database.toString(), options));
    command.addAll(queries);
    final Path stderr = dir.resolve("child.stderr");
    final Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
    final String out = new String(child.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8);
    assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child did not finish");
    final String report = out + "\n" + Files.readString(stderr);
    assertEquals(0, child.exitValue(), "the child died: " + report);
    final List<String> lines = out.lines().toList();
    int line = 0;
    for (int q = 0; q < queries.size(); q++) {
      final String name = queries.get(q);
      final String[] failed = lines.get(line++).split(" ", 5);
      assertEquals(List.of("FAILED", name, "53200"), List.of(failed).subList(0, 3), report);
      assertTrue(failed[4].startsWith("out of memory"), report);
      System.out.printf("%s in %s%s: 53200 after %s ms: %s%n", name, HEAP, options, failed[3],
          failed[4]);
      assertEquals("AFTER " + name + " " + ROWS + " 1 " + (q + 1), lines.get(line++), report);
    }
    assertEquals("REOPENED " + queries.size(), lines.get(line), report);
    // The child has exited: its lock on the directory is gone, and every write is there.
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + database);
         Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT id, note FROM log ORDER BY id")) {
      for (int q = 0; q < queries.size(); q++) {
        assertTrue(rs.next());
        assertEquals(q + 1, rs.getInt(1));
        assertEquals("after " + queries.get(q), rs.getString(2));
      }
      assertFalse(rs.next());
    }
  }
}
