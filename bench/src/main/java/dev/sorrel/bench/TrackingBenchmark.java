package dev.sorrel.bench;

import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.tracking.Metric;
import dev.sorrel.engine.tracking.RunStatus;
import dev.sorrel.engine.tracking.Tracking;

/**
 * Run search over tracked training runs: loads {@code runs} runs with
 * {@code params} params and {@code metrics} metrics each through the
 * engine's tracking API (no SQL), then times the search queries the README
 * documents, through JDBC with reused prepared statements, and prints their
 * p50 and p99 with the rows each returns.
 *
 * <p>Params: {@code optimizer} takes 4 values, {@code lr} 10, {@code p<i>}
 * {@code 2 + i} values, each uniformly at random. Metrics are uniform on
 * [0, 1) per step; {@code auc} is the one searched.
 */
public final class TrackingBenchmark {
  static final String[] OPTIMIZERS = {"adam", "sgd", "rmsprop", "adagrad"};

  /** The queries the README documents, by label. */
  static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("params AND/OR + latest metric, top 10",
        "SELECT m.run_id, m.metric_value AS auc"
            + " FROM tracking.latest_metrics m"
            + " JOIN tracking.params p ON p.run_id = m.run_id AND p.param_key = 'optimizer'"
            + " JOIN tracking.params l ON l.run_id = m.run_id AND l.param_key = 'lr'"
            + " WHERE m.metric_key = 'auc' AND m.metric_value > 0.99"
            + " AND (p.param_value = 'adam' OR p.param_value = 'sgd')"
            + " AND l.param_value = '0.001'"
            + " ORDER BY m.metric_value DESC LIMIT 10");
    QUERIES.put("one param value (index)",
        "SELECT run_id FROM tracking.params WHERE param_key = 'p10' AND param_value = 'v3'");
  }

  private final TrackingConfig config;
  private final Path root;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  private final List<String> failures = new ArrayList<>();

  private TrackingBenchmark(TrackingConfig config, Path root) {
    this.config = config;
    this.root = root;
  }

  /** Entry point; see {@link TrackingConfig} for the arguments. */
  public static void main(String[] args) throws Exception {
    Suite.main(args, TrackingConfig::parse, c -> c.dir, c -> c.keep, "sorrel-tracking-bench-",
        (c, root) -> {
          final TrackingBenchmark bench = new TrackingBenchmark(c, root);
          return new Suite.Run(bench::run, () -> { });
        });
  }

  private void run() throws Exception {
    Machine.printHeader(out, "Sorrel run-search benchmark");
    out.printf(Locale.ROOT, "load    : system load average %.2f at start%n",
        Machine.loadAverage());
    final StringBuilder params = new StringBuilder();
    config.values().forEach((k, v) -> params.append(k).append('=').append(v).append(' '));
    out.println("params  : " + params.toString().trim());
    out.println("engine  : " + config.engine.label + " (" + config.engine.guarantees + ")");
    try (Connection c = config.engine.connect(root, "tracking");
         Database db = config.engine.inMemory ? Database.openInMemory("bench-tracking")
             : Database.open(config.engine.directory(root, "tracking"),
                 DatabaseOptions.DEFAULT)) {
      load(db.tracking(), db);
      out.println();
      out.println("QUERIES (reused PreparedStatement, all rows read; latency in ms)");
      final TextTable table = new TextTable("query", "rows", "p50 ms", "p99 ms", "target");
      for (Map.Entry<String, String> query : QUERIES.entrySet()) {
        measure(c, query.getKey(), query.getValue(), table);
      }
      table.print(out);
      out.println();
      for (Map.Entry<String, String> query : QUERIES.entrySet()) {
        out.println(query.getKey() + ":");
        out.println("  " + query.getValue());
        try (PreparedStatement plan = c.prepareStatement("EXPLAIN PLAN FOR "
            + query.getValue()); ResultSet rs = plan.executeQuery()) {
          while (rs.next()) {
            out.println("  " + rs.getString(1).replace("\n", "\n  ").stripTrailing());
          }
        }
      }
    }
    Suite.printEnd(out, failures, start);
  }

  private void load(Tracking tracking, Database db) {
    final Random random = new Random(config.seed);
    final long t0 = System.nanoTime();
    final long now = System.currentTimeMillis();
    int done = 0;
    while (done < config.runs) {
      final int batch = Math.min(config.runsPerTx, config.runs - done);
      try (Transaction tx = db.begin()) {
        for (int r = 0; r < batch; r++) {
          final String id = tracking.startRun(tx, "bench", "run" + (done + r), Map.of());
          for (int p = 0; p < config.params; p++) {
            tracking.logParam(tx, id, paramKey(p), paramValue(p, random));
          }
          for (int m = 0; m < config.metrics; m++) {
            for (int s = 0; s < config.steps; s++) {
              tracking.logMetric(tx, id, new Metric(metricKey(m), random.nextDouble(), s,
                  now + s));
            }
          }
          tracking.endRun(tx, id, RunStatus.FINISHED);
        }
        tx.commit();
      }
      done += batch;
      if (done % (config.runsPerTx * 20) == 0 || done == config.runs) {
        System.err.printf(Locale.ROOT, "  loaded %,d runs%n", done);
      }
    }
    final double seconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "loaded  : %,d runs, %,d params, %,d metric values in %.1f s"
        + " (%,.0f runs/s, %,.0f values/s) through Tracking, %d runs per transaction%n",
        config.runs, (long) config.runs * config.params,
        (long) config.runs * config.metrics * config.steps, seconds, config.runs / seconds,
        config.runs * (double) (config.params + config.metrics * config.steps) / seconds,
        config.runsPerTx);
    out.printf(Locale.ROOT, "          then system load average %.2f%n", Machine.loadAverage());
  }

  static String paramKey(int p) {
    return p == 0 ? "optimizer" : p == 1 ? "lr" : "p" + p;
  }

  private static String paramValue(int p, Random random) {
    if (p == 0) {
      return OPTIMIZERS[random.nextInt(OPTIMIZERS.length)];
    }
    if (p == 1) {
      return String.format(Locale.ROOT, "%.3f", 0.001 * (1 + random.nextInt(10)));
    }
    return "v" + random.nextInt(2 + p);
  }

  static String metricKey(int m) {
    return m == 0 ? "auc" : m == 1 ? "loss" : "m" + m;
  }

  private void measure(Connection c, String label, String sql, TextTable table)
      throws Exception {
    final List<Latency> reps = new ArrayList<>();
    long rows = 0;
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < config.warmup; i++) {
        rows = drain(ps);
      }
      for (int rep = 0; rep < config.reps; rep++) {
        final long[] nanos = new long[config.queries];
        for (int i = 0; i < nanos.length; i++) {
          final long t = System.nanoTime();
          rows = drain(ps);
          nanos[i] = System.nanoTime() - t;
        }
        reps.add(Latency.of(nanos));
      }
    }
    final Latency latency = Latency.median(reps);
    final boolean first = table == null || label.startsWith("params");
    table.row(label, Long.toString(rows), String.format(Locale.ROOT, "%.2f", latency.p50() / 1e3),
        String.format(Locale.ROOT, "%.2f", latency.p99() / 1e3),
        first ? (latency.p50() / 1e3 < 100 ? "< 100 ms: met" : "< 100 ms: MISSED") : "");
    if (first && latency.p50() / 1e3 >= 100) {
      failures.add(label + ": p50 " + latency.p50() / 1e3 + " ms is above 100 ms");
    }
  }

  private static long drain(PreparedStatement ps) throws Exception {
    long rows = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows++;
      }
    }
    return rows;
  }
}
