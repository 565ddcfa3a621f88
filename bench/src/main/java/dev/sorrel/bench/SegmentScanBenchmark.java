package dev.sorrel.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * Analytic scans of a table with and without its columnar segment, against
 * DuckDB in memory on the same rows: loads {@code rows} rows of (unit BIGINT
 * PRIMARY KEY, arm VARCHAR, revenue DOUBLE, pre DOUBLE, ts TIMESTAMP) into
 * both, builds the segment with {@code ALTER TABLE t COMPACT}, then times
 * each query {@code reps} times (after one warm-up) on a connection that
 * reads RocksDB ({@code table_segments=false}), one that reads the segment,
 * and DuckDB, checking that all three answer the same.
 */
public final class SegmentScanBenchmark {
  private static final String[][] PARAMETERS = {
      {"rows", "1000000", "rows in the table"},
      {"reps", "5", "timed runs per query and engine (the median is printed)"},
      {"seed", "1", "random seed of the data"},
      {"dir", "", "working directory (default: a new temporary one)"},
      {"keep", "false", "keep the working directory"},
  };

  static final List<String> QUERIES = List.of(
      "SELECT COUNT(*) FROM t WHERE revenue > 90.0",
      "SELECT arm, COUNT(*), AVG(revenue), VAR_SAMP(revenue), AVG(pre) FROM t GROUP BY arm"
          + " ORDER BY arm");

  private record Config(int rows, int reps, long seed, Path dir, boolean keep) {
    static Config parse(String[] args) {
      final Map<String, String> v = Parameters.read(PARAMETERS, args,
          "bin/bench suite=scan [name=value ...]");
      if (v == null) {
        return null;
      }
      return new Config(Parameters.positive(v, "rows"), Parameters.positive(v, "reps"),
          Long.parseLong(v.get("seed").trim()),
          v.get("dir").isBlank() ? null : Path.of(v.get("dir")),
          Boolean.parseBoolean(v.get("keep").trim()));
    }
  }

  private final Config config;
  private final Path root;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  private final List<String> failures = new ArrayList<>();

  private SegmentScanBenchmark(Config config, Path root) {
    this.config = config;
    this.root = root;
  }

  /** Entry point: {@code rows=, reps=, seed=, dir=, keep=}. */
  public static void main(String[] args) throws Exception {
    Suite.main(args, Config::parse, Config::dir, Config::keep, "sorrel-scan-bench-",
        (c, root) -> new Suite.Run(new SegmentScanBenchmark(c, root)::run, () -> { }));
  }

  private void run() throws Exception {
    Machine.printHeader(out, "Sorrel table segment scans vs RocksDB scans vs DuckDB");
    out.printf(Locale.ROOT, "load    : system load average %.2f at start%n",
        Machine.loadAverage());
    final String url = "jdbc:sorrel:" + root.resolve("scan");
    try (Connection segments = DriverManager.getConnection(url);
         Connection rocks = DriverManager.getConnection(url + ";table_segments=false");
         Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      long t = System.nanoTime();
      load(segments);
      out.printf(Locale.ROOT, "loaded  : %,d rows into Sorrel in %.1f s (JDBC batches)%n",
          config.rows, (System.nanoTime() - t) / 1e9);
      load(duck);
      t = System.nanoTime();
      try (Statement s = segments.createStatement()) {
        s.execute("ALTER TABLE t COMPACT");
      }
      out.printf(Locale.ROOT, "segment : ALTER TABLE t COMPACT in %.2f s%n",
          (System.nanoTime() - t) / 1e9);
      out.println();
      final TextTable table = new TextTable("query", "RocksDB ms", "segment ms", "DuckDB ms",
          "segment/DuckDB");
      for (String query : QUERIES) {
        final double[] rocksMs = new double[1];
        final Object rocksRows = time(rocks, query, rocksMs);
        final double[] segmentMs = new double[1];
        final Object segmentRows = time(segments, query, segmentMs);
        final double[] duckMs = new double[1];
        final Object duckRows = time(duck, query, duckMs);
        // The segment's two parts sum apart: doubles agree with the row path's to rounding.
        if (!close(rocksRows, segmentRows) || !close(segmentRows, duckRows)) {
          failures.add(query + ": answers differ: " + rocksRows + " / " + segmentRows + " / "
              + duckRows);
        }
        table.row(query, fmt(rocksMs[0]), fmt(segmentMs[0]), fmt(duckMs[0]),
            String.format(Locale.ROOT, "%.1fx", segmentMs[0] / duckMs[0]));
      }
      table.print(out);
    }
    Suite.printEnd(out, failures, start);
  }

  private void load(Connection c) throws Exception {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (unit BIGINT PRIMARY KEY, arm VARCHAR, revenue DOUBLE,"
          + " pre DOUBLE, ts TIMESTAMP)");
    }
    c.setAutoCommit(false);
    final Random random = new Random(config.seed);
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < config.rows; i++) {
        ps.setLong(1, i);
        ps.setString(2, random.nextBoolean() ? "control" : "treatment");
        ps.setDouble(3, random.nextDouble() * 100);
        ps.setDouble(4, random.nextGaussian() * 10 + 50);
        ps.setTimestamp(5, new Timestamp(1_767_225_600_000L + i * 1000L));
        ps.addBatch();
        if (i % 50_000 == 49_999) {
          ps.executeBatch();
          c.commit();
        }
      }
      ps.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }

  /** Runs a query once to warm up, then {@code reps} times; returns its rows. */
  private Object time(Connection c, String query, double[] medianMs) throws Exception {
    final double[] ms = new double[config.reps];
    Object rows = null;
    for (int rep = -1; rep < config.reps; rep++) {
      final long t = System.nanoTime();
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
        final List<List<Object>> result = new ArrayList<>();
        while (rs.next()) {
          final List<Object> row = new ArrayList<>();
          for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
            final Object value = rs.getObject(i);
            row.add(value instanceof Number n ? (Object) n.doubleValue() : value);
          }
          result.add(row);
        }
        rows = result;
      }
      if (rep >= 0) {
        ms[rep] = (System.nanoTime() - t) / 1e6;
      }
    }
    Arrays.sort(ms);
    medianMs[0] = ms[ms.length / 2];
    return rows;
  }

  /** Whether two results agree, numbers to 1e-9 relative (the engines sum in other orders). */
  private static boolean close(Object a, Object b) {
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!close(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof Double x && b instanceof Double y) {
      return Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x));
    }
    return Objects.equals(a, b);
  }

  private static String fmt(double ms) {
    return String.format(Locale.ROOT, "%.1f", ms);
  }
}
