package dev.sorrel.bench;

import static dev.sorrel.bench.Format.fmt;
import static dev.sorrel.bench.Format.fmtInt;
import static dev.sorrel.bench.Format.ratio;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.ValueType;

/**
 * Runs the core workloads on Sorrel and H2 side by side in one JVM on the
 * same generated data, and prints medians and Sorrel/H2 ratios:
 *
 * <ol>
 *   <li>bulk insert through one {@link PreparedStatement} with
 *       {@code addBatch}/{@code executeBatch}, one transaction per batch;
 *   <li>primary-key point lookups through one reused {@code PreparedStatement},
 *       each timed with {@link System#nanoTime()}, reported as p50/p99/p999 in
 *       microseconds, next to the floor measured through Sorrel's engine and
 *       storage API on the very same store;
 *   <li>a full-scan aggregate and a {@code GROUP BY} aggregate;
 *   <li>the cost of secondary indexes: the bulk insert into the table with 0,
 *       1 and 3 of them, and a time window ({@code ts >= ?}, 1% of the rows)
 *       read through an index against the same query scanning the table.
 * </ol>
 *
 * <p>Every workload runs warm-ups first (not reported), then {@code reps}
 * measured repetitions, the engines taking turns within each repetition (the
 * starting engine rotates), and reports the median over the repetitions.
 * Parameters: see {@link BenchConfig} or run with {@code --help}.
 */
public final class CoreBenchmark {
  static final String CREATE = "CREATE TABLE t (id BIGINT PRIMARY KEY, user_id VARCHAR(20),"
      + " amount DOUBLE, ts TIMESTAMP)";
  static final String INSERT = "INSERT INTO t (id, user_id, amount, ts) VALUES (?, ?, ?, ?)";
  static final String LOOKUP = "SELECT amount FROM t WHERE id = ?";
  static final String AGGREGATE = "SELECT COUNT(*), SUM(amount), MAX(ts) FROM t";
  static final String GROUP_BY = "SELECT user_id, SUM(amount) FROM t GROUP BY user_id";

  private final BenchConfig config;
  private final Path root;
  private final Dataset data;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  /** Engines still standing; one that fails is reported and dropped from later workloads. */
  private final List<Engine> engines;
  private final Map<Engine, String> failures = new EnumMap<>(Engine.class);
  /** The loaded instance of each engine, used by the read workloads. */
  private final Map<Engine, Connection> loaded = new EnumMap<>(Engine.class);
  private final Map<Engine, String> loadedTag = new EnumMap<>(Engine.class);

  private CoreBenchmark(BenchConfig config, Path root) {
    this.config = config;
    this.root = root;
    this.engines = new ArrayList<>(config.engines);
    progress("generating " + config.rows + " rows");
    this.data = new Dataset(config.rows, config.users, config.sequential, config.seed);
  }

  /** Entry point; see {@link BenchConfig} for the arguments. */
  public static void main(String[] args) throws Exception {
    Suite.main(args, BenchConfig::parse, c -> c.dir, c -> c.keep, "sorrel-bench-", (c, root) -> {
      final CoreBenchmark bench = new CoreBenchmark(c, root);
      return new Suite.Run(bench::run, bench::closeAll);
    });
  }


  private void run() throws SQLException {
    printHeader();
    insert();
    lookups();
    scans();
    indexes();
    final List<String> failed = new ArrayList<>();
    failures.forEach((e, msg) -> failed.add(e.label + ": " + msg));
    Suite.printEnd(out, failed, start);
  }

  // ------------------------------------------------------------ header

  private void printHeader() {
    Machine.printHeader(out, "Sorrel core benchmark");
    out.printf(Locale.ROOT, "versions: H2 %s, RocksDB %s, Sorrel %s%n",
        org.h2.engine.Constants.FULL_VERSION, rocksdbVersion(),
        dev.sorrel.jdbc.SorrelDriver.class.getPackage().getImplementationVersion() == null
            ? "0.1.0-SNAPSHOT"
            : dev.sorrel.jdbc.SorrelDriver.class.getPackage().getImplementationVersion());
    out.printf(Locale.ROOT, "load    : system load average %.2f at start (other processes on the"
        + " machine skew the figures; compare with the value at the end)%n", Machine.loadAverage());
    out.println("data dir: " + root + (config.keep ? " (kept)" : " (deleted at exit)"));
    final StringBuilder params = new StringBuilder();
    config.values().forEach((k, v) -> params.append(k).append('=').append(v).append(' '));
    out.println("params  : " + params.toString().trim());
    out.println("table   : " + CREATE);
    out.println("data    : ids 1.." + config.rows + " loaded in "
        + (config.sequential ? "ascending" : "shuffled (random)") + " order; " + config.users
        + " distinct user_id; amount in [0, 100000) cents; ts uniform over 2024");
    out.println("method  : warm-ups excluded; " + config.reps + " measured repetitions, engines"
        + " interleaved (rotating which goes first); figures are medians over repetitions;"
        + " System.gc() before each timed repetition");
    out.println("ratio   : 'Sorrel/X' = Sorrel time divided by X's time (>1: Sorrel slower)."
        + " Reference Sorrel engine: " + reference().label);
    out.println("commit guarantees:");
    for (Engine e : engines) {
      out.printf(Locale.ROOT, "  %-16s %s%n", e.label, e.guarantees);
    }
    out.flush();
  }

  private static String rocksdbVersion() {
    try {
      org.rocksdb.RocksDB.loadLibrary();
      return org.rocksdb.RocksDB.rocksdbVersion().toString();
    } catch (RuntimeException | LinkageError e) {
      return "?";
    }
  }

  // ------------------------------------------------------------ 1. insert

  private void insert() {
    final Map<Engine, double[]> seconds = new EnumMap<>(Engine.class);
    for (Engine e : engines) {
      seconds.put(e, new double[config.reps]);
    }
    if (config.insertWarmupRows > 0) {
      for (Engine e : List.copyOf(engines)) {
        progress("insert warm-up " + e.label + " (" + config.insertWarmupRows + " rows)");
        guard(e, () -> {
          try (Connection c = e.connect(root, "warmup")) {
            load(e, c, config.insertWarmupRows);
          }
          dispose(e, "warmup");
        });
      }
    }
    for (int rep = 0; rep < config.reps; rep++) {
      for (Engine e : rotated(rep)) {
        final int r = rep;
        final boolean last = rep == config.reps - 1;
        final String tag = "r" + rep;
        progress("insert rep " + (rep + 1) + "/" + config.reps + " " + e.label);
        guard(e, () -> {
          final Connection c = e.connect(root, tag);
          try {
            seconds.get(e)[r] = load(e, c, config.rows);
          } catch (Exception ex) {
            c.close();
            throw ex;
          }
          if (last) {
            loaded.put(e, c);
            loadedTag.put(e, tag);
          } else {
            c.close();
            dispose(e, tag);
          }
          progress(String.format(Locale.ROOT, "  %.2f s", seconds.get(e)[r]));
        });
      }
    }

    out.println();
    out.printf(Locale.ROOT, "1. BULK INSERT of %,d rows: PreparedStatement addBatch/executeBatch,"
        + " %,d rows per batch = one transaction%n", config.rows, config.batch);
    out.printf(Locale.ROOT, "   (time = first setXxx to last commit, table created beforehand;"
        + " fresh database per repetition; %,d-row warm-up load per engine excluded)%n",
        config.insertWarmupRows);
    final TextTable table = new TextTable("engine", "median s", "rows/s", "min s", "max s",
        "on disk", "Sorrel/X time");
    final double ref = medianOrNaN(seconds, reference());
    for (Engine e : config.engines) {
      if (!engines.contains(e)) {
        table.row(e.label, "FAILED");
        continue;
      }
      final double[] s = seconds.get(e);
      final double med = Stats.median(s);
      table.row(e.label, fmt(med, 2), fmtInt(config.rows / med), fmt(Stats.min(s), 2),
          fmt(Stats.max(s), 2), diskSize(e), ratio(ref, med));
    }
    table.print(out);
    out.println("   Sorrel/X time = Sorrel's median time / X's = X's rows/s / Sorrel's rows/s");
    out.println("   on disk = all files in the database directory right after the load"
        + " (Sorrel: RocksDB SST files + WAL; rows still in memtables are in the WAL)");
    out.flush();
  }

  /** Creates the table and loads the first {@code n} rows; returns the load time in seconds. */
  private double load(Engine e, Connection c, int n) throws SQLException {
    return load(e, c, n, List.of());
  }

  /**
   * Creates the table and the given indexes, and loads the first {@code n}
   * rows; returns the load time in seconds.
   */
  private double load(Engine e, Connection c, int n, List<String> indexes) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(CREATE);
      for (String index : indexes) {
        s.execute(index);
      }
    }
    if (e.explicitCommit()) {
      c.setAutoCommit(false);
    }
    System.gc();
    long inserted = 0;
    final long t0 = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (int i = 0; i < n; i++) {
        ps.setLong(1, data.ids[i]);
        ps.setString(2, data.userNames[data.users[i]]);
        ps.setDouble(3, data.amounts[i]);
        ps.setTimestamp(4, new Timestamp(data.timestamps[i]));
        ps.addBatch();
        if ((i + 1) % config.batch == 0 || i == n - 1) {
          for (int count : ps.executeBatch()) {
            inserted += count == Statement.SUCCESS_NO_INFO ? 1 : count;
          }
          if (e.explicitCommit()) {
            c.commit();
          }
        }
      }
    }
    final long t1 = System.nanoTime();
    if (e.explicitCommit()) {
      c.setAutoCommit(true);
    }
    if (inserted != n) {
      throw new IllegalStateException("executeBatch reported " + inserted + " rows for " + n);
    }
    return (t1 - t0) / 1e9;
  }

  private String diskSize(Engine e) {
    if (e.inMemory || !loadedTag.containsKey(e)) {
      return "-";
    }
    final Path dir = e.directory(root, loadedTag.get(e));
    try (Stream<Path> files = Files.walk(dir)) {
      final long bytes = files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException ex) {
          return 0;
        }
      }).sum();
      return String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    } catch (IOException | RuntimeException ex) {
      return "?";
    }
  }

  // ------------------------------------------------------------ 2. lookups

  /** One way of looking up a key. */
  private interface Lookup {
    /** Untimed preparation for looking up {@code id} (e.g. encoding a raw key). */
    default void prepare(long id) {
    }

    /** The timed lookup; returns the amount found (or something derived from it). */
    double get(long id) throws Exception;
  }

  private void lookups() {
    final long[] keys = data.lookupKeys(config.lookupWarmup + config.lookups * config.reps,
        config.seed);
    final Map<String, Lookup> probes = new java.util.LinkedHashMap<>();
    final Map<String, Engine> owner = new java.util.HashMap<>();
    final List<AutoCloseable> resources = new ArrayList<>();
    for (Engine e : List.copyOf(engines)) {
      if (!loaded.containsKey(e)) {
        continue;
      }
      guard(e, () -> {
        final PreparedStatement ps = loaded.get(e).prepareStatement(LOOKUP);
        resources.add(ps);
        probes.put(e.label, id -> {
          ps.setLong(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new IllegalStateException("id " + id + " not found");
            }
            final double amount = rs.getDouble(1);
            if (rs.next()) {
              throw new IllegalStateException("id " + id + " found twice");
            }
            return amount;
          }
        });
        owner.put(e.label, e);
      });
    }
    final Engine ref = reference();
    final List<String> floorNames = new ArrayList<>();
    Database database = null;
    if (config.floor && loaded.containsKey(ref)) {
      database = ref.inMemory ? Database.openInMemory("bench-" + loadedTag.get(ref))
          : Database.open(ref.directory(root, loadedTag.get(ref)), DatabaseOptions.DEFAULT);
      final Database db = database;
      final Table table = db.catalog().table("T");
      if (table == null) {
        throw new IllegalStateException("table T not found through the engine API");
      }
      final ReadView longView = db.snapshot();
      resources.add(longView);
      final KeyEncoder encoder = new KeyEncoder();
      final int tableId = table.id();
      final String raw = "floor: ReadView.get";
      probes.put(raw, new Lookup() {
        private byte[] key;

        @Override public void prepare(long id) {
          key = encoder.reset().writeRawInt(tableId).write(ValueType.BIGINT, id).toByteArray();
        }

        @Override public double get(long id) {
          final byte[] value = longView.get(Space.DATA, key);
          if (value == null) {
            throw new IllegalStateException("raw key of id " + id + " not found");
          }
          return value.length;
        }
      });
      final String tableGet = "floor: Table.get";
      probes.put(tableGet, id -> {
        final Object[] row = table.get(longView, new Object[] {id});
        return (Double) row[2];
      });
      final String tableGetSnap = "floor: snapshot+Table.get";
      probes.put(tableGetSnap, id -> {
        try (ReadView view = db.snapshot()) {
          final Object[] row = table.get(view, new Object[] {id});
          return (Double) row[2];
        }
      });
      floorNames.addAll(List.of(raw, tableGet, tableGetSnap));
    }

    final Map<String, Double> checksums = new java.util.HashMap<>();
    final Map<String, String> failed = new java.util.LinkedHashMap<>();
    final Map<String, List<Latency>> results = new LatencyRounds<>(probes, this::progress)
        .measure(config.lookupWarmup, config.lookups, config.reps,
            (name, lookup, from, nanos) -> {
              final double sum = timed(lookup, keys, from, nanos);
              if (from >= config.lookupWarmup) {
                checksums.merge(name, sum, Double::sum);
              }
            },
            failed, (name, ex) -> {
              if (owner.containsKey(name)) {
                fail(owner.get(name), ex);
              }
            });
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception ignored) {
        // statements of a connection closed later anyway
      }
    }
    if (database != null) {
      database.close();
    }

    out.println();
    out.printf(Locale.ROOT, "2. POINT LOOKUP %s, one reused PreparedStatement, random ids;"
        + " %,d lookups x %d reps after %,d warm-up, each timed with nanoTime%n", LOOKUP,
        config.lookups, config.reps, config.lookupWarmup);
    out.println("   (latency in microseconds: median over repetitions of each repetition's"
        + " percentile; Sorrel/X = " + ref.label + " JDBC latency / X latency)");
    final TextTable table = new TextTable("engine", "p50 us", "p99 us", "p999 us", "mean us",
        "max us", "lookups/s", "Sorrel/X p50", "p99", "p999");
    final Latency refLat = results.containsKey(ref.label) && !results.get(ref.label).isEmpty()
        ? Latency.median(results.get(ref.label)) : null;
    for (String name : probes.keySet()) {
      if (failed.containsKey(name)) {
        table.row(name, "FAILED");
        continue;
      }
      final Latency l = Latency.median(results.get(name));
      table.row(name, fmt(l.p50(), 1), fmt(l.p99(), 1), fmt(l.p999(), 1), fmt(l.mean(), 1),
          fmt(l.max(), 0), fmtInt(1e6 / l.mean()),
          refLat == null ? "-" : ratio(refLat.p50(), l.p50()),
          refLat == null ? "-" : ratio(refLat.p99(), l.p99()),
          refLat == null ? "-" : ratio(refLat.p999(), l.p999()));
    }
    table.print(out);
    if (!floorNames.isEmpty()) {
      out.println("   floor rows: the same " + ref.label + " store the JDBC driver opened,"
          + " shared in-process via Database.open (no second copy):");
      out.println("     ReadView.get             = one RocksDB get (JNI) of the pre-encoded"
          + " row key (table id + BIGINT) on one long-lived snapshot; key encoding untimed");
      out.println("     Table.get                = engine Table.get(view, {id}) on one"
          + " long-lived snapshot: key encoding + RocksDB get + full row decode");
      out.println("     snapshot+Table.get       = as above plus db.snapshot()/close() per"
          + " lookup (what a statement needs at least for a consistent read)");
    }
    // Each engine must have read the same amounts.
    Double expected = null;
    for (String name : probes.keySet()) {
      if (floorNames.contains(name) && !name.equals("floor: Table.get")) {
        continue;
      }
      final Double sum = checksums.get(name);
      if (sum == null) {
        continue;
      }
      if (expected == null) {
        expected = sum;
      } else if (Math.abs(sum - expected) > 1e-6 * Math.abs(expected)) {
        out.printf(Locale.ROOT, "   WARNING: %s read amounts summing to %.2f, others %.2f%n",
            name, sum, expected);
      }
    }
    for (Map.Entry<String, String> f : failed.entrySet()) {
      out.println("   FAILED " + f.getKey() + ": " + f.getValue());
    }
    out.flush();
  }

  /** Runs {@code nanos.length} lookups from {@code keys[from]}, timing each; returns the sum read. */
  private static double timed(Lookup lookup, long[] keys, int from, long[] nanos)
      throws Exception {
    double sum = 0;
    for (int i = 0; i < nanos.length; i++) {
      final long id = keys[from + i];
      lookup.prepare(id);
      final long t0 = System.nanoTime();
      sum += lookup.get(id);
      nanos[i] = System.nanoTime() - t0;
    }
    return sum;
  }

  // ------------------------------------------------------------ 3. scans

  private void scans() {
    scan("3a", AGGREGATE, (e, rs) -> {
      if (!rs.next()) {
        throw new IllegalStateException("no result row");
      }
      final long count = rs.getLong(1);
      final double sum = rs.getDouble(2);
      final Timestamp max = rs.getTimestamp(3);
      if (count != data.rows) {
        throw new WrongResult("COUNT(*) = " + count + ", expected " + data.rows);
      }
      final double expectedSum = data.sumAmounts();
      if (Math.abs(sum - expectedSum) > 1e-6 * expectedSum) {
        throw new WrongResult("SUM(amount) = " + sum + ", expected " + expectedSum);
      }
      if (max == null || max.getTime() != data.maxTimestamp()) {
        warnings.add(e.label + ": MAX(ts) = " + max + " (" + (max == null ? null : max.getTime())
            + " ms), expected " + new Timestamp(data.maxTimestamp()) + " ("
            + data.maxTimestamp() + " ms)");
      }
      return 1;
    });
    final Check groups = (e, rs) -> {
      int rows = 0;
      double total = 0;
      while (rs.next()) {
        rows++;
        rs.getString(1);
        total += rs.getDouble(2);
      }
      if (rows != data.distinctUsersPresent()) {
        throw new WrongResult(rows + " result rows, expected " + data.distinctUsersPresent()
            + " groups (one per distinct user_id)");
      }
      final double expectedSum = data.sumAmounts();
      if (Math.abs(total - expectedSum) > 1e-6 * expectedSum) {
        throw new WrongResult("sum of SUM(amount) = " + total + ", expected " + expectedSum);
      }
      return rows;
    };
    scan("3b", GROUP_BY, groups);
    scan("3c", GROUP_BY + " ORDER BY user_id", groups);
  }

  // ------------------------------------------------------------ 4. indexes

  static final List<String> INDEXES = List.of("CREATE INDEX t_ts ON t (ts)",
      "CREATE INDEX t_user ON t (user_id)", "CREATE INDEX t_amount ON t (amount)");
  static final String WINDOW = "SELECT COUNT(*), SUM(amount) FROM t WHERE ts >= ?";
  private static final int[] INDEX_COUNTS = {0, 1, 3};

  private void indexes() {
    final int n = config.indexRows;
    if (n == 0) {
      return;
    }
    final Map<Engine, double[][]> seconds = new EnumMap<>(Engine.class);
    final Map<Engine, double[][]> window = new EnumMap<>(Engine.class);
    for (Engine e : engines) {
      seconds.put(e, new double[INDEX_COUNTS.length][config.reps]);
      window.put(e, new double[2][config.reps]);
    }
    // The newest 1% of the loaded rows' timestamps.
    final long[] loadedTs = java.util.Arrays.copyOf(data.timestamps, n);
    java.util.Arrays.sort(loadedTs);
    final long cutoff = loadedTs[n - Math.max(1, n / 100)];
    long expected = 0;
    for (long ts : loadedTs) {
      expected += ts >= cutoff ? 1 : 0;
    }
    final long windowRows = expected;
    for (int rep = 0; rep < config.reps; rep++) {
      for (Engine e : rotated(rep)) {
        final int r = rep;
        for (int k = 0; k < INDEX_COUNTS.length; k++) {
          final int variant = k;
          final String tag = "ix" + INDEX_COUNTS[k] + "r" + rep;
          progress("index insert rep " + (rep + 1) + "/" + config.reps + " " + e.label + " with "
              + INDEX_COUNTS[k] + " indexes");
          guard(e, () -> {
            try (Connection c = e.connect(root, tag)) {
              seconds.get(e)[variant][r] = load(e, c, n, INDEXES.subList(0, INDEX_COUNTS[variant]));
              if (variant == 0 || variant == INDEX_COUNTS.length - 1) {
                window.get(e)[variant == 0 ? 0 : 1][r] = timeWindow(e, c, cutoff, windowRows,
                    variant != 0);
              }
            }
            dispose(e, tag);
          });
        }
      }
    }
    out.println();
    out.printf(Locale.ROOT, "4. SECONDARY INDEXES: bulk insert of %,d rows as in 1 into the table"
        + " with 0, 1 and 3 indexes created beforehand (%s)%n", n,
        String.join("; ", INDEXES).replace("CREATE INDEX ", ""));
    final TextTable inserts = new TextTable("engine", "0 idx rows/s", "1 idx rows/s",
        "3 idx rows/s", "1 idx/0 time", "3 idx/0 time");
    for (Engine e : config.engines) {
      if (!engines.contains(e)) {
        inserts.row(e.label, "FAILED");
        continue;
      }
      final double[] med = new double[INDEX_COUNTS.length];
      for (int k = 0; k < med.length; k++) {
        med[k] = Stats.median(seconds.get(e)[k]);
      }
      inserts.row(e.label, fmtInt(n / med[0]), fmtInt(n / med[1]), fmtInt(n / med[2]),
          fmt(med[1] / med[0], 2), fmt(med[2] / med[0], 2));
    }
    inserts.print(out);
    out.printf(Locale.ROOT, "   time window %s, %,d of %,d rows: median ms of %d executions"
        + " after %d warm-ups, on the loaded tables without and with the index on ts%n",
        WINDOW, windowRows, n, WINDOW_RUNS, WINDOW_WARMUP);
    final TextTable scans = new TextTable("engine", "full scan ms", "index scan ms",
        "full/index");
    for (Engine e : config.engines) {
      if (!engines.contains(e)) {
        scans.row(e.label, "FAILED");
        continue;
      }
      final double full = Stats.median(window.get(e)[0]);
      final double indexed = Stats.median(window.get(e)[1]);
      scans.row(e.label, fmt(full, 2), fmt(indexed, 2), fmt(full / indexed, 1));
    }
    scans.print(out);
    out.flush();
  }

  private static final int WINDOW_RUNS = 20;
  private static final int WINDOW_WARMUP = 5;

  /**
   * The median time in milliseconds of the window query, checked against the
   * data; for Sorrel, also checks that the plan reads the index when there is one.
   */
  private static double timeWindow(Engine e, Connection c, long cutoff, long expected,
      boolean indexed) throws SQLException {
    if (e.name().startsWith("SORREL")) {
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + WINDOW.replace("?",
               "TIMESTAMP '2024-06-01 00:00:00'"))) {
        rs.next();
        if (rs.getString(1).contains("index T_TS") != indexed) {
          throw new WrongResult("window plan " + (indexed ? "does not read" : "reads")
              + " the index: " + rs.getString(1));
        }
      }
    }
    final double[] millis = new double[WINDOW_RUNS];
    try (PreparedStatement ps = c.prepareStatement(WINDOW)) {
      ps.setTimestamp(1, new Timestamp(cutoff));
      for (int i = -WINDOW_WARMUP; i < WINDOW_RUNS; i++) {
        final long t0 = System.nanoTime();
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          if (rs.getLong(1) != expected) {
            throw new WrongResult("window COUNT(*) = " + rs.getLong(1) + ", expected "
                + expected);
          }
        }
        if (i >= 0) {
          millis[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    return Stats.median(millis);
  }

  /** A query returned a result that disagrees with the generated data. */
  static final class WrongResult extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WrongResult(String message) {
      super("WRONG RESULT: " + message);
    }
  }

  private final List<String> warnings = new ArrayList<>();

  /** Reads a whole result and checks it; returns the number of result rows. */
  private interface Check {
    int read(Engine e, ResultSet rs) throws Exception;
  }

  private void scan(String number, String sql, Check check) {
    warnings.clear();
    final Map<Engine, PreparedStatement> statements = new EnumMap<>(Engine.class);
    final Map<Engine, double[]> seconds = new EnumMap<>(Engine.class);
    final Map<Engine, String> failed = new EnumMap<>(Engine.class);
    for (Engine e : engines) {
      if (!loaded.containsKey(e)) {
        continue;
      }
      seconds.put(e, new double[config.reps]);
      try {
        final PreparedStatement ps = loaded.get(e).prepareStatement(sql);
        statements.put(e, ps);
        for (int w = 0; w < config.scanWarmup; w++) {
          progress(number + " warm-up " + (w + 1) + "/" + config.scanWarmup + " " + e.label);
          runQuery(e, ps, check);
        }
      } catch (Exception ex) {
        failed.put(e, describe(ex));
      }
    }
    for (int rep = 0; rep < config.reps; rep++) {
      for (Engine e : rotated(rep)) {
        if (!statements.containsKey(e) || failed.containsKey(e)) {
          continue;
        }
        progress(number + " rep " + (rep + 1) + "/" + config.reps + " " + e.label);
        try {
          System.gc();
          seconds.get(e)[rep] = runQuery(e, statements.get(e), check);
          progress(String.format(Locale.ROOT, "  %.3f s", seconds.get(e)[rep]));
        } catch (Exception ex) {
          failed.put(e, describe(ex));
        }
      }
    }
    for (PreparedStatement ps : statements.values()) {
      try {
        ps.close();
      } catch (SQLException ignored) {
        // closed with its connection
      }
    }

    out.println();
    out.printf(Locale.ROOT, "%s. FULL SCAN %s%n", number, sql);
    out.printf(Locale.ROOT, "   (one reused PreparedStatement; time = executeQuery + reading every"
        + " result row; %d warm-up runs excluded; rows/s = %,d table rows / time)%n",
        config.scanWarmup, config.rows);
    final TextTable table = new TextTable("engine", "median ms", "rows/s", "min ms", "max ms",
        "Sorrel/X time");
    final Engine ref = reference();
    final double refMed = failed.containsKey(ref) ? Double.NaN : medianOrNaN(seconds, ref);
    for (Engine e : config.engines) {
      if (!seconds.containsKey(e)) {
        continue;
      }
      if (failed.containsKey(e)) {
        table.row(e.label, "FAILED");
        continue;
      }
      final double[] s = seconds.get(e);
      final double med = Stats.median(s);
      table.row(e.label, fmt(med * 1e3, 1), fmtInt(config.rows / med),
          fmt(Stats.min(s) * 1e3, 1), fmt(Stats.max(s) * 1e3, 1), ratio(refMed, med));
    }
    table.print(out);
    for (String w : warnings) {
      out.println("   WARNING " + w);
    }
    failed.forEach((e, msg) -> out.println("   FAILED " + e.label + ": " + msg));
    out.flush();
  }

  private static double runQuery(Engine e, PreparedStatement ps, Check check) throws Exception {
    final long t0 = System.nanoTime();
    try (ResultSet rs = ps.executeQuery()) {
      check.read(e, rs);
    }
    return (System.nanoTime() - t0) / 1e9;
  }

  // ------------------------------------------------------------ helpers

  /** The Sorrel engine other engines are compared with: the first Sorrel one given. */
  private Engine reference() {
    for (Engine e : config.engines) {
      if (e.sorrel) {
        return e;
      }
    }
    return config.engines.get(0);
  }

  /** Engines in turn for repetition {@code rep}, starting one further along each time. */
  private List<Engine> rotated(int rep) {
    final List<Engine> list = new ArrayList<>(engines);
    if (!list.isEmpty()) {
      java.util.Collections.rotate(list, -(rep % list.size()));
    }
    return list;
  }

  private interface Step {
    void run() throws Exception;
  }

  /** Runs a step of one engine; on failure reports it and drops the engine. */
  private void guard(Engine e, Step step) {
    try {
      step.run();
    } catch (Exception | LinkageError ex) {
      fail(e, ex);
    }
  }

  private void fail(Engine e, Throwable ex) {
    failures.putIfAbsent(e, describe(ex));
    engines.remove(e);
    progress("FAILED " + e.label + ": " + describe(ex));
    final Connection c = loaded.remove(e);
    if (c != null) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // already broken
      }
    }
  }

  /** Exception class and message, the causes, and the first stack frames. */
  static String describe(Throwable ex) {
    if (ex instanceof WrongResult) {
      return ex.getMessage();
    }
    final StringBuilder sb = new StringBuilder(ex.toString());
    for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
      sb.append("\n      caused by ").append(c);
    }
    Throwable innermost = ex;
    while (innermost.getCause() != null && innermost.getCause() != innermost) {
      innermost = innermost.getCause();
    }
    final StackTraceElement[] frames = innermost.getStackTrace();
    for (int i = 0; i < Math.min(8, frames.length); i++) {
      sb.append("\n        at ").append(frames[i]);
    }
    return sb.toString();
  }

  private void dispose(Engine e, String tag) throws IOException {
    if (!e.inMemory) {
      deleteTree(e.directory(root, tag));
    }
  }

  private void closeAll() {
    for (Connection c : loaded.values()) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // nothing more to do at exit
      }
    }
    loaded.clear();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static double medianOrNaN(Map<Engine, double[]> values, Engine e) {
    return values.containsKey(e) ? Stats.median(values.get(e)) : Double.NaN;
  }




  private void progress(String message) {
    System.err.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - start) / 1e9, message);
  }
}
