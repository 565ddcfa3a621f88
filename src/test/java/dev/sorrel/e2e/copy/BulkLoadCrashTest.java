package dev.sorrel.e2e.copy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed with SIGKILL while a bulk {@code COPY} runs (reading, sorting, writing SST
 * files, or ingesting them) leaves the statement all-or-nothing: reopened, the table holds
 * every row of the file or none, and takes writes again. A child JVM loads the file once to
 * completion (which times a load), then again, and is killed part way through the second load:
 * in one round in the middle, in the other near the end, where the commit ingests.
 */
class BulkLoadCrashTest {
  private static final int ROWS = 60_000;
  private static final double[] KILL_AT = {0.6, 0.95};

  @TempDir Path dir;

  /**
   * The child: loads {@code args[2]} in bulk into new tables {@code args[1]}_1, _2, ... one
   * after another, printing "copying" before and "done N" after each, until killed.
   */
  public static final class Loader {
    public static void main(String[] args) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + args[0]
          + ";bulk_load_min_rows=1");
           Statement s = c.createStatement()) {
        for (int i = 1; ; i++) {
          final String table = args[1] + "_" + i;
          s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, arm VARCHAR,"
              + " revenue DOUBLE)");
          System.out.println("copying");
          System.out.flush();
          final long n = s.executeLargeUpdate("COPY " + table + " FROM '" + args[2] + "'");
          System.out.println("done " + n);
          System.out.flush();
        }
      }
    }
  }

  @Test void aLoadKilledAtAnyPointLeavesAllRowsOrNone() throws Exception {
    final Path csv = dir.resolve("t.csv");
    final StringBuilder text = new StringBuilder("id,arm,revenue\n");
    for (int i = 0; i < ROWS; i++) {
      // Out of key order: the load sorts as well as ingesting.
      final long id = i * 7919L % ROWS;
      text.append(id).append(',').append(i % 2 == 0 ? "control" : "treatment").append(',')
          .append(i % 1000 / 10.0).append('\n');
    }
    Files.writeString(csv, text, StandardCharsets.UTF_8);
    final Path db = dir.resolve("db");
    final List<Long> all = List.of((long) ROWS, (long) ROWS * (ROWS - 1) / 2);

    for (int round = 0; round < KILL_AT.length; round++) {
      // A first load to completion times a load; the second is killed part way.
      final Process child = child(db, "t" + round, csv);
      final BufferedReader out = lines(child);
      assertEquals("copying", out.readLine());
      final long copying = System.nanoTime();
      assertEquals("done " + ROWS, out.readLine());
      final long took = System.nanoTime() - copying;
      assertEquals("copying", out.readLine());
      TimeUnit.NANOSECONDS.sleep((long) (took * KILL_AT[round]));
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no close
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    }

    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + db);
         Statement s = c.createStatement()) {
      for (int round = 0; round < KILL_AT.length; round++) {
        assertEquals(all, counts(s, "t" + round + "_1"));
        // The child printed "copying" after CREATE TABLE had committed.
        final String table = "t" + round + "_2";
        final List<Long> counts = counts(s, table);
        assertTrue(counts.equals(List.of(0L, 0L)) || counts.equals(all), table + ": " + counts);
        // The table takes writes again, a key of the file included whatever survived.
        s.executeUpdate("DELETE FROM " + table + " WHERE id = 5");
        assertEquals(1, s.executeUpdate("INSERT INTO " + table + " VALUES (5, 'x', 1.0)"));
      }
    }
  }

  private static List<Long> counts(Statement s, String table) throws java.sql.SQLException {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(id), 0) FROM " + table)) {
      rs.next();
      return List.of(rs.getLong(1), rs.getLong(2));
    }
  }

  private Process child(Path db, String table, Path csv) throws Exception {
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:-CreateCoredumpOnCrash", "-cp", System.getProperty("java.class.path"),
        Loader.class.getName(), db.toString(), table, csv.toString())
        .redirectError(Files.createTempFile(dir, "loader", ".stderr").toFile())
        .start();
  }

  private static BufferedReader lines(Process process) {
    return new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
  }
}
