package dev.sorrel.bench;

import static dev.sorrel.bench.Format.fmt;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.monitor.MonitorDef;

/**
 * The monitor part of the drift suite: {@code CHECK MONITOR} of {@code columns} numeric
 * columns, each tested with Kolmogorov-Smirnov, over {@code rows} current rows against a
 * stored baseline of {@code rows} reference rows. Reports the check's median time with its
 * parts (reading the stored baselines, scanning the current window), the one-time
 * {@code CREATE MONITOR}, and the same ten tests as drift aggregates over both tables (what a
 * check without a stored baseline costs). Evidence that a check does not scan the reference:
 * the engine counts one baseline read per check, and the check gives the same scores after the
 * reference table is dropped.
 */
final class MonitorBenchmark {
  private MonitorBenchmark() {
  }

  static void run(PrintStream out, int rows, int columns, int reps, long seed, Path workDir,
      List<String> failures) {
    try {
      final Path dir = workDir != null ? Files.createDirectories(workDir)
          : Files.createTempDirectory("sorrel-monitor-bench");
      try {
        measure(out, rows, columns, reps, seed, dir, failures);
      } finally {
        if (workDir == null) {
          delete(dir);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void measure(PrintStream out, int rows, int columns, int reps, long seed,
      Path dir, List<String> failures) throws IOException, SQLException {
    out.printf(Locale.ROOT, "%nCHECK MONITOR: %d numeric columns, %,d current rows against a"
        + " stored baseline of %,d reference rows ('ks' on each), %d runs%n", columns, rows,
        rows, reps);
    final Path reference = dir.resolve("reference.csv");
    final Path current = dir.resolve("current.csv");
    final Random random = new Random(seed);
    write(reference, rows, columns, random, 0);
    write(current, rows, columns, random, 0.01);
    final Path db = dir.resolve("db");
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + db);
         Statement s = c.createStatement();
         Database database = Database.open(db, DatabaseOptions.DEFAULT)) {
      final StringBuilder table = new StringBuilder("(id BIGINT PRIMARY KEY");
      final StringBuilder list = new StringBuilder();
      final StringBuilder monitored = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        table.append(", c").append(i).append(" DOUBLE");
        list.append(i == 0 ? "" : ", ").append('c').append(i);
        monitored.append(i == 0 ? "" : ", ").append('c').append(i)
            .append(" WITH (method = 'ks')");
      }
      table.append(')');
      s.execute("CREATE TABLE reference " + table);
      s.execute("CREATE TABLE current_rows " + table);
      s.executeUpdate("COPY reference FROM '" + reference + "'");
      s.executeUpdate("COPY current_rows FROM '" + current + "'");
      long t0 = System.nanoTime();
      s.execute("CREATE MONITOR bench ON current_rows (" + monitored + ") REFERENCE AS SELECT "
          + list + " FROM reference");
      final double create = seconds(t0);
      final MonitorDef def = database.monitors().existing("BENCH");
      final double[] checks = new double[reps];
      String scores = null;
      final long readsBefore = database.monitors().baselineReads();
      for (int r = 0; r < reps; r++) {
        t0 = System.nanoTime();
        scores = check(s);
        checks[r] = seconds(t0);
      }
      final long reads = database.monitors().baselineReads() - readsBefore;
      t0 = System.nanoTime();
      database.monitors().baselines(def);
      final double baselineRead = seconds(t0);
      final StringBuilder counts = new StringBuilder("SELECT ");
      final StringBuilder aggregates = new StringBuilder("SELECT ");
      for (int i = 0; i < columns; i++) {
        counts.append(i == 0 ? "" : ", ").append("COUNT(c").append(i).append(')');
        aggregates.append(i == 0 ? "" : ", ").append("DRIFT_KS(c").append(i).append(", r)");
      }
      t0 = System.nanoTime();
      consume(s, counts + " FROM current_rows");
      final double scan = seconds(t0);
      t0 = System.nanoTime();
      consume(s, aggregates + " FROM (SELECT " + list + ", TRUE AS r FROM reference UNION ALL"
          + " SELECT " + list + ", FALSE FROM current_rows)");
      final double sqlAggregates = seconds(t0);
      s.execute("DROP TABLE reference");
      final String afterDrop = check(s);
      Arrays.sort(checks);
      final double check = checks[reps / 2];
      final TextTable t = new TextTable("path", "median s", "note");
      t.row("CREATE MONITOR (reference query, sort, store)", fmt(create, 3), "once");
      t.row("CHECK MONITOR (whole)", fmt(check, 3), "median of " + reps);
      t.row("  reading the stored baselines", fmt(baselineRead, 3),
          String.format(Locale.ROOT, "%,d doubles", (long) rows * columns));
      t.row("  scanning the current window", fmt(scan, 3),
          "SELECT COUNT(c0), ... FROM current_rows");
      t.row("DRIFT_KS over both tables (no baseline)", fmt(sqlAggregates, 3),
          "scans the reference too");
      t.print(out);
      out.printf(Locale.ROOT, "evidence: %d checks read the stored baselines %d times; the"
          + " reference query ran once (CREATE); after DROP TABLE reference the check gives"
          + " the same scores: %s%n", reps, reads, scores.equals(afterDrop) ? "yes" : "NO");
      if (reads != reps) {
        failures.add("checks read baselines " + reads + " times, not " + reps);
      }
      if (!scores.equals(afterDrop)) {
        failures.add("a check after dropping the reference table gave other scores");
      }
    }
  }

  /** Runs the check; returns its scores and p-values as text, to compare runs. */
  private static String check(Statement s) throws SQLException {
    final StringBuilder scores = new StringBuilder();
    try (ResultSet rs = s.executeQuery("CHECK MONITOR bench")) {
      while (rs.next()) {
        scores.append(rs.getString("COLUMN_NAME")).append('=').append(rs.getDouble("SCORE"))
            .append('/').append(rs.getDouble("P_VALUE")).append(' ');
      }
    }
    return scores.toString();
  }

  private static void consume(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  /** A CSV of id and normal values, each column's mean shifted by {@code shift} times its index. */
  private static void write(Path file, int rows, int columns, Random random, double shift)
      throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("id");
      for (int i = 0; i < columns; i++) {
        w.write(",c" + i);
      }
      w.newLine();
      for (int r = 0; r < rows; r++) {
        w.write(Long.toString(r));
        for (int i = 0; i < columns; i++) {
          w.write(',');
          w.write(Double.toString(random.nextGaussian() + shift * i));
        }
        w.newLine();
      }
    }
  }

  private static void delete(Path dir) throws IOException {
    final List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(paths::add);
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
