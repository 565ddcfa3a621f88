package dev.sorrel.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Bulk work, Sorrel on disk against DuckDB in memory in the same JVM, on one
 * generated file of {@code rows} rows of (unit BIGINT PRIMARY KEY, arm
 * VARCHAR, revenue DOUBLE, pre DOUBLE, ts TIMESTAMP): {@code COPY} into a
 * plain table from Parquet and from CSV, {@code COPY} into a feature view
 * from Parquet, a {@code GROUP BY} with statistics, a filtered count, and
 * {@code COPY (SELECT * FROM t) TO} a Parquet file. Each workload runs
 * {@code reps} times (loads into a table dropped and created again each
 * time), and the medians and their ratio are printed, with the heap the JVM
 * was given and the most it kept alive: the loads must fit in
 * {@code -Xmx1g}.
 *
 * <p>DuckDB writes the input files (Parquet in row groups of 122,880 rows,
 * CSV with a header) from a deterministic function of the row number and the
 * seed, in key order unless {@code order=shuffled}.
 */
public final class BulkBenchmark {
  private static final String[][] PARAMETERS = {
      {"rows", "1000000", "rows in the file"},
      {"reps", "3", "timed runs per workload and engine (the median is printed)"},
      {"seed", "1", "seed of the data"},
      {"order", "sorted", "row order of the files: sorted (by unit) or shuffled"},
      {"workloads", "parquet,csv,view,groupby,count,export", "the workloads to run"},
      {"dir", "", "working directory (default: a new temporary one)"},
      {"keep", "false", "keep the working directory"},
  };

  static final String CREATE_TABLE = "CREATE TABLE t (unit BIGINT PRIMARY KEY, arm VARCHAR,"
      + " revenue DOUBLE, pre DOUBLE, ts TIMESTAMP)";
  static final String GROUP_BY = "SELECT arm, COUNT(*), AVG(revenue), VAR_SAMP(revenue),"
      + " AVG(pre) FROM t GROUP BY arm ORDER BY arm";
  static final String COUNT = "SELECT COUNT(*) FROM t WHERE revenue > 90.0";

  private record Config(int rows, int reps, long seed, boolean shuffled, List<String> workloads,
      Path dir, boolean keep) {
    static Config parse(String[] args) {
      final Map<String, String> v = Parameters.read(PARAMETERS, args,
          "bin/bench suite=bulk [name=value ...]");
      if (v == null) {
        return null;
      }
      final String order = v.get("order").trim().toLowerCase(Locale.ROOT);
      if (!order.equals("sorted") && !order.equals("shuffled")) {
        throw new IllegalArgumentException("order must be sorted or shuffled, not " + order);
      }
      final List<String> workloads = new ArrayList<>();
      for (String w : v.get("workloads").split(",")) {
        final String name = w.trim().toLowerCase(Locale.ROOT);
        if (!List.of("parquet", "csv", "view", "groupby", "count", "export").contains(name)) {
          throw new IllegalArgumentException("unknown workload '" + name + "'");
        }
        workloads.add(name);
      }
      return new Config(Parameters.positive(v, "rows"), Parameters.positive(v, "reps"),
          Long.parseLong(v.get("seed").trim()), order.equals("shuffled"), workloads,
          v.get("dir").isBlank() ? null : Path.of(v.get("dir")),
          Boolean.parseBoolean(v.get("keep").trim()));
    }
  }

  private final Config config;
  private final Path root;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  private final List<String> failures = new ArrayList<>();
  private final TextTable table = new TextTable("workload", "Sorrel s", "DuckDB s",
      "Sorrel rows/s", "Sorrel/DuckDB");

  private BulkBenchmark(Config config, Path root) {
    this.config = config;
    this.root = root;
  }

  /** Entry point: {@code rows=, reps=, seed=, order=, workloads=, dir=, keep=}. */
  public static void main(String[] args) throws Exception {
    Suite.main(args, Config::parse, Config::dir, Config::keep, "sorrel-bulk-bench-",
        (c, root) -> new Suite.Run(new BulkBenchmark(c, root)::run, () -> { }));
  }

  private void run() throws Exception {
    Machine.printHeader(out, "Sorrel bulk loads, scans and exports vs DuckDB");
    out.printf(Locale.ROOT, "load    : system load average %.2f at start%n",
        Machine.loadAverage());
    final Path parquet = root.resolve("t.parquet");
    final Path csv = root.resolve("t.csv");
    final Path viewParquet = root.resolve("fv.parquet");
    final long baseline;
    final HeapWatch heap;
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      long t = System.nanoTime();
      writeFiles(duck, parquet, csv, viewParquet);
      out.printf(Locale.ROOT, "data    : %,d rows (%s) written by DuckDB in %.1f s: %s %.1f MB,"
          + " %s %.1f MB%n", config.rows, config.shuffled ? "shuffled" : "in key order",
          (System.nanoTime() - t) / 1e9, parquet.getFileName(), Files.size(parquet) / 1e6,
          csv.getFileName(), Files.size(csv) / 1e6);
      baseline = HeapWatch.usedAfterGc();
      heap = HeapWatch.start();
      try (Connection sorrel = DriverManager.getConnection("jdbc:sorrel:"
          + root.resolve("db"))) {
        out.println();
        workloads(sorrel, duck, parquet, csv, viewParquet);
      }
    }
    heap.close();
    out.println();
    table.print(out);
    out.println();
    out.printf(Locale.ROOT, "heap    : -Xmx %d MiB given; at most %.0f MiB in use after a"
        + " collection (%.0f MiB before the workloads), %,d collections%n",
        HeapWatch.maxHeap() >> 20, heap.maxAfterGc() / 1048576.0, baseline / 1048576.0,
        heap.collections());
    Suite.printEnd(out, failures, start);
  }

  private void workloads(Connection sorrel, Connection duck, Path parquet, Path csv,
      Path viewParquet) throws Exception {
    final List<String> w = config.workloads;
    if (w.contains("parquet")) {
      load("COPY t FROM parquet", sorrel, duck, "COPY t FROM '" + parquet + "'",
          "COPY t FROM '" + parquet + "' (FORMAT parquet)");
    }
    if (w.contains("csv")) {
      load("COPY t FROM csv", sorrel, duck, "COPY t FROM '" + csv + "' WITH (header = true)",
          "COPY t FROM '" + csv + "' (FORMAT csv, HEADER true)");
    }
    if (w.contains("view")) {
      loadView(sorrel, duck, viewParquet);
    }
    final boolean queries = w.contains("groupby") || w.contains("count")
        || w.contains("export");
    if (queries && !(w.contains("parquet") || w.contains("csv"))) {
      // The queries need the table: load it once, untimed.
      recreate(sorrel, "t", CREATE_TABLE);
      recreate(duck, "t", CREATE_TABLE);
      update(sorrel, "COPY t FROM '" + parquet + "'");
      update(duck, "COPY t FROM '" + parquet + "' (FORMAT parquet)");
    }
    if (queries) {
      // The scans read the table's segment, built here as the scan suite builds it, not
      // whatever the background build after the loads has reached when they start.
      final double compact = timed(() -> update(sorrel, "ALTER TABLE t COMPACT"));
      out.printf(Locale.ROOT, "-- ALTER TABLE t COMPACT (the segment the queries read): %.2f s%n",
          compact);
      out.flush();
    }
    if (w.contains("groupby")) {
      query("GROUP BY arm (5 aggregates)", sorrel, duck, GROUP_BY);
    }
    if (w.contains("count")) {
      query("COUNT(*) WHERE revenue > 90", sorrel, duck, COUNT);
    }
    if (w.contains("export")) {
      progress("COPY (SELECT * FROM t) TO parquet");
      final Path sorrelOut = root.resolve("out-sorrel.parquet");
      final Path duckOut = root.resolve("out-duckdb.parquet");
      final double s = median(() -> {
        Files.deleteIfExists(sorrelOut);
        return update(sorrel, "COPY (SELECT * FROM t) TO '" + sorrelOut + "'");
      }, config.rows, "Sorrel export");
      final double d = median(() -> {
        Files.deleteIfExists(duckOut);
        return update(duck, "COPY (SELECT * FROM t) TO '" + duckOut + "' (FORMAT parquet)");
      }, config.rows, "DuckDB export");
      row("COPY (SELECT * FROM t) TO parquet", s, d);
    }
  }

  /** Times a load into a freshly created table {@code t} in both engines. */
  private void load(String name, Connection sorrel, Connection duck, String sorrelCopy,
      String duckCopy) throws Exception {
    progress(name);
    final double s = median(() -> {
      recreate(sorrel, "t", CREATE_TABLE);
      return timed(() -> expect(update(sorrel, sorrelCopy), name));
    }, name + " (Sorrel)");
    final double d = median(() -> {
      recreate(duck, "t", CREATE_TABLE);
      return timed(() -> expect(update(duck, duckCopy), name));
    }, name + " (DuckDB)");
    row(name, s, d);
  }

  /**
   * Times a load into a feature view ({@code fv}, entity {@code unit}); DuckDB's peer is a
   * plain table of the same columns without a key (a history table, as the view keeps).
   */
  private void loadView(Connection sorrel, Connection duck, Path file) throws Exception {
    final String name = "COPY feature view FROM parquet";
    progress(name);
    execute(sorrel, "CREATE ENTITY IF NOT EXISTS unit (unit BIGINT)");
    final double s = median(() -> {
      execute(sorrel, "DROP FEATURE VIEW IF EXISTS fv");
      execute(sorrel, "CREATE FEATURE VIEW fv ENTITY unit (arm VARCHAR, revenue DOUBLE,"
          + " pre DOUBLE)");
      return timed(() -> expect(update(sorrel, "COPY fv FROM '" + file + "'"), name));
    }, name + " (Sorrel)");
    final double d = median(() -> {
      recreate(duck, "fv", "CREATE TABLE fv (unit BIGINT, event_timestamp TIMESTAMP,"
          + " arm VARCHAR, revenue DOUBLE, pre DOUBLE)");
      return timed(() -> update(duck, "COPY fv FROM '" + file + "' (FORMAT parquet)"));
    }, name + " (DuckDB)");
    row(name, s, d);
  }

  private void query(String name, Connection sorrel, Connection duck, String sql)
      throws Exception {
    progress(name);
    final Object[] answers = new Object[2];
    // One untimed run each first, as the scan suite does: the first run of a query in the JVM
    // plans it and compiles its code, which the medians of the later ones should not include.
    rows(sorrel, sql);
    rows(duck, sql);
    final double s = median(() -> timed(() -> answers[0] = rows(sorrel, sql)), name);
    final double d = median(() -> timed(() -> answers[1] = rows(duck, sql)), name);
    if (!close(answers[0], answers[1])) {
      failures.add(name + ": answers differ: Sorrel " + answers[0] + ", DuckDB " + answers[1]);
    }
    row(name, s, d);
  }

  /** A timed run: its seconds, from a step that may set up untimed first. */
  private interface Rep {
    double seconds() throws Exception;
  }

  private interface Work {
    Object run() throws Exception;
  }

  private static double timed(Work work) throws Exception {
    final long t = System.nanoTime();
    work.run();
    return (System.nanoTime() - t) / 1e9;
  }

  /** The median seconds of {@code reps} runs; a run that fails is recorded and ends the workload. */
  private double median(Rep rep, String name) {
    final double[] s = new double[config.reps];
    for (int i = 0; i < s.length; i++) {
      try {
        s[i] = rep.seconds();
      } catch (Exception | LinkageError e) {
        failures.add(name + ": " + e);
        return Double.NaN;
      }
    }
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** The median seconds of {@code reps} runs of an update that must report {@code rows}. */
  private double median(Work work, long rows, String name) {
    return median(() -> {
      final long t = System.nanoTime();
      final Object n = work.run();
      final double seconds = (System.nanoTime() - t) / 1e9;
      if (n instanceof Long count && count != rows) {
        failures.add(name + ": " + count + " rows, not " + rows);
      }
      return seconds;
    }, name);
  }

  /** Records a failure if a load did not report every row of the file. */
  private long expect(long loaded, String name) {
    if (loaded != config.rows) {
      failures.add(name + ": " + loaded + " rows loaded, not " + config.rows);
    }
    return loaded;
  }

  private void row(String name, double sorrelSeconds, double duckSeconds) {
    table.row(name, String.format(Locale.ROOT, "%.2f", sorrelSeconds),
        String.format(Locale.ROOT, "%.2f", duckSeconds),
        String.format(Locale.ROOT, "%,.0f", config.rows / sorrelSeconds),
        String.format(Locale.ROOT, "%.1fx", sorrelSeconds / duckSeconds));
    out.printf(Locale.ROOT, "   %s: Sorrel %.2f s, DuckDB %.2f s (%.1fx), load average %.2f%n",
        name, sorrelSeconds, duckSeconds, sorrelSeconds / duckSeconds, Machine.loadAverage());
  }

  private void progress(String name) {
    out.printf(Locale.ROOT, "-- %s (%d runs each)%n", name, config.reps);
    out.flush();
  }

  /** Writes the table's Parquet and CSV files and the feature view's Parquet file. */
  private void writeFiles(Connection duck, Path parquet, Path csv, Path viewParquet)
      throws SQLException {
    final long seed = config.seed;
    final String rows = "SELECT range AS unit,"
        + " CASE WHEN hash(range + " + seed + " * 1000003) % 2 = 0 THEN 'control'"
        + " ELSE 'treatment' END AS arm,"
        + " (hash(range * 3 + " + seed + ") % 10000000)::DOUBLE / 100000.0 AS revenue,"
        + " 40.0 + (hash(range * 5 + " + seed + ") % 2000000)::DOUBLE / 100000.0 AS pre,"
        + " TIMESTAMP '2026-01-01 00:00:00' + to_seconds(range) AS ts"
        + " FROM range(" + config.rows + ")"
        + (config.shuffled ? " ORDER BY hash(range, " + seed + ")" : " ORDER BY range");
    execute(duck, "CREATE TABLE source AS " + rows);
    execute(duck, "COPY (SELECT * FROM source) TO '" + parquet + "' (FORMAT parquet)");
    execute(duck, "COPY (SELECT * FROM source) TO '" + csv + "' (FORMAT csv, HEADER true)");
    execute(duck, "COPY (SELECT unit, ts AS event_timestamp, arm, revenue, pre FROM source)"
        + " TO '" + viewParquet + "' (FORMAT parquet)");
    execute(duck, "DROP TABLE source");
  }

  private static void recreate(Connection c, String name, String create) throws SQLException {
    execute(c, "DROP TABLE IF EXISTS " + name);
    execute(c, create);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeLargeUpdate(sql);
    }
  }

  private static List<List<Object>> rows(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final List<List<Object>> result = new ArrayList<>();
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          final Object value = rs.getObject(i);
          row.add(value instanceof Number x ? (Object) x.doubleValue() : value);
        }
        result.add(row);
      }
      return result;
    }
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
}
