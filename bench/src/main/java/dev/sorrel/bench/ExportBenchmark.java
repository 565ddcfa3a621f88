package dev.sorrel.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Exports ({@code COPY ... TO}) of a table to Parquet, CSV and Arrow IPC files, Sorrel against
 * DuckDB in memory on the same rows: generates {@code rows} rows of (unit BIGINT PRIMARY KEY, arm
 * VARCHAR, revenue DOUBLE, pre DOUBLE, ts TIMESTAMP) in DuckDB, loads them into Sorrel from a
 * Parquet file and builds the table's segment, then times each export {@code reps} times (after
 * one warm-up) and checks, through DuckDB, that Sorrel's files hold the table's rows.
 */
public final class ExportBenchmark {
  private static final String[][] PARAMETERS = {
      {"rows", "1000000", "rows in the table"},
      {"reps", "3", "timed runs per export (the median is printed)"},
      {"formats", "parquet,csv,arrow", "file formats to export to"},
      {"segment", "true", "build the table's segment before exporting (ALTER TABLE t COMPACT)"},
      {"duckdb", "true", "also time DuckDB's exports"},
      {"dir", "", "working directory (default: a new temporary one); an existing table in it"
          + " is reused"},
      {"keep", "false", "keep the working directory"},
  };

  private record Config(int rows, int reps, List<String> formats, boolean segment,
      boolean duckdb, Path dir, boolean keep) {
    static Config parse(String[] args) {
      final Map<String, String> v = Parameters.read(PARAMETERS, args,
          "bin/bench suite=export [name=value ...]");
      if (v == null) {
        return null;
      }
      return new Config(Parameters.positive(v, "rows"), Parameters.positive(v, "reps"),
          Arrays.stream(v.get("formats").split(",")).map(String::trim)
              .filter(s -> !s.isEmpty()).toList(),
          Boolean.parseBoolean(v.get("segment").trim()),
          Boolean.parseBoolean(v.get("duckdb").trim()),
          v.get("dir").isBlank() ? null : Path.of(v.get("dir")),
          Boolean.parseBoolean(v.get("keep").trim()));
    }
  }

  private final Config config;
  private final Path root;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  private final List<String> failures = new ArrayList<>();

  private ExportBenchmark(Config config, Path root) {
    this.config = config;
    this.root = root;
  }

  /** Entry point: {@code rows=, reps=, formats=, segment=, duckdb=, dir=, keep=}. */
  public static void main(String[] args) throws Exception {
    Suite.main(args, Config::parse, Config::dir, Config::keep, "sorrel-export-bench-",
        (c, root) -> new Suite.Run(new ExportBenchmark(c, root)::run, () -> { }));
  }

  private void run() throws Exception {
    Machine.printHeader(out, "Sorrel COPY ... TO vs DuckDB");
    out.printf(Locale.ROOT, "load    : system load average %.2f at start%n",
        Machine.loadAverage());
    final Path data = root.resolve("data.parquet");
    final boolean reuse = Files.exists(root.resolve("db"));
    try (Connection sorrel = DriverManager.getConnection("jdbc:sorrel:" + root.resolve("db"));
         Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement s = duck.createStatement()) {
        long t = System.nanoTime();
        s.execute("SELECT setseed(0.5)");
        s.execute("CREATE TABLE t AS SELECT range::BIGINT AS unit,"
            + " CASE WHEN random() < 0.5 THEN 'control' ELSE 'treatment' END AS arm,"
            + " random() * 100 AS revenue, random() * 20 + 40 AS pre,"
            + " TIMESTAMP '2026-01-01 00:00:00' + to_milliseconds(range * 1000) AS ts"
            + " FROM range(" + config.rows + ")");
        out.printf(Locale.ROOT, "data    : %,d rows generated in DuckDB in %.1f s%n",
            config.rows, (System.nanoTime() - t) / 1e9);
        if (!reuse) {
          s.execute("COPY t TO '" + data + "' (FORMAT parquet)");
        }
      }
      if (!reuse) {
        try (Statement s = sorrel.createStatement()) {
          s.execute("CREATE TABLE t (unit BIGINT PRIMARY KEY, arm VARCHAR, revenue DOUBLE,"
              + " pre DOUBLE, ts TIMESTAMP)");
          long t = System.nanoTime();
          s.execute("COPY t FROM '" + data + "'");
          out.printf(Locale.ROOT, "loaded  : into Sorrel in %.1f s%n",
              (System.nanoTime() - t) / 1e9);
          if (config.segment) {
            t = System.nanoTime();
            s.execute("ALTER TABLE t COMPACT");
            out.printf(Locale.ROOT, "segment : ALTER TABLE t COMPACT in %.2f s%n",
                (System.nanoTime() - t) / 1e9);
          }
        }
      }
      out.println();
      final TextTable table = new TextTable("export", "Sorrel ms", "DuckDB ms", "Sorrel/DuckDB",
          "Sorrel CPU ms", "DuckDB CPU ms", "MB");
      for (String format : config.formats) {
        final Path sorrelFile = root.resolve("sorrel." + format);
        final Path duckFile = root.resolve("duck." + format);
        final double sorrelMs = time(sorrel, "COPY (SELECT * FROM t) TO '" + sorrelFile + "'");
        final double sorrelCpu = cpuMs;
        final double duckMs = config.duckdb && !format.equals("arrow")
            ? time(duck, "COPY (SELECT * FROM t) TO '" + duckFile + "' (FORMAT "
                + (format.equals("csv") ? "csv, HEADER" : format) + ")")
            : Double.NaN;
        final double duckCpu = Double.isNaN(duckMs) ? Double.NaN : cpuMs;
        if (!format.equals("arrow")) {
          check(duck, sorrelFile, format);
        }
        table.row("COPY (SELECT * FROM t) TO '." + format + "'", fmt(sorrelMs), fmt(duckMs),
            Double.isNaN(duckMs) ? "" : String.format(Locale.ROOT, "%.1fx", sorrelMs / duckMs),
            fmt(sorrelCpu), fmt(duckCpu),
            String.format(Locale.ROOT, "%.1f", Files.size(sorrelFile) / 1e6));
        final double tableMs = time(sorrel, "COPY t TO '" + sorrelFile + "'");
        table.row("COPY t TO '." + format + "'", fmt(tableMs), fmt(duckMs),
            Double.isNaN(duckMs) ? "" : String.format(Locale.ROOT, "%.1fx", tableMs / duckMs),
            fmt(cpuMs), fmt(duckCpu),
            String.format(Locale.ROOT, "%.1f", Files.size(sorrelFile) / 1e6));
      }
      table.print(out);
    }
    Suite.printEnd(out, failures, start);
  }

  /**
   * Runs a statement once to warm up, then {@code reps} times; returns the median wall ms, and
   * leaves the median CPU ms of the whole process (every thread, DuckDB's included: the work
   * done, which a busy machine does not inflate as it does wall time) in {@link #cpuMs}.
   */
  private double time(Connection c, String sql) throws Exception {
    final double[] ms = new double[config.reps];
    final double[] cpu = new double[config.reps];
    for (int rep = -1; rep < config.reps; rep++) {
      final long t = System.nanoTime();
      final long cpuStart = processCpuNanos();
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
      if (rep >= 0) {
        ms[rep] = (System.nanoTime() - t) / 1e6;
        cpu[rep] = (processCpuNanos() - cpuStart) / 1e6;
      }
    }
    Arrays.sort(ms);
    Arrays.sort(cpu);
    cpuMs = cpu[cpu.length / 2];
    return ms[ms.length / 2];
  }

  private double cpuMs;

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
  }

  /** Checks through DuckDB that an exported file holds the table's rows. */
  private void check(Connection duck, Path file, String format) throws Exception {
    final String read = format.equals("csv") ? "read_csv('" + file + "')"
        : "read_parquet('" + file + "')";
    final String digest = "SELECT COUNT(*), SUM(unit), COUNT(DISTINCT arm), SUM(revenue),"
        + " SUM(pre), MAX(ts) FROM ";
    final String expected = digestOf(duck, digest + "t");
    final String actual = digestOf(duck, digest + read);
    if (!expected.equals(actual)) {
      failures.add(file.getFileName() + ": " + actual + " where the table has " + expected);
    }
  }

  private static String digestOf(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      final StringBuilder b = new StringBuilder();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        final Object value = rs.getObject(i);
        b.append(value instanceof Double d ? String.format(Locale.ROOT, "%.6e", d) : value)
            .append(' ');
      }
      return b.toString().trim();
    }
  }

  private static String fmt(double ms) {
    return Double.isNaN(ms) ? "" : String.format(Locale.ROOT, "%.0f", ms);
  }
}
