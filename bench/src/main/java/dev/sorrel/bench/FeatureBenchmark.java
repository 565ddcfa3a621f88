package dev.sorrel.bench;

import static dev.sorrel.bench.Format.fmt;
import static dev.sorrel.bench.Format.fmtInt;
import static dev.sorrel.bench.Format.ratio;
import static dev.sorrel.bench.Format.verdict;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TimeZone;

/**
 * The feature-store suite: Sorrel's feature views against DuckDB (in memory)
 * and H2 (in memory), all in one JVM on the same generated data.
 *
 * <ol>
 *   <li>Point-in-time join: {@code rows} entity rows (table {@code orders})
 *       against {@code features} rows of the feature view {@code stats} over
 *       {@code entities} drivers, {@code LEFT ASOF JOIN} with the view's TTL of
 *       one day, fully consumed through JDBC; DuckDB runs its {@code ASOF LEFT
 *       JOIN} with the TTL written as a {@code CASE} (a match older than
 *       {@code ts - 1 day} gives NULL features, as Sorrel's TTL does), once
 *       with its default thread count and once with one thread. The Java heap
 *       is watched during Sorrel's join ({@link HeapWatch}).
 *   <li>Online lookup: the three features of a random driver through one
 *       reused {@code PreparedStatement} on {@code ONLINE.stats}, against H2
 *       in memory reading the same latest rows by primary key; p50/p99/p999.
 *   <li>Ingest: {@code COPY} of the whole feature CSV (and Parquet, where
 *       Sorrel's COPY reads it) into a fresh feature view, against DuckDB's
 *       {@code CREATE TABLE ... AS SELECT * FROM read_csv(...)} /
 *       {@code read_parquet(...)} of the same file.
 * </ol>
 *
 * <p>Like the other suites: warm-ups first (not reported), then {@code reps}
 * measured repetitions with the engines taking turns (the first one
 * rotating), medians over repetitions, {@code System.gc()} before each timed
 * repetition. The data is generated from a seed as a stream ({@link
 * FeatureRows}), so the benchmark itself holds almost nothing on the heap.
 * Parameters: {@link FeatureConfig}, or run with {@code --help}.
 */
public final class FeatureBenchmark {
  static final String CREATE_ENTITY = "CREATE ENTITY driver (driver_id BIGINT)";
  static final String FEATURES = "(conv_rate DOUBLE, acc_rate DOUBLE, trips BIGINT)";
  static final String TTL = "TTL INTERVAL '1' DAY";
  static final String CREATE_ORDERS = "CREATE TABLE orders (id BIGINT PRIMARY KEY,"
      + " driver_id BIGINT, ts TIMESTAMP)";
  static final String SORREL_JOIN = "SELECT o.id, f.conv_rate, f.acc_rate, f.trips"
      + " FROM orders o LEFT ASOF JOIN stats f MATCH_CONDITION (o.ts >= f.event_timestamp)"
      + " ON o.driver_id = f.driver_id";
  /** The TTL of one day as Sorrel applies it: a match is valid while event >= ts - ttl. */
  static final String DUCK_FRESH = "f.event_timestamp >= o.ts - INTERVAL 1 DAY";
  static final String DUCK_JOIN = "SELECT o.id,"
      + " CASE WHEN " + DUCK_FRESH + " THEN f.conv_rate END AS conv_rate,"
      + " CASE WHEN " + DUCK_FRESH + " THEN f.acc_rate END AS acc_rate,"
      + " CASE WHEN " + DUCK_FRESH + " THEN f.trips END AS trips"
      + " FROM orders o ASOF LEFT JOIN stats f"
      + " ON o.driver_id = f.driver_id AND o.ts >= f.event_timestamp";
  static final String SORREL_LOOKUP =
      "SELECT conv_rate, acc_rate, trips FROM online.stats WHERE driver_id = ?";
  static final String H2_LOOKUP = "SELECT conv_rate, acc_rate, trips FROM stats WHERE driver_id = ?";
  /** For the online lookups: a TTL the generated (2024) data is fresh under. */
  static final String LONG_TTL = "ALTER FEATURE VIEW stats SET TTL INTERVAL '36500' DAY(5)";

  private final FeatureConfig config;
  private final Path root;
  private final FeatureRows data;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  private final List<String> failures = new ArrayList<>();
  private final List<String[]> summary = new ArrayList<>();
  private Path featuresCsv;
  private Path ordersCsv;
  private Connection sorrel;
  private Connection duck;
  private Connection h2;
  private String duckThreads = "?";
  private String loadMethod;

  private FeatureBenchmark(FeatureConfig config, Path root) {
    this.config = config;
    this.root = root;
    this.data = new FeatureRows(config.entities, config.features, config.rows, config.seed);
  }

  /** Entry point; see {@link FeatureConfig} for the arguments. */
  public static void main(String[] args) throws Exception {
    // Timestamps without time zone: every engine and the CSV text read epoch milliseconds
    // the same way only if the JVM's zone has no offset.
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    Suite.main(args, FeatureConfig::parse, c -> c.dir, c -> c.keep, "sorrel-feature-bench-", (c, root) -> {
      final FeatureBenchmark bench = new FeatureBenchmark(c, root);
      return new Suite.Run(bench::run, bench::close);
    });
  }


  private void run() throws Exception {
    printHeader();
    if (prepare()) {
      if (config.parts.contains("join")) {
        join();
      }
      if (config.parts.contains("online")) {
        online();
      }
      if (config.parts.contains("ingest")) {
        ingest();
      }
    }
    out.println();
    out.println("SUMMARY");
    final TextTable table = new TextTable("measure", "Sorrel", "peer", "Sorrel/peer", "target",
        "verdict");
    summary.forEach(table::row);
    table.print(out);
    Suite.printEnd(out, failures, start);
  }

  // ------------------------------------------------------------ header

  private void printHeader() {
    Machine.printHeader(out, "Sorrel feature-store benchmark");
    out.printf(Locale.ROOT, "load    : system load average %.2f at start (other processes on the"
        + " machine skew the figures; compare with the value at the end)%n", Machine.loadAverage());
    out.println("data dir: " + root + (config.keep ? " (kept)" : " (deleted at exit)")
        + "; Sorrel engine " + config.engine.label + " (" + config.engine.guarantees + ")");
    final StringBuilder params = new StringBuilder();
    config.values().forEach((k, v) -> params.append(k).append('=').append(v).append(' '));
    out.println("params  : " + params.toString().trim());
    final int fewest = config.features / config.entities;
    final int most = (config.features + config.entities - 1) / config.entities;
    out.printf(Locale.ROOT, "data    : %,d feature rows over %,d drivers (%s rows each, evenly"
        + " spread over the 30 days from 2024-01-01, a random millisecond within each slot) and"
        + " %,d orders (random driver, random time in the same 30 days); conv_rate, acc_rate in"
        + " [0,1] (4 decimals), trips in [0,5000); seed %d%n", config.features, config.entities,
        fewest == most ? String.format(Locale.ROOT, "%,d", most)
            : String.format(Locale.ROOT, "%,d-%,d", fewest, most), config.rows, config.seed);
    out.println("Sorrel  : " + CREATE_ENTITY + "; CREATE FEATURE VIEW stats ENTITY driver "
        + FEATURES + " " + TTL + "; " + CREATE_ORDERS);
    out.println("DuckDB  : in memory (jdbc:duckdb:), tables stats and orders read from the same"
        + " CSV files with read_csv; H2: in memory (" + Engine.H2_MEM.url(root, "feature")
        + ", otherwise default settings)");
    out.println("method  : warm-ups excluded; figures are medians over repetitions, engines"
        + " interleaved (rotating which goes first); System.gc() before each timed"
        + " repetition; times include executing the statement and reading every result row"
        + " through JDBC");
    out.flush();
  }

  // ------------------------------------------------------------ setup

  /** Writes the files, opens the engines and loads the data; false on failure. */
  private boolean prepare() {
    try {
      featuresCsv = root.resolve("features.csv");
      ordersCsv = root.resolve("orders.csv");
      progress("writing " + featuresCsv.getFileName() + " (" + config.features + " rows)");
      long t0 = System.nanoTime();
      final long featureBytes = data.writeFeatures(featuresCsv, config.features);
      final double featureWrite = seconds(t0);
      t0 = System.nanoTime();
      final long orderBytes = data.writeOrders(ordersCsv);
      final double orderWrite = seconds(t0);

      sorrel = config.engine.connect(root, "feature");
      duck = DriverManager.getConnection("jdbc:duckdb:");
      duckThreads = scalar(duck, "SELECT current_setting('threads')");
      try (Statement s = sorrel.createStatement()) {
        s.execute(CREATE_ENTITY);
        s.execute(createView("stats"));
        s.execute(CREATE_ORDERS);
      }
      String trial = null;
      loadMethod = config.load;
      if (loadMethod.equals("auto")) {
        final double[] rates = trialLoad();
        loadMethod = rates[0] >= rates[1] ? "copy" : "batch";
        trial = String.format(Locale.ROOT, "trial on the first %,d feature rows (after a"
            + " %,d-row warm-up of each): COPY from CSV %,.0f rows/s, executeBatch of %,d"
            + " %,.0f rows/s -> %s", config.loadTrial, warmRows(), rates[0], config.loadBatch,
            rates[1], loadMethod.equals("copy") ? "COPY" : "executeBatch");
      }
      progress("loading Sorrel stats (" + loadMethod + ")");
      t0 = System.nanoTime();
      final long sorrelFeatures = loadMethod.equals("copy") ? copy(sorrel, "stats", featuresCsv)
          : insertFeatures("stats", config.features);
      final double sorrelFeatureLoad = seconds(t0);
      check(sorrelFeatures == config.features, "Sorrel loaded " + sorrelFeatures
          + " feature rows, not " + config.features);
      // A COPY of a million rows or more compacts the view and writes its history
      // segment itself; after executeBatch loads this is the step a user would run.
      progress("compacting Sorrel stats (ALTER FEATURE VIEW stats COMPACT)");
      t0 = System.nanoTime();
      execute(sorrel, "ALTER FEATURE VIEW stats COMPACT");
      final double sorrelCompact = seconds(t0);
      progress("loading Sorrel orders (" + loadMethod + ")");
      t0 = System.nanoTime();
      final long sorrelOrders = loadMethod.equals("copy") ? copy(sorrel, "orders", ordersCsv)
          : insertOrders();
      final double sorrelOrderLoad = seconds(t0);
      check(sorrelOrders == config.rows, "Sorrel loaded " + sorrelOrders + " orders, not "
          + config.rows);

      progress("loading DuckDB stats and orders (read_csv)");
      t0 = System.nanoTime();
      execute(duck, "CREATE TABLE stats AS SELECT * FROM read_csv('" + featuresCsv + "')");
      final double duckFeatureLoad = seconds(t0);
      t0 = System.nanoTime();
      execute(duck, "CREATE TABLE orders AS SELECT * FROM read_csv('" + ordersCsv + "')");
      final double duckOrderLoad = seconds(t0);
      check(Long.parseLong(scalar(duck, "SELECT COUNT(*) FROM stats")) == config.features,
          "DuckDB stats row count");
      check(Long.parseLong(scalar(duck, "SELECT COUNT(*) FROM orders")) == config.rows,
          "DuckDB orders row count");

      out.println();
      out.println("0. FILES AND LOADS (not measured workloads)");
      out.printf(Locale.ROOT, "   files : features.csv %,d rows, %.1f MiB, written in %.1f s;"
          + " orders.csv %,d rows, %.1f MiB, %.1f s%n", config.features, featureBytes / 1048576.0,
          featureWrite, config.rows, orderBytes / 1048576.0, orderWrite);
      if (trial != null) {
        out.println("   Sorrel load path " + trial);
      }
      out.printf(Locale.ROOT, "   Sorrel: stats %,d rows in %.1f s (%,.0f rows/s), orders %,d"
          + " rows in %.1f s (%,.0f rows/s), both by %s%n", config.features, sorrelFeatureLoad,
          config.features / sorrelFeatureLoad, config.rows, sorrelOrderLoad,
          config.rows / sorrelOrderLoad, loadMethod.equals("copy") ? "COPY from the CSV files"
          : "executeBatch of " + config.loadBatch);
      out.printf(Locale.ROOT, "   Sorrel: ALTER FEATURE VIEW stats COMPACT after the load took"
          + " %.1f s (RocksDB compaction and the history segment that joins search; a no-op"
          + " after a large COPY, which does both itself)%n", sorrelCompact);
      out.printf(Locale.ROOT, "   DuckDB: stats in %.1f s (%,.0f rows/s), orders in %.1f s,"
          + " CREATE TABLE ... AS SELECT * FROM read_csv(...); threads=%s; column types %s%n",
          duckFeatureLoad, config.features / duckFeatureLoad, duckOrderLoad, duckThreads,
          duckTypes("stats") + " / " + duckTypes("orders"));
      out.flush();
      return true;
    } catch (Exception | LinkageError ex) {
      failed("setup (files, connect, load)", ex);
      return false;
    }
  }

  static String createView(String name) {
    return "CREATE FEATURE VIEW " + name + " ENTITY driver " + FEATURES + " " + TTL;
  }

  private int warmRows() {
    return Math.max(1, Math.min(100_000, config.loadTrial / 10));
  }

  /**
   * Loads the first rows of the data into scratch feature views both ways
   * (a small warm-up first), drops them, and returns the rates: COPY, then
   * executeBatch.
   */
  private double[] trialLoad() throws Exception {
    final Path trialCsv = root.resolve("features-trial.csv");
    final Path warmCsv = root.resolve("features-warm.csv");
    data.writeFeatures(trialCsv, config.loadTrial);
    data.writeFeatures(warmCsv, warmRows());
    try (Statement s = sorrel.createStatement()) {
      for (String view : new String[] {"warm_copy", "warm_batch", "trial_copy", "trial_batch"}) {
        s.execute(createView(view));
      }
      progress("load-path warm-up (" + warmRows() + " rows each way)");
      copy(sorrel, "warm_copy", warmCsv);
      insertFeatures("warm_batch", warmRows());
      System.gc();
      progress("load-path trial: COPY of " + config.loadTrial + " rows");
      long t0 = System.nanoTime();
      check(copy(sorrel, "trial_copy", trialCsv) == config.loadTrial, "trial COPY count");
      final double copySeconds = seconds(t0);
      progress(String.format(Locale.ROOT, "  %.1f s", copySeconds));
      System.gc();
      progress("load-path trial: executeBatch of " + config.loadTrial + " rows");
      t0 = System.nanoTime();
      check(insertFeatures("trial_batch", config.loadTrial) == config.loadTrial,
          "trial executeBatch count");
      final double batchSeconds = seconds(t0);
      progress(String.format(Locale.ROOT, "  %.1f s", batchSeconds));
      for (String view : new String[] {"warm_copy", "warm_batch", "trial_copy", "trial_batch"}) {
        s.execute("DROP FEATURE VIEW " + view);
      }
      return new double[] {config.loadTrial / copySeconds, config.loadTrial / batchSeconds};
    } finally {
      Files.deleteIfExists(trialCsv);
      Files.deleteIfExists(warmCsv);
    }
  }

  private static long copy(Connection c, String table, Path file) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeLargeUpdate("COPY " + table + " FROM '" + file + "'");
    }
  }

  /** Inserts the first {@code limit} feature rows into a view by executeBatch. */
  private long insertFeatures(String view, long limit) throws SQLException {
    long inserted = 0;
    final FeatureRows.Features f = data.features();
    try (PreparedStatement ps = sorrel.prepareStatement("INSERT INTO " + view
        + " (driver_id, event_timestamp, conv_rate, acc_rate, trips) VALUES (?, ?, ?, ?, ?)")) {
      int pending = 0;
      for (long n = 0; n < limit && f.next(); n++) {
        ps.setLong(1, f.driver);
        ps.setTimestamp(2, new Timestamp(f.event));
        ps.setDouble(3, f.conv);
        ps.setDouble(4, f.acc);
        ps.setLong(5, f.trips);
        ps.addBatch();
        if (++pending == config.loadBatch) {
          inserted += count(ps.executeBatch());
          pending = 0;
        }
      }
      if (pending > 0) {
        inserted += count(ps.executeBatch());
      }
    }
    return inserted;
  }

  private long insertOrders() throws SQLException {
    long inserted = 0;
    final FeatureRows.Orders o = data.orders();
    try (PreparedStatement ps = sorrel.prepareStatement(
        "INSERT INTO orders (id, driver_id, ts) VALUES (?, ?, ?)")) {
      int pending = 0;
      while (o.next()) {
        ps.setLong(1, o.id);
        ps.setLong(2, o.driver);
        ps.setTimestamp(3, new Timestamp(o.ts));
        ps.addBatch();
        if (++pending == config.loadBatch) {
          inserted += count(ps.executeBatch());
          pending = 0;
        }
      }
      if (pending > 0) {
        inserted += count(ps.executeBatch());
      }
    }
    return inserted;
  }

  private static long count(int[] counts) {
    long n = 0;
    for (int c : counts) {
      n += c == Statement.SUCCESS_NO_INFO ? 1 : c;
    }
    return n;
  }

  private String duckTypes(String table) {
    try (Statement s = duck.createStatement();
         ResultSet rs = s.executeQuery("DESCRIBE " + table)) {
      final StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        sb.append(sb.length() == 0 ? "" : ", ").append(rs.getString(2));
      }
      return sb.toString();
    } catch (SQLException e) {
      return "?";
    }
  }

  // ------------------------------------------------------------ 1. join

  /** What a join run read: counts and sums over every result row. */
  private record JoinResult(long rows, long matched, long sumTrips, double sumConv) {
    boolean agrees(JoinResult o) {
      return rows == o.rows && matched == o.matched && sumTrips == o.sumTrips
          && relative(sumConv, o.sumConv) <= 1e-9;
    }
  }

  private static JoinResult consume(PreparedStatement ps) throws SQLException {
    long rows = 0;
    long matched = 0;
    long trips = 0;
    double conv = 0;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        rows++;
        final double c = rs.getDouble(2);
        if (!rs.wasNull()) {
          matched++;
          conv += c;
        }
        trips += rs.getLong(4);
      }
    }
    return new JoinResult(rows, matched, trips, conv);
  }

  /** A path of a workload: untimed set-up, the timed run, untimed tear-down. */
  private interface Step {
    void run() throws Exception;
  }

  private interface Timed<T> {
    T run() throws Exception;
  }

  private record Path3<T>(Step before, Timed<T> run, Step after) {
  }

  private static final String J_SORREL = "Sorrel LEFT ASOF JOIN";
  private static final String J_DUCK = "DuckDB ASOF LEFT JOIN";
  private static final String J_DUCK1 = "DuckDB ASOF LEFT JOIN, threads=1";

  private void join() {
    final Map<String, Path3<JoinResult>> paths = new LinkedHashMap<>();
    final Map<String, String> failed = new LinkedHashMap<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    String plan;
    try (Statement s = sorrel.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + SORREL_JOIN)) {
      final StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        sb.append(rs.getString(1).strip().replace("\n", "\n            ")).append("\n            ");
      }
      plan = sb.toString().strip();
    } catch (Exception ex) {
      plan = "(EXPLAIN failed: " + ex.getMessage() + ")";
    }
    final Step none = () -> { };
    try {
      final PreparedStatement ps = sorrel.prepareStatement(SORREL_JOIN);
      resources.add(ps);
      paths.put(J_SORREL, new Path3<>(none, () -> consume(ps), none));
    } catch (Exception ex) {
      failed.put(J_SORREL, CoreBenchmark.describe(ex));
    }
    // DuckDB 1.5 fails with an internal error ("Attempted to dereference unique_ptr that is
    // NULL!") when an ASOF JOIN statement prepared under one thread count runs under
    // another, so each DuckDB run prepares its statement afresh (untimed).
    final PreparedStatement[] duckStatement = new PreparedStatement[1];
    for (String name : new String[] {J_DUCK, J_DUCK1}) {
      final String threads = name.equals(J_DUCK) ? duckThreads : "1";
      paths.put(name, new Path3<>(() -> {
        execute(duck, "SET threads = " + threads);
        duckStatement[0] = duck.prepareStatement(DUCK_JOIN);
      }, () -> consume(duckStatement[0]), () -> {
        if (duckStatement[0] != null) {
          duckStatement[0].close();
          duckStatement[0] = null;
        }
        execute(duck, "SET threads = " + duckThreads);
      }));
    }

    final long baseline = HeapWatch.usedAfterGc();
    final long[] heap = new long[3]; // max after GC, max sampled, collections
    final Map<String, double[]> seconds = new LinkedHashMap<>();
    final Map<String, JoinResult> results = new LinkedHashMap<>();
    double firstMs = Double.NaN;
    for (Map.Entry<String, Path3<JoinResult>> p : paths.entrySet()) {
      seconds.put(p.getKey(), new double[config.reps]);
      for (int w = 0; w < config.warmup && !failed.containsKey(p.getKey()); w++) {
        progress("join warm-up " + (w + 1) + "/" + config.warmup + " " + p.getKey());
        try {
          final double s = timedRun(p.getValue(), p.getKey().equals(J_SORREL) ? heap : null,
              results, p.getKey());
          if (p.getKey().equals(J_SORREL) && w == 0) {
            firstMs = s * 1e3;
          }
          progress(String.format(Locale.ROOT, "  %.3f s", s));
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
        progress("join rep " + (rep + 1) + "/" + config.reps + " " + name);
        try {
          seconds.get(name)[rep] = timedRun(paths.get(name),
              name.equals(J_SORREL) ? heap : null, results, name);
          progress(String.format(Locale.ROOT, "  %.3f s", seconds.get(name)[rep]));
        } catch (Exception | LinkageError ex) {
          failed.put(name, CoreBenchmark.describe(ex));
        }
      }
    }
    closeAll(resources);

    out.println();
    out.printf(Locale.ROOT, "1. POINT-IN-TIME JOIN: %,d orders x %,d feature rows over %,d"
        + " drivers, TTL 1 day; %d warm-up run(s) per path excluded, %d measured%n", config.rows,
        config.features, config.entities, config.warmup, config.reps);
    out.println("   Sorrel: " + SORREL_JOIN);
    out.println("   plan  : " + plan);
    out.println("   DuckDB: " + DUCK_JOIN.replace(" CASE WHEN " + DUCK_FRESH + " THEN f.acc_rate",
        " CASE ... f.acc_rate").replace(" CASE WHEN " + DUCK_FRESH + " THEN f.trips",
        " CASE ... f.trips"));
    out.printf(Locale.ROOT, "   (time = executeQuery of a prepared statement + reading all %,d"
        + " rows through JDBC; first Sorrel execution incl. planning: %s ms; DuckDB default"
        + " threads = %s)%n",
        config.rows, fmt(firstMs, 0), duckThreads);
    final TextTable table = new TextTable("path", "median ms", "min ms", "max ms",
        "rows/s", "Sorrel/X time");
    final double sorrelMs = medianMs(seconds, failed, J_SORREL);
    for (String name : names) {
      if (failed.containsKey(name)) {
        table.row(name, "FAILED");
        continue;
      }
      final double[] s = seconds.get(name);
      final double ms = Stats.median(s) * 1e3;
      table.row(name, fmt(ms, 1), fmt(Stats.min(s) * 1e3, 1), fmt(Stats.max(s) * 1e3, 1),
          fmtInt(config.rows / (ms / 1e3)), ratio(sorrelMs, ms));
    }
    table.print(out);
    final JoinResult ref = results.get(J_SORREL);
    String check = "-";
    if (ref != null) {
      out.printf(Locale.ROOT, "   Sorrel result: %,d rows, %,d with features (%.1f%%), SUM(trips)"
          + " %,d, SUM(conv_rate) %.4f%n", ref.rows, ref.matched, 100.0 * ref.matched
          / Math.max(1, ref.rows), ref.sumTrips, ref.sumConv);
      final JoinResult d = results.get(J_DUCK) != null ? results.get(J_DUCK)
          : results.get(J_DUCK1);
      if (d != null) {
        check = ref.agrees(d) ? "OK" : "MISMATCH";
        out.printf(Locale.ROOT, "   check against DuckDB (%,d rows, %,d with features, SUM(trips)"
            + " %,d, SUM(conv_rate) %.4f): %s%n", d.rows, d.matched, d.sumTrips, d.sumConv, check);
      }
      check(ref.rows == config.rows, "Sorrel join returned " + ref.rows + " rows");
    }
    if (!failed.containsKey(J_SORREL)) {
      out.printf(Locale.ROOT, "   Java heap during Sorrel's join runs (-Xmx %,d MiB): %,d MiB in"
          + " use after a full GC before them; %s, at most %,d MiB sampled (incl. young"
          + " garbage); the feature view has %,d rows, the operator probes the left side a"
          + " bounded chunk at a time%n", HeapWatch.maxHeap() >> 20, baseline >> 20,
          afterGc(heap), heap[1] >> 20, config.features);
    }
    failed.forEach((name, msg) -> {
      out.println("   FAILED " + name + ": " + msg);
      failures.add("join, " + name + ": " + msg);
    });
    out.flush();
    final double duckMs = medianMs(seconds, failed, J_DUCK);
    final double duck1Ms = medianMs(seconds, failed, J_DUCK1);
    // The target: at most DuckDB's time with its default threads.
    final boolean measured = !Double.isNaN(sorrelMs) && !Double.isNaN(duckMs);
    summary.add(new String[] {"ASOF join ms (DuckDB " + duckThreads + " threads)",
        fmt(sorrelMs, 0), fmt(duckMs, 0), ratio(sorrelMs, duckMs), "<= 1.0x",
        measured ? verdict(sorrelMs <= duckMs) : ""});
    summary.add(new String[] {"ASOF join ms (DuckDB 1 thread)", fmt(sorrelMs, 0),
        fmt(duck1Ms, 0), ratio(sorrelMs, duck1Ms), "", ""});
    summary.add(new String[] {"ASOF join results agree", check, "", "", "", ""});
    summary.add(new String[] {"ASOF join: max heap after GC MiB (-Xmx " + (HeapWatch.maxHeap()
        >> 20) + ")", failed.containsKey(J_SORREL) ? "-" : heap[2] == 0 ? "no GC"
        : fmtInt(heap[0] >> 20), "", "", "", ""});
  }

  /**
   * Runs one path once (untimed set-up and tear-down around it), keeps its
   * result (which must not change between runs) and returns the seconds the
   * timed part took; with {@code heap}, watches the heap meanwhile.
   */
  private <T> double timedRun(Path3<T> path, long[] heap, Map<String, T> results, String name)
      throws Exception {
    path.before().run();
    try {
      System.gc();
      final HeapWatch watch = heap == null ? null : HeapWatch.start();
      final long t0 = System.nanoTime();
      final T value;
      final double s;
      try {
        value = path.run().run();
        s = seconds(t0);
      } finally {
        if (watch != null) {
          Thread.sleep(100); // let the last collections' notifications arrive
          watch.close();
          heap[0] = Math.max(heap[0], watch.maxAfterGc());
          heap[1] = Math.max(heap[1], watch.maxSampled());
          heap[2] += watch.collections();
        }
      }
      final T previous = results.put(name, value);
      if (previous != null && !(previous instanceof JoinResult a && value instanceof JoinResult b
          ? a.agrees(b) : previous.equals(value))) {
        throw new IllegalStateException("result changed between runs: " + previous + " then "
            + value);
      }
      return s;
    } finally {
      path.after().run();
    }
  }

  // ------------------------------------------------------------ 2. online lookups

  /** One lookup of a driver's three features; returns their sum (NaN if no row). */
  private interface Lookup {
    double get(long driver) throws Exception;
  }

  private static final String L_SORREL = "Sorrel ONLINE.stats by driver_id";
  private static final String L_H2 = "H2 mem table by primary key";

  private static double lookup(PreparedStatement ps, long driver) throws SQLException {
    ps.setLong(1, driver);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        return Double.NaN;
      }
      return rs.getDouble(1) + rs.getDouble(2) + rs.getLong(3);
    }
  }

  private void online() {
    final Map<String, Lookup> probes = new LinkedHashMap<>();
    final Map<String, String> failed = new LinkedHashMap<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    long onlineRows = -1;
    long freshRows = -1;
    try {
      execute(sorrel, LONG_TTL);
      progress("copying ONLINE.stats into H2 mem");
      h2 = DriverManager.getConnection(Engine.H2_MEM.url(root, "feature"));
      execute(h2, "CREATE TABLE stats (driver_id BIGINT PRIMARY KEY, conv_rate DOUBLE,"
          + " acc_rate DOUBLE, trips BIGINT)");
      h2.setAutoCommit(false);
      onlineRows = 0;
      freshRows = 0;
      try (Statement s = sorrel.createStatement();
           ResultSet rs = s.executeQuery(
               "SELECT driver_id, conv_rate, acc_rate, trips FROM online.stats");
           PreparedStatement insert = h2.prepareStatement(
               "INSERT INTO stats (driver_id, conv_rate, acc_rate, trips) VALUES (?, ?, ?, ?)")) {
        while (rs.next()) {
          onlineRows++;
          insert.setLong(1, rs.getLong(1));
          for (int c = 2; c <= 4; c++) {
            final Object v = rs.getObject(c);
            if (c == 2 && v != null) {
              freshRows++;
            }
            insert.setObject(c, v);
          }
          insert.addBatch();
          if (onlineRows % 10_000 == 0) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      h2.commit();
      final PreparedStatement s = sorrel.prepareStatement(SORREL_LOOKUP);
      resources.add(s);
      probes.put(L_SORREL, id -> lookup(s, id));
      final PreparedStatement h = h2.prepareStatement(H2_LOOKUP);
      resources.add(h);
      probes.put(L_H2, id -> lookup(h, id));
    } catch (Exception | LinkageError ex) {
      failed("online set-up", ex);
      return;
    }
    final SplittableRandom random = new SplittableRandom(config.seed ^ 0x0DDBA11L);
    final long[] keys = new long[config.lookupWarmup + config.lookups * config.reps];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = 1 + random.nextInt(config.entities);
    }
    final Map<String, double[]> checks = new LinkedHashMap<>(); // sum, misses
    for (String name : probes.keySet()) {
      checks.put(name, new double[2]);
    }
    final Map<String, List<Latency>> results = new LatencyRounds<>(probes, this::progress)
        .measure(config.lookupWarmup, config.lookups, config.reps,
            (name, lookup, from, nanos) -> timed(lookup, keys, from, nanos,
                from < config.lookupWarmup ? new double[2] : checks.get(name)),
            failed, (name, ex) -> { });
    closeAll(resources);

    out.println();
    out.printf(Locale.ROOT, "2. ONLINE LOOKUP of 3 features for a random driver (of %,d); %,d"
        + " lookups x %d reps after %,d warm-up per engine, each timed with nanoTime%n",
        config.entities, config.lookups, config.reps, config.lookupWarmup);
    out.println("   Sorrel: " + SORREL_LOOKUP + "   (one reused PreparedStatement; TTL checked"
        + " at read)");
    out.println("   H2    : " + H2_LOOKUP + "   (in memory, driver_id BIGINT PRIMARY KEY, the"
        + " same rows copied from ONLINE.stats)");
    out.printf(Locale.ROOT, "   ONLINE.stats: %,d rows, %,d with fresh values (the generated"
        + " data is from 2024, so the view's TTL was set long first: %s)%n", onlineRows,
        freshRows, LONG_TTL);
    out.println("   (latency in microseconds: median over repetitions of each repetition's"
        + " percentile)");
    final TextTable table = new TextTable("path", "p50 us", "p99 us", "p999 us", "mean us",
        "max us", "lookups/s", "Sorrel/X p50", "p99");
    final Latency ref = results.getOrDefault(L_SORREL, List.of()).isEmpty()
        || failed.containsKey(L_SORREL) ? null : Latency.median(results.get(L_SORREL));
    Latency peer = null;
    for (String name : probes.keySet()) {
      if (failed.containsKey(name) || results.get(name).isEmpty()) {
        table.row(name, "FAILED");
        continue;
      }
      final Latency l = Latency.median(results.get(name));
      if (name.equals(L_H2)) {
        peer = l;
      }
      table.row(name, fmt(l.p50(), 1), fmt(l.p99(), 1), fmt(l.p999(), 1), fmt(l.mean(), 1),
          fmt(l.max(), 0), fmtInt(1e6 / l.mean()), ref == null ? "-" : ratio(ref.p50(), l.p50()),
          ref == null ? "-" : ratio(ref.p99(), l.p99()));
    }
    table.print(out);
    String check = "-";
    if (!failed.containsKey(L_SORREL) && !failed.containsKey(L_H2)) {
      final double[] a = checks.get(L_SORREL);
      final double[] b = checks.get(L_H2);
      check = a[0] == b[0] && a[1] == b[1] ? "OK" : "MISMATCH";
      out.printf(Locale.ROOT, "   check: sum of the values read Sorrel %.4f, H2 %.4f; drivers"
          + " without a row Sorrel %.0f, H2 %.0f: %s%n", a[0], b[0], a[1], b[1], check);
    }
    if (ref != null) {
      out.printf(Locale.ROOT, "   Sorrel p99 = %.1f us (target < 50 us: %s)%n", ref.p99(),
          verdict(ref.p99() < 50));
    }
    failed.forEach((name, msg) -> {
      out.println("   FAILED " + name + ": " + msg);
      failures.add("online, " + name + ": " + msg);
    });
    out.flush();
    summary.add(new String[] {"online lookup p50 us (vs H2 mem)", ref == null ? "-"
        : fmt(ref.p50(), 1), peer == null ? "-" : fmt(peer.p50(), 1), ref == null || peer == null
        ? "-" : ratio(ref.p50(), peer.p50()), "", ""});
    summary.add(new String[] {"online lookup p99 us (vs H2 mem)", ref == null ? "-"
        : fmt(ref.p99(), 1), peer == null ? "-" : fmt(peer.p99(), 1), ref == null || peer == null
        ? "-" : ratio(ref.p99(), peer.p99()), "< 50", ref == null ? "" : verdict(ref.p99() < 50)});
    summary.add(new String[] {"online lookups agree with H2", check, "", "", "", ""});
  }

  /** Runs {@code nanos.length} lookups from {@code keys[from]}, timing each. */
  private static void timed(Lookup lookup, long[] keys, int from, long[] nanos, double[] check)
      throws Exception {
    for (int i = 0; i < nanos.length; i++) {
      final long id = keys[from + i];
      final long t0 = System.nanoTime();
      final double v = lookup.get(id);
      nanos[i] = System.nanoTime() - t0;
      if (Double.isNaN(v)) {
        check[1]++;
      } else {
        check[0] += v;
      }
    }
  }

  // ------------------------------------------------------------ 3. ingest

  private void ingest() {
    ingestFormat("CSV", featuresCsv, "read_csv");
    final Path parquet = root.resolve("features.parquet");
    final String unsupported = parquetUnsupported();
    if (unsupported != null) {
      out.println("   Parquet skipped: Sorrel's COPY does not read Parquet in this build ("
          + unsupported + ")");
      summary.add(new String[] {"COPY Parquet rows/s", "skipped", "", "", "", ""});
      out.flush();
      return;
    }
    try {
      progress("DuckDB writes " + parquet.getFileName());
      final long t0 = System.nanoTime();
      execute(duck, "COPY (SELECT * FROM read_csv('" + featuresCsv + "')) TO '" + parquet
          + "' (FORMAT parquet)");
      out.printf(Locale.ROOT, "   features.parquet written by DuckDB from the CSV in %.1f s, %.1f"
          + " MiB (DuckDB's defaults: snappy, row groups of 122,880 rows)%n", seconds(t0),
          Files.size(parquet) / 1048576.0);
    } catch (Exception ex) {
      failed("writing the Parquet file", ex);
      return;
    }
    ingestFormat("Parquet", parquet, "read_parquet");
  }

  /** Null if Sorrel's COPY reads a small Parquet file, else why not. */
  private String parquetUnsupported() {
    final Path probe = root.resolve("probe.parquet");
    try {
      execute(duck, "COPY (SELECT * FROM read_csv('" + featuresCsv + "') LIMIT 100) TO '" + probe
          + "' (FORMAT parquet)");
      execute(sorrel, createView("parquet_probe"));
      try {
        final long n = copy(sorrel, "parquet_probe", probe);
        return n == Math.min(100, config.features) ? null : "COPY loaded " + n
            + " of 100 rows of a probe file";
      } finally {
        execute(sorrel, "DROP FEATURE VIEW parquet_probe");
      }
    } catch (Exception | LinkageError ex) {
      return ex.getClass().getSimpleName() + ": " + ex.getMessage();
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (java.io.IOException ignored) {
        // a temp file
      }
    }
  }

  private void ingestFormat(String format, Path file, String duckReader) {
    final String sorrelName = "Sorrel COPY into a feature view";
    final String duckName = "DuckDB CREATE TABLE AS " + duckReader;
    final Map<String, Path3<Long>> paths = new LinkedHashMap<>();
    paths.put(sorrelName, new Path3<>(
        () -> execute(sorrel, createView("ingest")),
        () -> copy(sorrel, "ingest", file),
        () -> execute(sorrel, "DROP FEATURE VIEW ingest")));
    paths.put(duckName, new Path3<>(
        () -> { },
        () -> {
          try (Statement s = duck.createStatement()) {
            s.execute("CREATE TABLE ingest AS SELECT * FROM " + duckReader + "('" + file + "')");
          }
          return Long.parseLong(scalar(duck, "SELECT COUNT(*) FROM ingest"));
        },
        () -> execute(duck, "DROP TABLE ingest")));
    final Map<String, String> failed = new LinkedHashMap<>();
    final Map<String, double[]> seconds = new LinkedHashMap<>();
    final Map<String, Long> results = new LinkedHashMap<>();
    paths.keySet().forEach(n -> seconds.put(n, new double[config.ingestReps]));
    final List<String> names = new ArrayList<>(paths.keySet());
    final long[] heap = new long[3];
    for (int rep = 0; rep < config.ingestReps; rep++) {
      for (int k = 0; k < names.size(); k++) {
        final String name = names.get((k + rep) % names.size());
        if (failed.containsKey(name)) {
          continue;
        }
        progress(format + " ingest rep " + (rep + 1) + "/" + config.ingestReps + " " + name);
        try {
          seconds.get(name)[rep] = timedRun(paths.get(name),
              name.equals(sorrelName) ? heap : null, results, name);
          progress(String.format(Locale.ROOT, "  %.1f s", seconds.get(name)[rep]));
          check(results.get(name) == config.features, name + " loaded " + results.get(name)
              + " rows, not " + config.features);
        } catch (Exception | LinkageError ex) {
          failed.put(name, CoreBenchmark.describe(ex));
        }
      }
    }
    out.println();
    out.printf(Locale.ROOT, "3%s. INGEST from %s: the whole file (%,d rows, %.1f MiB) into an"
        + " empty feature view / new table; %d measured load(s) each%n", format.equals("CSV")
        ? "a" : "b", format, config.features, size(file) / 1048576.0, config.ingestReps);
    out.println("   Sorrel: COPY ingest FROM '" + file.getFileName() + "'   (ingest = "
        + createView("ingest").substring("CREATE FEATURE VIEW ".length()) + "; one"
        + " transaction; history and online tables written)");
    out.println("   DuckDB: CREATE TABLE ingest AS SELECT * FROM " + duckReader + "('"
        + file.getFileName() + "')   (threads=" + duckThreads + "; time includes a COUNT(*))");
    final TextTable table = new TextTable("path", "median s", "min s", "max s", "rows/s",
        "Sorrel/X rows/s");
    final double sorrelS = failed.containsKey(sorrelName) ? Double.NaN
        : Stats.median(seconds.get(sorrelName));
    final double duckS = failed.containsKey(duckName) ? Double.NaN
        : Stats.median(seconds.get(duckName));
    for (String name : names) {
      if (failed.containsKey(name)) {
        table.row(name, "FAILED");
        continue;
      }
      final double[] s = seconds.get(name);
      final double median = Stats.median(s);
      table.row(name, fmt(median, 2), fmt(Stats.min(s), 2), fmt(Stats.max(s), 2),
          fmtInt(config.features / median), ratio(sorrelS == 0 ? Double.NaN : 1 / sorrelS,
          1 / median));
    }
    table.print(out);
    if (!failed.containsKey(sorrelName)) {
      out.printf(Locale.ROOT, "   Java heap during Sorrel's COPY: %s, at most %,d MiB sampled"
          + " (-Xmx %,d MiB)%n", afterGc(heap), heap[1] >> 20, HeapWatch.maxHeap() >> 20);
    }
    failed.forEach((name, msg) -> {
      out.println("   FAILED " + name + ": " + msg);
      failures.add(format + " ingest, " + name + ": " + msg);
    });
    out.flush();
    summary.add(new String[] {"COPY " + format + " rows/s (vs DuckDB " + duckReader + ")",
        fmtInt(config.features / sorrelS), fmtInt(config.features / duckS),
        ratio(duckS, sorrelS), "", ""});
  }

  // ------------------------------------------------------------ helpers

  /** The after-collection part of a heap report: {max after GC, max sampled, collections}. */
  private static String afterGc(long[] heap) {
    return heap[2] == 0 ? "no collection during them" : String.format(Locale.ROOT,
        "at most %,d MiB in use after any of the %,d collections during them (live data +"
        + " uncollected old garbage)", heap[0] >> 20, heap[2]);
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (java.io.IOException e) {
      return 0;
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        throw new IllegalStateException("no row from " + sql);
      }
      return rs.getString(1);
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new IllegalStateException(message);
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }

  private static double medianMs(Map<String, double[]> seconds, Map<String, String> failed,
      String name) {
    return failed.containsKey(name) || !seconds.containsKey(name) ? Double.NaN
        : Stats.median(seconds.get(name)) * 1e3;
  }

  private static double relative(double a, double b) {
    return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // nothing more to do
      }
    }
  }

  private void failed(String what, Throwable ex) {
    final String message = CoreBenchmark.describe(ex);
    failures.add(what + ": " + message);
    progress("FAILED " + what + ": " + message);
  }

  private void close() {
    for (Connection c : new Connection[] {sorrel, duck, h2}) {
      if (c != null) {
        try {
          c.close();
        } catch (SQLException ignored) {
          // nothing more to do at exit
        }
      }
    }
  }





  private void progress(String message) {
    System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, message);
  }
}
