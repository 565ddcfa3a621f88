package dev.sorrel.bench;

import static dev.sorrel.bench.Format.fmt;
import static dev.sorrel.bench.Format.fmtInt;
import static dev.sorrel.bench.Format.ratio;
import static dev.sorrel.bench.Format.verdict;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

import ai.onnxruntime.OrtEnvironment;

/**
 * The model-scoring suite: Sorrel's {@code PREDICT()} against raw ONNX
 * Runtime Java on the same model bytes and the same rows, in one JVM.
 *
 * <ol>
 *   <li>Batch scoring throughput, per model: {@code SELECT SUM(PREDICT('m',
 *       f0, ..., f29)) FROM t} over {@code rows} rows, against raw ONNX
 *       Runtime scoring the same rows from a float array in calls of
 *       {@code batch} rows, and against one ONNX Runtime call per row (the
 *       naive serving path, measured on {@code oneRowCalls} rows and
 *       extrapolated). A scan-only query reading the same 30 columns without a
 *       model shows what the scan alone costs.
 *   <li>Real-time scoring latency: {@code SELECT PREDICT('forest', f0, ...,
 *       f29) FROM e WHERE id = ?} through one reused {@code PreparedStatement}
 *       with random ids, each timed with {@link System#nanoTime()}, next to
 *       the same lookup without the model, the lookup followed by a raw ONNX
 *       Runtime call in the application, and the raw call alone.
 * </ol>
 *
 * <p>Like {@link CoreBenchmark}: warm-ups first (not reported), then
 * {@code reps} measured repetitions with the paths taking turns (the first
 * one rotating), medians over repetitions. Parameters: {@link ModelConfig},
 * or run with {@code --help}.
 */
public final class ModelBenchmark {
  /** Model name in SQL -> ONNX file on the classpath. */
  static final Map<String, String> MODEL_FILES = Map.of(
      "logreg", "/models/logreg_breast_cancer.onnx",
      "forest", "/models/forest_breast_cancer.onnx");
  static final String[] CSV_FILES = {
      "/models/forest_breast_cancer.csv", "/models/logreg_breast_cancer.csv"};
  /** The model the latency workload scores with. */
  static final String LATENCY_MODEL = "forest";
  static final int F = FeatureData.FEATURES;

  private final ModelConfig config;
  private final Path root;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  private final Map<String, byte[]> modelBytes = new LinkedHashMap<>();
  private final Map<String, Path> modelPaths = new LinkedHashMap<>();
  private final List<String> failures = new ArrayList<>();
  private final List<String[]> summary = new ArrayList<>();
  private FeatureData data;
  private Connection connection;

  private ModelBenchmark(ModelConfig config, Path root) {
    this.config = config;
    this.root = root;
  }

  /** Entry point; see {@link ModelConfig} for the arguments. */
  public static void main(String[] args) throws Exception {
    Suite.main(args, ModelConfig::parse, c -> c.dir, c -> c.keep, "sorrel-model-bench-", (c, root) -> {
      final ModelBenchmark bench = new ModelBenchmark(c, root);
      return new Suite.Run(bench::run, bench::close);
    });
  }


  private void run() throws Exception {
    for (String name : MODEL_FILES.keySet()) {
      final byte[] bytes = resource(MODEL_FILES.get(name));
      modelBytes.put(name, bytes);
      final Path file = root.resolve(name + ".onnx");
      Files.write(file, bytes);
      modelPaths.put(name, file);
    }
    progress("generating " + config.rows + " feature rows");
    data = new FeatureData(config.rows, config.noise, config.seed, CSV_FILES);
    printHeader();
    if (prepare()) {
      for (String model : config.models) {
        throughput(model);
      }
      latency();
    }
    out.println();
    out.println("SUMMARY");
    final TextTable table = new TextTable("measure", "value", "target", "verdict");
    summary.forEach(table::row);
    table.print(out);
    Suite.printEnd(out, failures, start);
  }

  // ------------------------------------------------------------ header

  private void printHeader() {
    Machine.printHeader(out, "Sorrel model-scoring benchmark");
    out.printf(Locale.ROOT, "versions: ONNX Runtime %s (Java API), Sorrel %s%n", ortVersion(),
        dev.sorrel.jdbc.SorrelDriver.class.getPackage().getImplementationVersion() == null
            ? "0.1.0-SNAPSHOT"
            : dev.sorrel.jdbc.SorrelDriver.class.getPackage().getImplementationVersion());
    out.printf(Locale.ROOT, "load    : system load average %.2f at start (other processes on the"
        + " machine skew the figures; compare with the value at the end)%n", Machine.loadAverage());
    out.println("data dir: " + root + (config.keep ? " (kept)" : " (deleted at exit)")
        + "; engine " + config.engine.label + " (" + config.engine.guarantees + ")");
    final StringBuilder params = new StringBuilder();
    config.values().forEach((k, v) -> params.append(k).append('=').append(v).append(' '));
    out.println("params  : " + params.toString().trim());
    out.println("models  : " + modelDescription("logreg") + "; " + modelDescription("forest"));
    out.println("          input float_input float32 [N,30]; PREDICT = probabilities[:, 1];"
        + " files from the classpath (bench/src/main/resources/models), written to the data"
        + " dir for CREATE MODEL");
    out.printf(Locale.ROOT, "          CREATE MODEL m FROM '<file>' WITH (%sbatch_size = %d)%n",
        config.threads > 0 ? "intra_op_threads = " + config.threads + ", " : "", config.batch);
    out.println("tables  : t (" + fmtInt(config.rows) + " rows) and e (" + fmtInt(config.entities)
        + " rows, = the first rows of t): id BIGINT PRIMARY KEY, f0..f29 DOUBLE");
    out.printf(Locale.ROOT, "data    : each row is one of the %d distinct breast-cancer rows of"
        + " the models' reference CSVs, every feature times (1 + %.3f N(0,1)), clamped at 0,"
        + " rounded to float32 (so DOUBLE -> float gives back exactly the raw baseline's"
        + " input)%n", data.baseRows, config.noise);
    out.println("raw ORT : same model bytes, one OrtSession with the same intra_op_threads,"
        + " rows from one float[] copied into one reused direct native-order FloatBuffer per"
        + " call; all outputs computed (as Sorrel does); p1 read via getFloatBuffer");
    out.println("method  : warm-ups excluded; " + config.reps + " measured repetitions, paths"
        + " interleaved (rotating which goes first); figures are medians over repetitions;"
        + " System.gc() before each timed repetition");
    out.flush();
  }

  private String modelDescription(String name) {
    return name + " = " + MODEL_FILES.get(name).substring("/models/".length()) + " ("
        + String.format(Locale.ROOT, "%,d", modelBytes.get(name).length) + " bytes)";
  }

  private static String ortVersion() {
    try {
      return OrtEnvironment.getEnvironment().getVersion();
    } catch (RuntimeException | LinkageError e) {
      return "?";
    }
  }

  // ------------------------------------------------------------ setup

  /** Opens the database, loads both tables and registers the models; false on failure. */
  private boolean prepare() {
    try {
      connection = config.engine.connect(root, "model");
      final double tSeconds = load("T", config.rows);
      final double eSeconds = load("E", config.entities);
      // The scoring queries read t's segment, built here rather than whatever the background
      // build after the load has reached when they start.
      final long compactStart = System.nanoTime();
      try (Statement s = connection.createStatement()) {
        s.execute("ALTER TABLE T COMPACT");
      }
      final double compactSeconds = (System.nanoTime() - compactStart) / 1e9;
      out.println();
      out.printf(Locale.ROOT, "0. LOAD (executeBatch of %,d rows, not a measured workload):"
          + " t %,d rows in %.1f s (%,.0f rows/s); e %,d rows in %.1f s (%,.0f rows/s)%n",
          config.loadBatch, config.rows, tSeconds, config.rows / tSeconds, config.entities,
          eSeconds, config.entities / eSeconds);
      out.printf(Locale.ROOT, "   ALTER TABLE t COMPACT (the segment the scoring queries read):"
          + " %.2f s%n", compactSeconds);
      try (Statement s = connection.createStatement()) {
        for (String name : MODEL_FILES.keySet()) {
          final String sql = "CREATE MODEL " + name + " FROM '" + modelPaths.get(name) + "' WITH ("
              + (config.threads > 0 ? "intra_op_threads = " + config.threads + ", " : "")
              + "batch_size = " + config.batch + ")";
          progress(sql);
          s.execute(sql);
        }
      }
      out.flush();
      return true;
    } catch (Exception | LinkageError ex) {
      failed("setup (connect, load, CREATE MODEL)", ex);
      return false;
    }
  }

  private double load(String table, int n) throws SQLException {
    final StringBuilder create = new StringBuilder("CREATE TABLE " + table
        + " (id BIGINT PRIMARY KEY");
    final StringBuilder insert = new StringBuilder("INSERT INTO " + table + " (id");
    final StringBuilder marks = new StringBuilder("?");
    for (int f = 0; f < F; f++) {
      create.append(", f").append(f).append(" DOUBLE");
      insert.append(", f").append(f);
      marks.append(", ?");
    }
    create.append(')');
    insert.append(") VALUES (").append(marks).append(')');
    try (Statement s = connection.createStatement()) {
      s.execute(create.toString());
    }
    progress("loading " + table + " (" + n + " rows)");
    long inserted = 0;
    final long t0 = System.nanoTime();
    try (PreparedStatement ps = connection.prepareStatement(insert.toString())) {
      for (int i = 0; i < n; i++) {
        ps.setLong(1, i + 1);
        for (int f = 0; f < F; f++) {
          ps.setDouble(f + 2, data.get(i, f));
        }
        ps.addBatch();
        if ((i + 1) % config.loadBatch == 0 || i == n - 1) {
          for (int count : ps.executeBatch()) {
            inserted += count == Statement.SUCCESS_NO_INFO ? 1 : count;
          }
        }
      }
    }
    final double seconds = (System.nanoTime() - t0) / 1e9;
    if (inserted != n) {
      throw new IllegalStateException("executeBatch reported " + inserted + " rows for " + n);
    }
    progress(String.format(Locale.ROOT, "  %.1f s", seconds));
    return seconds;
  }

  // ------------------------------------------------------------ 1. throughput

  private static String features() {
    final StringBuilder sb = new StringBuilder();
    for (int f = 0; f < F; f++) {
      sb.append(f == 0 ? "" : ", ").append('f').append(f);
    }
    return sb.toString();
  }

  private static String featureSum() {
    final StringBuilder sb = new StringBuilder();
    for (int f = 0; f < F; f++) {
      sb.append(f == 0 ? "" : " + ").append('f').append(f);
    }
    return sb.toString();
  }

  /** One timed run of a path; returns the value it computed (a sum), for the checks. */
  private interface Run {
    double run() throws Exception;
  }

  private static final String SORREL = "Sorrel SQL PREDICT";
  private static final String SCAN = "Sorrel scan only (no model)";
  private static final String RAW = "raw ORT, batch";
  private static final String ONE = "raw ORT, 1 row/call";

  private void throughput(String model) {
    final String predictSql = "SELECT SUM(PREDICT('" + model + "', " + features() + ")) FROM t";
    final String scanSql = "SELECT SUM(" + featureSum() + ") FROM t";
    final int rows = config.rows;
    final int oneRows = config.oneRowCalls;
    final Map<String, Run> paths = new LinkedHashMap<>();
    final Map<String, Integer> pathRows = new LinkedHashMap<>();
    final Map<String, String> failed = new LinkedHashMap<>();
    final Map<String, Double> results = new LinkedHashMap<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    final double[] oneRowCheck = new double[2 * config.reps];
    String plan = null;
    double firstMs = Double.NaN;
    try {
      final PreparedStatement predict = connection.prepareStatement(predictSql);
      resources.add(predict);
      paths.put(SORREL, () -> single(predict));
      pathRows.put(SORREL, rows);
      final PreparedStatement scan = connection.prepareStatement(scanSql);
      resources.add(scan);
      paths.put(SCAN, () -> single(scan));
      pathRows.put(SCAN, rows);
    } catch (Exception ex) {
      failed.put(SORREL, CoreBenchmark.describe(ex));
    }
    final Map<String, Run> warmRuns = new LinkedHashMap<>();
    OrtScorer raw = null;
    try {
      raw = new OrtScorer(modelBytes.get(model), config.threads, config.batch, F);
      resources.add(raw);
      final OrtScorer batched = raw;
      paths.put(RAW, () -> batched.scoreRange(data.values, 0, rows, config.batch));
      pathRows.put(RAW, rows);
      final OrtScorer single = new OrtScorer(modelBytes.get(model), config.threads, 1, F);
      resources.add(single);
      final int[] rep = {0};
      paths.put(ONE, () -> {
        // A different window of rows each repetition; checked against batched calls below.
        final int from = (int) ((long) rep[0] * oneRows % (rows - oneRows + 1));
        double sum = 0;
        for (int i = from; i < from + oneRows; i++) {
          sum += single.call(data.values, i, 1);
        }
        if (rep[0] < config.reps) {
          oneRowCheck[2 * rep[0]] = sum;
          oneRowCheck[2 * rep[0] + 1] = from;
        }
        rep[0]++;
        return sum;
      });
      pathRows.put(ONE, oneRows);
      // The one-row warm-up is a fifth of a repetition, on the first rows.
      warmRuns.put(ONE, () -> {
        double sum = 0;
        for (int i = 0; i < Math.max(1, oneRows / 5); i++) {
          sum += single.call(data.values, i, 1);
        }
        return sum;
      });
    } catch (Exception | LinkageError ex) {
      failed.put(RAW, CoreBenchmark.describe(ex));
      failed.put(ONE, CoreBenchmark.describe(ex));
    }
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + predictSql)) {
      final StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        sb.append(rs.getString(1).strip().replace("\n", "\n     ")).append("\n     ");
      }
      plan = sb.toString().strip();
    } catch (Exception ex) {
      plan = "(EXPLAIN failed: " + ex.getMessage() + ")";
    }

    final Map<String, double[]> seconds = new LinkedHashMap<>();
    for (Map.Entry<String, Run> p : paths.entrySet()) {
      seconds.put(p.getKey(), new double[config.reps]);
      final int warmups = p.getKey().equals(ONE) ? Math.min(1, config.warmup) : config.warmup;
      for (int w = 0; w < warmups && !failed.containsKey(p.getKey()); w++) {
        progress(model + " warm-up " + (w + 1) + "/" + warmups + " " + p.getKey());
        try {
          final long t0 = System.nanoTime();
          warmRuns.getOrDefault(p.getKey(), p.getValue()).run();
          final double ms = (System.nanoTime() - t0) / 1e6;
          if (p.getKey().equals(SORREL) && w == 0) {
            firstMs = ms;
          }
          progress(String.format(Locale.ROOT, "  %.0f ms", ms));
        } catch (Exception | LinkageError ex) {
          failed.put(p.getKey(), CoreBenchmark.describe(ex));
        }
      }
    }
    final List<String> names = new ArrayList<>(paths.keySet());
    for (int rep = 0; rep < config.reps; rep++) {
      for (int k = 0; k < names.size(); k++) {
        final String name = names.get((k + rep) % names.size());
        if (failed.containsKey(name)) {
          continue;
        }
        progress(model + " rep " + (rep + 1) + "/" + config.reps + " " + name);
        try {
          System.gc();
          final long t0 = System.nanoTime();
          final double value = paths.get(name).run();
          seconds.get(name)[rep] = (System.nanoTime() - t0) / 1e9;
          if (!name.equals(ONE)) {
            final Double previous = results.put(name, value);
            if (previous != null && previous.doubleValue() != value) {
              failed.put(name, "result changed between repetitions: " + previous + " then "
                  + value);
            }
          }
          progress(String.format(Locale.ROOT, "  %.3f s", seconds.get(name)[rep]));
        } catch (Exception | LinkageError ex) {
          failed.put(name, CoreBenchmark.describe(ex));
        }
      }
    }
    // Checks: the one-row windows against batched calls on the same rows.
    String oneRowVerdict = "-";
    if (!failed.containsKey(ONE) && !failed.containsKey(RAW)) {
      try {
        double worst = 0;
        for (int rep = 0; rep < config.reps; rep++) {
          final double expected = raw.scoreRange(data.values, (int) oneRowCheck[2 * rep + 1], oneRows, config.batch);
          worst = Math.max(worst, relative(oneRowCheck[2 * rep], expected));
        }
        oneRowVerdict = String.format(Locale.ROOT, "max rel diff %.1e vs batched calls on the"
            + " same rows: %s", worst, worst <= 1e-4 ? "OK" : "MISMATCH");
      } catch (Exception ex) {
        oneRowVerdict = "check failed: " + ex;
      }
    }
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // nothing more to do
      }
    }

    out.println();
    out.printf(Locale.ROOT, "1%s. BATCH SCORING THROUGHPUT, model %s, %,d rows%n",
        model.equals("logreg") ? "a" : "b", modelDescription(model), rows);
    out.println("   Sorrel: " + predictSql.replace(features(), "f0, ..., f29"));
    out.println("   scan  : " + scanSql.replace(featureSum(), "f0 + ... + f29")
        + "   (the same 30 columns read, no model)");
    out.println("   plan  : " + plan);
    out.printf(Locale.ROOT, "   (time = executeQuery + reading the one result row, or the raw"
        + " loop; %d warm-up run(s) excluded; first Sorrel execution incl. planning and session"
        + " load: %s ms; %s: %,d rows per repetition, rows/s extrapolated)%n", config.warmup,
        fmt(firstMs, 0), ONE, oneRows);
    final TextTable table = new TextTable("path", "median ms", "rows/s", "min ms", "max ms",
        "Sorrel/X rows/s");
    final double sorrelRate = rate(seconds, failed, pathRows, SORREL);
    for (String name : names) {
      if (failed.containsKey(name)) {
        table.row(name, "FAILED");
        continue;
      }
      final double[] s = seconds.get(name);
      final double rate = rate(seconds, failed, pathRows, name);
      table.row(name, fmt(Stats.median(s) * 1e3, 1), fmtInt(rate), fmt(Stats.min(s) * 1e3, 1),
          fmt(Stats.max(s) * 1e3, 1), ratio(sorrelRate, rate));
    }
    table.print(out);
    final double rawRate = rate(seconds, failed, pathRows, RAW);
    final double oneRate = rate(seconds, failed, pathRows, ONE);
    final double vsRaw = sorrelRate / rawRate;
    final double vsOne = sorrelRate / oneRate;
    out.printf(Locale.ROOT, "   Sorrel/raw ORT batch throughput = %s%s%n", ratio(sorrelRate,
        rawRate), model.equals("forest") ? "   (target >= 0.80: "
        + verdict(vsRaw >= 0.8) + ")" : "");
    out.printf(Locale.ROOT, "   Sorrel/one-row ORT throughput   = %s (speedup of in-SQL batch"
        + " scoring over one ONNX Runtime call per row)%n", ratio(sorrelRate, oneRate));
    if (!Double.isNaN(sorrelRate) && !Double.isNaN(rawRate)) {
      final double sorrelMs = 1e3 * rows / sorrelRate;
      final double rawMs = 1e3 * rows / rawRate;
      final double scanMs = failed.containsKey(SCAN) ? Double.NaN
          : Stats.median(seconds.get(SCAN)) * 1e3;
      out.printf(Locale.ROOT, "   where Sorrel's %.0f ms go (estimate from the medians): scan of"
          + " 30 columns ~%.0f ms (scan-only query), ONNX Runtime ~%.0f ms (raw batch path),"
          + " rest ~%.0f ms = PREDICT operator (row buffering, Arrow vectors, tensor build,"
          + " result copy) and SUM%n", sorrelMs, scanMs, rawMs, sorrelMs - scanMs - rawMs);
    }
    String sumVerdict = "-";
    if (results.containsKey(SORREL) && results.containsKey(RAW)) {
      final double rel = relative(results.get(SORREL), results.get(RAW));
      sumVerdict = rel <= 1e-4 ? "OK" : "MISMATCH";
      out.printf(Locale.ROOT, "   check SUM(PREDICT): Sorrel %.6f, raw ORT %.6f, rel diff %.1e"
          + " (tolerance 1e-4): %s%n", results.get(SORREL), results.get(RAW), rel, sumVerdict);
    }
    if (results.containsKey(SCAN)) {
      double expected = 0;
      for (int i = 0; i < rows; i++) {
        double row = 0;
        for (int f = 0; f < F; f++) {
          row += data.get(i, f);
        }
        expected += row;
      }
      final double rel = relative(results.get(SCAN), expected);
      out.printf(Locale.ROOT, "   check scan-only SUM: Sorrel %.4f, expected %.4f, rel diff %.1e:"
          + " %s%n", results.get(SCAN), expected, rel, rel <= 1e-9 ? "OK" : "MISMATCH");
    }
    out.println("   check one-row ORT: " + oneRowVerdict);
    failed.forEach((name, msg) -> {
      out.println("   FAILED " + name + ": " + msg);
      failures.add(model + " throughput, " + name + ": " + msg);
    });
    out.flush();
    summary.add(new String[] {model + ": Sorrel rows/s", fmtInt(sorrelRate), "", ""});
    summary.add(new String[] {model + ": Sorrel/raw ORT batch", ratio(sorrelRate, rawRate),
        model.equals("forest") ? ">= 0.80" : "", model.equals("forest")
        ? verdict(vsRaw >= 0.8) : ""});
    summary.add(new String[] {model + ": Sorrel/one-row ORT", ratio(sorrelRate, oneRate), "",
        ""});
    summary.add(new String[] {model + ": SUM agrees with raw ORT", sumVerdict, "rel 1e-4", ""});
  }

  private static double single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("no result row");
      }
      final double v = rs.getDouble(1);
      if (rs.wasNull()) {
        throw new IllegalStateException("NULL result");
      }
      if (rs.next()) {
        throw new IllegalStateException("more than one result row");
      }
      return v;
    }
  }

  private static double rate(Map<String, double[]> seconds, Map<String, String> failed,
      Map<String, Integer> rows, String name) {
    if (failed.containsKey(name) || !seconds.containsKey(name)) {
      return Double.NaN;
    }
    return rows.get(name) / Stats.median(seconds.get(name));
  }

  private static double relative(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  }

  // ------------------------------------------------------------ 2. latency

  /** One scoring lookup of entity {@code id}; returns the score (or a value read). */
  private interface Lookup {
    double get(long id) throws Exception;
  }

  private static final String L_PREDICT = "Sorrel PREDICT by id";
  private static final String L_SELECT = "Sorrel SELECT f0..f29 by id (no model)";
  private static final String L_APP = "Sorrel SELECT + raw ORT call in app";
  private static final String L_RAW = "raw ORT 1-row call (features in RAM)";

  private void latency() {
    final String predictSql = "SELECT PREDICT('" + LATENCY_MODEL + "', " + features()
        + ") FROM e WHERE id = ?";
    final String selectSql = "SELECT " + features() + " FROM e WHERE id = ?";
    final Map<String, Lookup> probes = new LinkedHashMap<>();
    final Map<String, String> failed = new LinkedHashMap<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    try {
      final PreparedStatement predict = connection.prepareStatement(predictSql);
      resources.add(predict);
      probes.put(L_PREDICT, id -> {
        predict.setLong(1, id);
        return single(predict);
      });
      final PreparedStatement select = connection.prepareStatement(selectSql);
      resources.add(select);
      final float[] row = new float[F];
      probes.put(L_SELECT, id -> {
        fetch(select, id, row);
        return row[0];
      });
      final OrtScorer app = new OrtScorer(modelBytes.get(LATENCY_MODEL), config.threads, 1, F);
      resources.add(app);
      probes.put(L_APP, id -> {
        fetch(select, id, row);
        return app.call(row, 0, 1);
      });
      final OrtScorer raw = new OrtScorer(modelBytes.get(LATENCY_MODEL), config.threads, 1, F);
      resources.add(raw);
      probes.put(L_RAW, id -> raw.call(data.values, (int) id - 1, 1));
    } catch (Exception | LinkageError ex) {
      failed.put(L_PREDICT, CoreBenchmark.describe(ex));
    }
    final SplittableRandom random = new SplittableRandom(config.seed ^ 0x5DEECE66DL);
    final long[] keys = new long[config.lookupWarmup + config.lookups * config.reps];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 1 + random.nextInt(config.entities);
    }
    final Map<String, Double> checksums = new LinkedHashMap<>();
    final Map<String, List<Latency>> results = new LatencyRounds<>(probes, this::progress)
        .measure(config.lookupWarmup, config.lookups, config.reps,
            (name, lookup, from, nanos) -> {
              final double sum = timed(lookup, keys, from, nanos);
              if (from >= config.lookupWarmup) {
                checksums.merge(name, sum, Double::sum);
              }
            },
            failed, (name, ex) -> { });
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // nothing more to do
      }
    }

    out.println();
    out.printf(Locale.ROOT, "2. REAL-TIME SCORING LATENCY, model %s, table e of %,d entities,"
        + " random ids; %,d lookups x %d reps after %,d warm-up, each timed with nanoTime%n",
        LATENCY_MODEL, config.entities, config.lookups, config.reps, config.lookupWarmup);
    out.println("   Sorrel: " + predictSql.replace(features(), "f0, ..., f29")
        + "   (one reused PreparedStatement)");
    out.println("   (latency in microseconds: median over repetitions of each repetition's"
        + " percentile; PREDICT/X = Sorrel PREDICT latency / X latency)");
    final TextTable table = new TextTable("path", "p50 us", "p99 us", "p999 us", "mean us",
        "max us", "calls/s", "PREDICT/X p50", "p99");
    final Latency ref = failed.containsKey(L_PREDICT) || results.get(L_PREDICT) == null
        || results.get(L_PREDICT).isEmpty() ? null : Latency.median(results.get(L_PREDICT));
    for (String name : probes.keySet()) {
      if (failed.containsKey(name) || results.get(name).isEmpty()) {
        table.row(name, "FAILED");
        continue;
      }
      final Latency l = Latency.median(results.get(name));
      table.row(name, fmt(l.p50(), 1), fmt(l.p99(), 1), fmt(l.p999(), 1), fmt(l.mean(), 1),
          fmt(l.max(), 0), fmtInt(1e6 / l.mean()), ref == null ? "-" : ratio(ref.p50(), l.p50()),
          ref == null ? "-" : ratio(ref.p99(), l.p99()));
    }
    table.print(out);
    out.println("   rows: PREDICT by id = the SQL above; SELECT by id = the same lookup"
        + " returning the 30 features, no model; SELECT + raw ORT = that lookup, then the"
        + " features scored by the application with its own session; raw ORT = the scoring"
        + " call alone on features already in memory");
    if (ref != null) {
      out.printf(Locale.ROOT, "   PREDICT p99 = %.1f us (target < 200 us: %s)%n", ref.p99(),
          verdict(ref.p99() < 200));
    }
    String check = "-";
    final Double p = checksums.get(L_PREDICT);
    final Double a = checksums.get(L_APP);
    final Double r = checksums.get(L_RAW);
    if (p != null && r != null) {
      final double rel = Math.max(relative(p, r), a == null ? 0 : relative(a, r));
      check = rel <= 1e-4 ? "OK" : "MISMATCH";
      out.printf(Locale.ROOT, "   check: sum of scores PREDICT %.6f, SELECT+ORT %s, raw ORT"
          + " %.6f; max rel diff %.1e: %s%n", p, a == null ? "-" : String.format(Locale.ROOT,
          "%.6f", a), r, rel, check);
    }
    failed.forEach((name, msg) -> {
      out.println("   FAILED " + name + ": " + msg);
      failures.add("latency, " + name + ": " + msg);
    });
    out.flush();
    summary.add(new String[] {"PREDICT by id p50 us", ref == null ? "-" : fmt(ref.p50(), 1), "",
        ""});
    summary.add(new String[] {"PREDICT by id p99 us", ref == null ? "-" : fmt(ref.p99(), 1),
        "< 200", ref == null ? "" : verdict(ref.p99() < 200)});
    summary.add(new String[] {"PREDICT by id p999 us", ref == null ? "-" : fmt(ref.p999(), 1), "",
        ""});
    summary.add(new String[] {"latency scores agree with raw ORT", check, "rel 1e-4", ""});
  }

  private static void fetch(PreparedStatement select, long id, float[] row) throws SQLException {
    select.setLong(1, id);
    try (ResultSet rs = select.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("id " + id + " not found");
      }
      for (int f = 0; f < F; f++) {
        row[f] = (float) rs.getDouble(f + 1);
      }
    }
  }

  /** Runs {@code nanos.length} lookups from {@code keys[from]}, timing each; returns the sum. */
  private static double timed(Lookup lookup, long[] keys, int from, long[] nanos)
      throws Exception {
    double sum = 0;
    for (int i = 0; i < nanos.length; i++) {
      final long id = keys[from + i];
      final long t0 = System.nanoTime();
      sum += lookup.get(id);
      nanos[i] = System.nanoTime() - t0;
    }
    return sum;
  }

  // ------------------------------------------------------------ helpers

  private void failed(String what, Throwable ex) {
    final String message = CoreBenchmark.describe(ex);
    failures.add(what + ": " + message);
    progress("FAILED " + what + ": " + message);
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = ModelBenchmark.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " not on the classpath");
      }
      return in.readAllBytes();
    }
  }

  private void close() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // nothing more to do at exit
      }
    }
  }





  private void progress(String message) {
    System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, message);
  }
}
