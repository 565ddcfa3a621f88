package dev.sorrel.bench;

import static dev.sorrel.bench.Format.fmt;
import static dev.sorrel.bench.Format.ratio;

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

import dev.sorrel.udf.metrics.ConfusionMatrix;
import dev.sorrel.udf.metrics.LogLoss;
import dev.sorrel.udf.metrics.RocAuc;

/**
 * The model-metrics suite: the {@code ROC_AUC} kernel on {@code rows} scores
 * already in memory against the floor of sorting them once with
 * {@code Arrays.sort} (the kernel sorts each class's scores, then merges),
 * the linear kernels ({@code LOG_LOSS}, the confusion counts) for scale,
 * then the SQL aggregates over an in-memory Sorrel table of the same rows
 * against a plain scan ({@code COUNT(*), SUM(score)}), to show the scan's
 * share. The data is the reference script's: 10% positives, score = uniform
 * + 0.2 for a positive (AUC about 0.68); scikit-learn's time on it is printed
 * by {@code udf/src/test/resources/metrics/make_metrics.py}. Figures are
 * medians over {@code reps} runs after {@code warmup} unmeasured ones.
 */
public final class MetricsBenchmark {
  private static final String USAGE =
      "usage: bin/bench suite=metrics [name=value ...]   (or -Dbench.name=value)";
  static final String[][] PARAMETERS = {
      {"rows", "1000000", "scored rows"},
      {"positives", "0.1", "share of rows whose label is 1"},
      {"reps", "5", "measured repetitions of every path; medians are over these"},
      {"warmup", "2", "warm-up runs of every path (not measured)"},
      {"seed", "1", "random seed of the data"},
      {"sql", "true", "also load the rows into Sorrel and time the SQL aggregates"},
  };

  private MetricsBenchmark() {
  }

  public static void main(String[] args) throws SQLException {
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
    run(System.out, Parameters.positive(v, "rows"),
        Double.parseDouble(v.get("positives").trim()), Parameters.positive(v, "reps"),
        Parameters.nonNegative(v, "warmup"), Long.parseLong(v.get("seed").trim()),
        Boolean.parseBoolean(v.get("sql").trim()));
  }

  /** A timed path returning the value it computed. */
  private interface Path {
    double run() throws SQLException;
  }

  static void run(PrintStream out, int rows, double share, int reps, int warmup, long seed,
      boolean sql) throws SQLException {
    final long start = System.nanoTime();
    Machine.printHeader(out, "Sorrel model-metrics benchmark: ROC AUC, log loss, F1");
    out.printf(Locale.ROOT, "data    : %,d scores, %.0f%% positives, score = U(0, 1) + 0.2 x label,"
        + " seed %d; %d runs after %d warm-up%n%n", rows, share * 100, seed, reps, warmup);
    final Random random = new Random(seed);
    final double[] scores = new double[rows];
    final double[] labels = new double[rows];
    for (int i = 0; i < rows; i++) {
      labels[i] = random.nextDouble() < share ? 1 : 0;
      scores[i] = random.nextDouble() + 0.2 * labels[i];
    }
    final double[] probabilities = new double[rows];
    final double[] predicted = new double[rows];
    for (int i = 0; i < rows; i++) {
      probabilities[i] = scores[i] / 1.2;
      predicted[i] = scores[i] >= 0.6 ? 1 : 0;
    }
    final List<String> failures = new ArrayList<>();
    final double[] floor = median(() -> {
      final double[] copy = scores.clone();
      Arrays.sort(copy);
      return copy[rows / 2];
    }, reps, warmup);
    final double[] auc = median(() -> RocAuc.of(scores, labels), reps, warmup);
    final double[] loss = median(() -> LogLoss.of(probabilities, labels), reps, warmup);
    final double[] f1 = median(() -> ConfusionMatrix.of(predicted, labels).f1(), reps, warmup);
    final TextTable kernels = new TextTable("kernel on double[]", "median s", "vs sort floor",
        "value");
    kernels.row("Arrays.sort of a copy of the scores (floor)", fmt(floor[0], 3), "1.00x", "-");
    kernels.row("RocAuc.of (split by class, sort, merge)", fmt(auc[0], 3),
        ratio(auc[0], floor[0]), fmt(auc[1], 6));
    kernels.row("LogLoss.of (score / 1.2 as probability)", fmt(loss[0], 3),
        ratio(loss[0], floor[0]), fmt(loss[1], 6));
    kernels.row("ConfusionMatrix.of(...).f1() (score >= 0.6)", fmt(f1[0], 3),
        ratio(f1[0], floor[0]), fmt(f1[1], 6));
    kernels.print(out);
    if (sql) {
      out.println();
      runSql(out, rows, reps, warmup, scores, labels, auc[1], failures);
    }
    Suite.printEnd(out, failures, start);
  }

  private static void runSql(PrintStream out, int rows, int reps, int warmup, double[] scores,
      double[] labels, double expectedAuc, List<String> failures) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:bench-metrics")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE scored (id INTEGER PRIMARY KEY, label BOOLEAN, score DOUBLE)");
      }
      final long load = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scored VALUES (?, ?, ?)")) {
        for (int i = 0; i < rows; i++) {
          ps.setInt(1, i);
          ps.setBoolean(2, labels[i] == 1);
          ps.setDouble(3, scores[i]);
          ps.addBatch();
          if ((i + 1) % 10_000 == 0 || i == rows - 1) {
            ps.executeBatch();
          }
        }
      }
      out.printf(Locale.ROOT, "loaded  : %,d rows into an in-memory Sorrel table in %.1f s%n%n",
          rows, (System.nanoTime() - load) / 1e9);
      final String[][] queries = {
          {"scan: SELECT COUNT(*), SUM(score)", "SELECT COUNT(*), SUM(score) FROM scored"},
          {"SELECT ROC_AUC(score, label)", "SELECT ROC_AUC(score, label) FROM scored"},
          {"SELECT LOG_LOSS(score / 1.2, label)",
              "SELECT LOG_LOSS(score / 1.2, label) FROM scored"},
          {"SELECT F1_SCORE(score >= 0.6, label)",
              "SELECT F1_SCORE(score >= 0.6, label) FROM scored"},
          {"all three in one SELECT", "SELECT ROC_AUC(score, label), LOG_LOSS(score / 1.2,"
              + " label), F1_SCORE(score >= 0.6, label) FROM scored"},
      };
      final TextTable table = new TextTable("SQL over the table", "median s", "vs scan",
          "value");
      double scan = Double.NaN;
      for (String[] q : queries) {
        try (PreparedStatement ps = c.prepareStatement(q[1])) {
          final double[] r = median(() -> {
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return q[0].startsWith("scan") ? rs.getDouble(2) : rs.getDouble(1);
            }
          }, reps, warmup);
          if (q[0].startsWith("scan")) {
            scan = r[0];
          }
          if (q[1].startsWith("SELECT ROC_AUC") && r[1] != expectedAuc) {
            failures.add("SQL ROC_AUC " + r[1] + " differs from the kernel's " + expectedAuc);
          }
          table.row(q[0], fmt(r[0], 3), ratio(r[0], scan), fmt(r[1], 6));
        }
      }
      table.print(out);
    }
  }

  /** The median time in seconds of {@code path} and the value of its last run. */
  private static double[] median(Path path, int reps, int warmup) throws SQLException {
    final double[] times = new double[reps];
    double value = Double.NaN;
    for (int i = 0; i < warmup + reps; i++) {
      final long t0 = System.nanoTime();
      value = path.run();
      final double seconds = (System.nanoTime() - t0) / 1e9;
      if (i >= warmup) {
        times[i - warmup] = seconds;
      }
    }
    Arrays.sort(times);
    final double median = reps % 2 == 1 ? times[reps / 2]
        : (times[reps / 2 - 1] + times[reps / 2]) / 2;
    return new double[] {median, value};
  }
}
