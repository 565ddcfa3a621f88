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
   * after another, printing "copying" before and "done N" after each, until killed. With a
   * fourth argument {@code view}, into new feature views of entity {@code driver} instead.
   */
  public static final class Loader {
    public static void main(String[] args) throws Exception {
      final boolean view = args.length > 3 && args[3].equals("view");
      try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + args[0]
          + ";bulk_load_min_rows=1;segment_min_rows=1");
           Statement s = c.createStatement()) {
        if (view) {
          s.execute("CREATE ENTITY IF NOT EXISTS driver (driver_id BIGINT)");
        }
        for (int i = 1; ; i++) {
          final String table = args[1] + "_" + i;
          s.execute(view
              ? "CREATE FEATURE VIEW " + table + " ENTITY driver (conv_rate DOUBLE)"
              : "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, arm VARCHAR,"
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

  /**
   * The same for feature views, whose loads also write online rows, statistics and (into an
   * empty view) the history segment: reopened, the history, the online rows, the statistics and
   * a point-in-time join all show the whole file or nothing, with the input in key order (the
   * load follows it) and shuffled (the load works from the sorted rows).
   */
  @Test void aFeatureViewLoadKilledAtAnyPointLeavesAllRowsOrNone() throws Exception {
    final int drivers = ROWS / 10;
    final List<String> lines = new java.util.ArrayList<>();
    for (int d = 0; d < drivers; d++) {
      for (int e = 0; e < 10; e++) {
        final String ts = String.format(java.util.Locale.ROOT, "2026-01-%02d 10:00:00", e + 1);
        lines.add(d + "," + ts + "," + ts + "," + (d % 100 + e) / 100.0);
      }
    }
    final String header = "driver_id,event_timestamp,created_timestamp,conv_rate\n";
    final Path sorted = dir.resolve("sorted.csv");
    Files.writeString(sorted, header + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    java.util.Collections.shuffle(lines, new java.util.Random(3));
    final Path shuffled = dir.resolve("shuffled.csv");
    Files.writeString(shuffled, header + String.join("\n", lines) + "\n",
        StandardCharsets.UTF_8);
    final Path db = dir.resolve("db");
    final Path[] files = {sorted, shuffled};

    for (int round = 0; round < KILL_AT.length; round++) {
      final Process child = child(db, "v" + round, files[round], "view");
      final BufferedReader out = lines(child);
      assertEquals("copying", out.readLine());
      final long copying = System.nanoTime();
      assertEquals("done " + ROWS, out.readLine());
      final long took = System.nanoTime() - copying;
      assertEquals("copying", out.readLine());
      TimeUnit.NANOSECONDS.sleep((long) (took * KILL_AT[round]));
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS));
    }

    final List<Long> all = List.of((long) ROWS, (long) drivers, (long) drivers, (long) ROWS,
        (long) drivers, (long) drivers);
    final List<Long> none = List.of(0L, 0L, 0L, 0L, 0L, 0L);
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + db);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE probes (driver_id BIGINT PRIMARY KEY, ts TIMESTAMP)");
      s.execute("INSERT INTO probes SELECT driver_id, TIMESTAMP '2026-01-05 12:00:00'"
          + " FROM online.v0_1");
      for (int round = 0; round < KILL_AT.length; round++) {
        assertEquals(all, viewCounts(s, "v" + round + "_1"));
        final String view = "v" + round + "_2";
        final List<Long> counts = viewCounts(s, view);
        assertTrue(counts.equals(none) || counts.equals(all), view + ": " + counts);
        // The view takes writes again, its online row following.
        s.executeUpdate("INSERT INTO " + view + " VALUES (5, TIMESTAMP '2026-02-01 00:00:00',"
            + " TIMESTAMP '2026-02-01 00:00:00', 7.0)");
        try (ResultSet rs = s.executeQuery("SELECT conv_rate FROM online." + view
            + " WHERE driver_id = 5")) {
          assertTrue(rs.next());
          assertEquals(7.0, rs.getDouble(1));
        }
      }
    }
  }

  /**
   * History rows, online rows, entities with a match in a point-in-time join, and the
   * statistics' row count, entity count and point-in-time matches again after a segment build.
   */
  private static List<Long> viewCounts(Statement s, String view) throws java.sql.SQLException {
    final long history = single(s, "SELECT COUNT(*) FROM " + view);
    final long online = single(s, "SELECT COUNT(*) FROM online." + view);
    final String join = "SELECT COUNT(*) FROM probes p ASOF JOIN " + view
        + " f MATCH_CONDITION (p.ts >= f.event_timestamp) ON p.driver_id = f.driver_id";
    final long joined = single(s, join);
    final long rows = single(s, "SELECT ROW_COUNT FROM SYS.FEATURE_VIEWS WHERE VIEW_NAME = '"
        + view.toUpperCase(java.util.Locale.ROOT) + "'");
    final long entities = single(s, "SELECT ENTITY_COUNT FROM SYS.FEATURE_VIEWS"
        + " WHERE VIEW_NAME = '" + view.toUpperCase(java.util.Locale.ROOT) + "'");
    s.execute("ALTER FEATURE VIEW " + view + " COMPACT");
    return List.of(history, online, joined, rows, entities, single(s, join));
  }

  private static long single(Statement s, String sql) throws java.sql.SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<Long> counts(Statement s, String table) throws java.sql.SQLException {
    try (ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(id), 0) FROM " + table)) {
      rs.next();
      return List.of(rs.getLong(1), rs.getLong(2));
    }
  }

  private Process child(Path db, String table, Path csv, String... more) throws Exception {
    final List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:-CreateCoredumpOnCrash", "-cp", System.getProperty("java.class.path"),
        Loader.class.getName(), db.toString(), table, csv.toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command)
        .redirectError(Files.createTempFile(dir, "loader", ".stderr").toFile())
        .start();
  }

  private static BufferedReader lines(Process process) {
    return new BufferedReader(new InputStreamReader(process.getInputStream(),
        StandardCharsets.UTF_8));
  }
}
