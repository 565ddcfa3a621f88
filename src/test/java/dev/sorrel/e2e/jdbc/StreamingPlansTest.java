package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Plans that stream hold little memory whatever the table's size: in a JVM of 64 MB, reading a
 * million rows {@code ORDER BY} the primary key and a million-row table {@code LEFT JOIN} a
 * small one both finish (a sort of the large table, as such plans once were, runs out of heap
 * there), and the first row in key order comes in milliseconds.
 */
class StreamingPlansTest {
  private static final int ROWS = 1_000_000;
  private static final String HEAP = "-Xmx64m";

  @TempDir static Path dir;
  private static Path database;

  @BeforeAll static void load() throws Exception {
    database = dir.resolve("db");
    final Path csv = dir.resolve("big.csv");
    try (BufferedWriter out = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      out.write("ID,K,V\n");
      for (int i = 0; i < ROWS; i++) {
        out.write(i + "," + (i * 7919 % 1000) + ",value number " + i + " of the large table\n");
      }
    }
    try (Connection c = JdbcTestSupport.connect(database)) {
      exec(c, "CREATE TABLE big (id BIGINT PRIMARY KEY, k INT, v VARCHAR)",
          "CREATE TABLE small (k INT PRIMARY KEY, name VARCHAR)",
          "COPY big FROM '" + csv + "'",
          "INSERT INTO small VALUES (1, 'one'), (2, 'two'), (3, 'three')");
      assertFalse(plan(c, "SELECT * FROM big ORDER BY id").contains("Sort"));
      final String join = plan(c, "SELECT b.id, s.name FROM big b LEFT JOIN small s"
          + " ON b.k = s.k");
      assertTrue(join.contains("EnumerableHashJoin") && !join.contains("Sort"), join);
    }
    Files.delete(csv);
  }

  private static String plan(Connection c, String sql) throws SQLException {
    final StringBuilder plan = new StringBuilder();
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  @Test void orderByTheKeyStreamsAMillionRowsInASmallHeap() throws Exception {
    final String out = readInChild("SELECT id, v FROM big ORDER BY id");
    assertTrue(out.startsWith("ROWS " + ROWS + " "), out);
    final double firstMillis = Double.parseDouble(out.substring(out.indexOf("FIRST_MS ") + 9));
    System.out.printf("ORDER BY the key in %s: first of %,d rows after %.1f ms%n", HEAP, ROWS,
        firstMillis);
    assertTrue(firstMillis < 1_000, "first row after " + firstMillis + " ms");
  }

  @Test void aLeftJoinOfAMillionRowsToASmallTableRunsInASmallHeap() throws Exception {
    final String out = readInChild("SELECT b.id, s.name FROM big b LEFT JOIN small s"
        + " ON b.k = s.k");
    assertTrue(out.startsWith("ROWS " + ROWS + " "), out);
    System.out.println("LEFT JOIN of " + ROWS + " rows to 3 in " + HEAP + ": " + out);
  }

  /** Runs {@link LargeReadMain} on the database in a JVM of {@link #HEAP}; its output line. */
  private static String readInChild(String sql) throws Exception {
    final Path stderr = Files.createTempFile(dir, "child", ".stderr");
    final Process child = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), HEAP,
        "-XX:-CreateCoredumpOnCrash", "-cp", System.getProperty("java.class.path"),
        LargeReadMain.class.getName(), database.toString(), sql))
        .redirectError(stderr.toFile()).start();
    final String out = new String(child.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8).trim();
    assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child did not finish");
    assertEquals(0, child.exitValue(), "child failed: " + out + "\n" + Files.readString(stderr));
    return out;
  }
}
