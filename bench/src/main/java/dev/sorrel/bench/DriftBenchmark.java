package dev.sorrel.bench;

import static dev.sorrel.bench.Format.fmt;
import static dev.sorrel.bench.Format.ratio;
import static dev.sorrel.bench.Format.verdict;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

import dev.sorrel.udf.drift.KolmogorovSmirnov;

/**
 * The drift suite: the two-sample Kolmogorov-Smirnov kernel behind
 * {@code DRIFT_KS} on two {@code double[rows]} already in memory, against
 * commons-math3's {@code KolmogorovSmirnovTest} on the same arrays and against
 * the floor of sorting both arrays with {@code Arrays.sort}. Each run works on
 * fresh copies of the arrays (copying is not timed); the kernel's time
 * includes its sort, as the aggregate's does. Figures are medians over
 * {@code reps} runs after {@code warmup} unmeasured ones; the target is
 * a kernel at most 1.2x the sort floor. Then the whole SQL aggregate, {@code SELECT
 * DRIFT_KS(v, is_ref) FROM t} over an in-memory Sorrel table holding both samples, with the
 * scan's share (a plain {@code COUNT(v)} and {@code SUM(v)} over the same rows) and against
 * the same floor (the target once scans are faster: 1.5x the floor, scan included).
 * Then {@link MonitorBenchmark}: a {@code CHECK MONITOR} against a stored baseline.
 */
public final class DriftBenchmark {
  private static final String USAGE =
      "usage: bin/bench suite=drift [name=value ...]   (or -Dbench.name=value)";
  static final String[][] PARAMETERS = {
      {"rows", "1000000", "values in each of the two samples"},
      {"reps", "5", "measured repetitions of every path; medians are over these"},
      {"warmup", "2", "warm-up runs of every path (not measured)"},
      {"shift", "0.002", "shift of the current sample's mean (standard normal reference)"},
      {"seed", "42", "random seed of the data"},
      {"sql", "true", "also load both samples into a Sorrel table and time SELECT DRIFT_KS"},
      {"monitor_rows", "1000000", "reference and current rows of the CHECK MONITOR part"
          + " (0 skips it)"},
      {"monitor_columns", "10", "numeric columns of the CHECK MONITOR part"},
      {"dir", "", "working directory of the CHECK MONITOR part (default: a temp directory,"
          + " deleted after)"},
  };
  /** The target: the kernel over the floor of sorting both arrays. */
  static final double TARGET = 1.2;
  /** The target for the SQL aggregate, scan included, once scans are faster. */
  static final double SQL_TARGET = 1.5;

  private DriftBenchmark() {
  }

  public static void main(String[] args) {
    final Map<String, String> v;
    try {
      v = Parameters.read(PARAMETERS, args, USAGE);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (v == null) {
      return;
    }
    final int rows = Parameters.positive(v, "rows");
    final int reps = Parameters.positive(v, "reps");
    final int warmup = Parameters.nonNegative(v, "warmup");
    final double shift = Double.parseDouble(v.get("shift").trim());
    final long seed = Long.parseLong(v.get("seed").trim());
    run(System.out, rows, reps, warmup, shift, seed,
        Boolean.parseBoolean(v.get("sql").trim()));
    final int monitorRows = Parameters.nonNegative(v, "monitor_rows");
    if (monitorRows > 0) {
      final List<String> failures = new ArrayList<>();
      final long start = System.nanoTime();
      MonitorBenchmark.run(System.out, monitorRows, Parameters.positive(v, "monitor_columns"),
          Math.max(reps, 1), seed, v.get("dir").isEmpty() ? null
              : java.nio.file.Path.of(v.get("dir")), failures);
      Suite.printEnd(System.out, failures, start);
    }
  }

  /** A timed path: the time of one run in seconds and the p-value it found (NaN for the floor). */
  private interface Path {
    double[] run(double[] a, double[] b);
  }

  static void run(PrintStream out, int rows, int reps, int warmup, double shift, long seed,
      boolean sql) {
    final long start = System.nanoTime();
    Machine.printHeader(out, "Sorrel drift benchmark: two-sample Kolmogorov-Smirnov");
    out.printf(Locale.ROOT, "data    : %,d vs %,d standard normal doubles, current shifted by %s,"
        + " seed %d; %d runs after %d warm-up%n%n", rows, rows, shift, seed, reps, warmup);
    final Random random = new Random(seed);
    final double[] reference = new double[rows];
    final double[] current = new double[rows];
    for (int i = 0; i < rows; i++) {
      reference[i] = random.nextGaussian();
      current[i] = random.nextGaussian() + shift;
    }
    final Path floor = (a, b) -> {
      Arrays.sort(a);
      Arrays.sort(b);
      return new double[] {Double.NaN, Double.NaN};
    };
    final Path kernel = (a, b) -> {
      Arrays.sort(a);
      Arrays.sort(b);
      final KolmogorovSmirnov.Result r = KolmogorovSmirnov.test(a, a.length, b, b.length);
      return new double[] {r.statistic(), r.pValue()};
    };
    final Path commons = (a, b) -> {
      final KolmogorovSmirnovTest test = new KolmogorovSmirnovTest();
      return new double[] {test.kolmogorovSmirnovStatistic(a, b),
          test.kolmogorovSmirnovTest(a, b)};
    };
    final double[] floorResult = new double[2];
    final double floorTime = median(floor, reference, current, reps, warmup, floorResult);
    final double[] kernelResult = new double[2];
    final double kernelTime = median(kernel, reference, current, reps, warmup, kernelResult);
    final double[] commonsResult = new double[2];
    final double commonsTime = median(commons, reference, current, reps, warmup, commonsResult);
    final TextTable table = new TextTable("path", "median s", "vs sort floor", "D", "p-value");
    table.row("Arrays.sort of both arrays (floor)", fmt(floorTime, 3), "1.00x", "-", "-");
    table.row("Sorrel KS kernel (sort + D + p)", fmt(kernelTime, 3),
        ratio(kernelTime, floorTime), String.format(Locale.ROOT, "%.6g", kernelResult[0]),
        String.format(Locale.ROOT, "%.6g", kernelResult[1]));
    table.row("commons-math3 KolmogorovSmirnovTest", fmt(commonsTime, 3),
        ratio(commonsTime, floorTime), String.format(Locale.ROOT, "%.6g", commonsResult[0]),
        String.format(Locale.ROOT, "%.6g", commonsResult[1]));
    table.print(out);
    out.println();
    out.printf(Locale.ROOT, "target  : kernel at most %.1fx the sort floor: %s (%s)%n", TARGET,
        verdict(kernelTime <= TARGET * floorTime), ratio(kernelTime, floorTime));
    final List<String> failures = new ArrayList<>();
    // The same supremum; commons-math3 divides integer counts differently, so the last
    // bit may differ.
    if (!(Math.abs(kernelResult[0] - commonsResult[0]) <= 1e-12)) {
      failures.add("D differs: kernel " + kernelResult[0] + ", commons-math3 "
          + commonsResult[0]);
    }
    if (sql) {
      out.println();
      try {
        runSql(out, reference, current, reps, warmup, floorTime, kernelResult, failures);
      } catch (SQLException e) {
        failures.add("SQL part failed: " + e.getMessage());
      }
    }
    Suite.printEnd(out, failures, start);
  }

  /**
   * {@code SELECT DRIFT_KS(v, is_ref)} over an in-memory table of both samples (reference
   * rows first), against a plain scan of the same column and the sort floor measured above.
   */
  private static void runSql(PrintStream out, double[] reference, double[] current, int reps,
      int warmup, double floorTime, double[] kernelResult, List<String> failures)
      throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:bench-drift")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v DOUBLE, is_ref BOOLEAN)");
      }
      final long load = System.nanoTime();
      final int total = reference.length + current.length;
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
        for (int i = 0; i < total; i++) {
          final boolean ref = i < reference.length;
          ps.setInt(1, i);
          ps.setDouble(2, ref ? reference[i] : current[i - reference.length]);
          ps.setBoolean(3, ref);
          ps.addBatch();
          if ((i + 1) % 10_000 == 0 || i == total - 1) {
            ps.executeBatch();
          }
        }
      }
      out.printf(Locale.ROOT, "loaded  : %,d rows (reference, then current) into an in-memory"
          + " Sorrel table in %.1f s%n%n", total, (System.nanoTime() - load) / 1e9);
      final String[][] queries = {
          {"scan: SELECT COUNT(v)", "SELECT COUNT(v) FROM t"},
          {"scan: SELECT SUM(v)", "SELECT SUM(v) FROM t"},
          {"SELECT DRIFT_KS(v, is_ref)", "SELECT DRIFT_KS(v, is_ref) FROM t"},
          {"SELECT DRIFT_KS_STATISTIC(v, is_ref)", "SELECT DRIFT_KS_STATISTIC(v, is_ref) FROM t"},
      };
      final TextTable table = new TextTable("SQL over the table", "median s", "vs sort floor",
          "vs COUNT scan", "value");
      double scan = Double.NaN;
      double ks = Double.NaN;
      for (String[] q : queries) {
        try (PreparedStatement ps = c.prepareStatement(q[1])) {
          final double[] value = new double[1];
          final double time = medianOf(() -> {
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              value[0] = rs.getDouble(1);
            }
          }, reps, warmup);
          if (Double.isNaN(scan)) {
            scan = time;
          }
          if (q[1].startsWith("SELECT DRIFT_KS(")) {
            ks = time;
            if (value[0] != kernelResult[1]) {
              failures.add("SQL DRIFT_KS " + value[0] + " differs from the kernel's "
                  + kernelResult[1]);
            }
          }
          table.row(q[0], fmt(time, 3), ratio(time, floorTime), ratio(time, scan),
              String.format(Locale.ROOT, "%.6g", value[0]));
        }
      }
      table.print(out);
      out.println();
      out.printf(Locale.ROOT, "scan    : COUNT(v) over the same rows is %.0f%% of the SQL"
          + " DRIFT_KS; the rest (%.3f s) is the aggregate: gathering, sorting, testing%n",
          100 * scan / ks, ks - scan);
      out.printf(Locale.ROOT, "target  : SQL DRIFT_KS, scan included, at most %.1fx the sort"
          + " floor once scans are faster: %s (%s)%n", SQL_TARGET,
          verdict(ks <= SQL_TARGET * floorTime), ratio(ks, floorTime));
    }
  }

  /** A timed SQL statement. */
  private interface TimedQuery {
    void run() throws SQLException;
  }

  private static double medianOf(TimedQuery path, int reps, int warmup) throws SQLException {
    final double[] times = new double[reps];
    for (int i = 0; i < warmup + reps; i++) {
      final long t0 = System.nanoTime();
      path.run();
      final double seconds = (System.nanoTime() - t0) / 1e9;
      if (i >= warmup) {
        times[i - warmup] = seconds;
      }
    }
    Arrays.sort(times);
    return reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
  }

  private static double median(Path path, double[] reference, double[] current, int reps,
      int warmup, double[] result) {
    final double[] times = new double[reps];
    for (int i = 0; i < warmup + reps; i++) {
      final double[] a = reference.clone();
      final double[] b = current.clone();
      final long t0 = System.nanoTime();
      final double[] r = path.run(a, b);
      final double seconds = (System.nanoTime() - t0) / 1e9;
      if (i >= warmup) {
        times[i - warmup] = seconds;
      }
      System.arraycopy(r, 0, result, 0, 2);
    }
    Arrays.sort(times);
    return reps % 2 == 1 ? times[reps / 2] : (times[reps / 2 - 1] + times[reps / 2]) / 2;
  }
}
