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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.sorrel.bench.BareAssignment.VariantCounts;
import dev.sorrel.bench.CoreBenchmark.WrongResult;

/**
 * The experiments suite: Sorrel's {@code ASSIGN_VARIANT} and A/B aggregates
 * on a table of {@code rows} units, against a bare Java loop and DuckDB, in
 * one JVM on the same data.
 *
 * <ol>
 *   <li>Assignment throughput, per hash ({@code sha256}, {@code fnv1a}):
 *       {@code SELECT ASSIGN_VARIANT('e', user_id) AS v, COUNT(*) FROM t
 *       GROUP BY ASSIGN_VARIANT('e', user_id)}, against a loop on one thread
 *       that hashes the same {@code salt:unit} strings, already in memory, and
 *       counts units per variant ({@link BareAssignment}); a scan-only query
 *       shows what reading the units costs. Counts must agree.
 *   <li>Analysis: one Sorrel query computing per variant the count, mean and
 *       sample variance of revenue, and {@code TTEST_P}, {@code LIFT} and the
 *       lift's interval, with units assigned by {@code ASSIGN_VARIANT} in the
 *       query and, like for like, from the stored variant column; against
 *       DuckDB computing the same counts, means and variances grouped by the
 *       stored column, the p-value and lift then computed from them in Java
 *       ({@link AbAnalysis#fromMoments}). All must agree.
 * </ol>
 *
 * <p>Data: {@link ExperimentData}, written as CSV by Java, turned into Parquet
 * by DuckDB, loaded by Sorrel's {@code COPY} (the fastest load path; one file
 * per transaction) and by DuckDB's {@code read_parquet}. Timing:
 * {@link TimedRounds}, medians over {@code reps}. Parameters:
 * {@link ExperimentConfig}, or run with {@code --help}.
 */
public final class ExperimentBenchmark {
  /** The two experiments, 50/50 each; the first is the one the analysis uses. */
  static final String SHA_EXPERIMENT = "e";
  static final String FNV_EXPERIMENT = "e_fnv";
  static final String CREATE_TABLE =
      "CREATE TABLE t (user_id VARCHAR PRIMARY KEY, variant VARCHAR, revenue DOUBLE, pre DOUBLE)";
  static final String SCAN_SQL = "SELECT SUM(CHAR_LENGTH(user_id)) FROM t";
  static final String DUCK_ANALYSIS =
      "SELECT variant, COUNT(*), AVG(revenue), VAR_SAMP(revenue) FROM t GROUP BY variant";
  /** Relative tolerances of the analysis check: moments, then test statistics. */
  static final double MOMENT_TOLERANCE = 1e-9;
  static final double STAT_TOLERANCE = 1e-6;

  private final ExperimentConfig config;
  private final Path root;
  private final PrintStream out = System.out;
  private final long start = System.nanoTime();
  private final List<String> failures = new ArrayList<>();
  private final List<String[]> summary = new ArrayList<>();
  private Connection sorrel;
  private Connection duck;
  private String duckThreads = "?";
  private String shaSalt;
  private String fnvSalt;
  private ExperimentData data;
  /** Rows per second of the scan-only query, once measured. */
  private double scanRate = Double.NaN;

  private ExperimentBenchmark(ExperimentConfig config, Path root) {
    this.config = config;
    this.root = root;
  }

  /** Entry point; see {@link ExperimentConfig} for the arguments. */
  public static void main(String[] args) throws Exception {
    Suite.main(args, ExperimentConfig::parse, c -> c.dir, c -> c.keep,
        "sorrel-experiment-bench-", (c, root) -> {
          final ExperimentBenchmark bench = new ExperimentBenchmark(c, root);
          return new Suite.Run(bench::run, bench::close);
        });
  }

  private void run() {
    printHeader();
    if (prepare()) {
      if (config.parts.contains("assign")) {
        char section = 'a';
        for (String hash : config.hashes) {
          assignment(hash, section++);
        }
      }
      if (config.parts.contains("analysis")) {
        analysis();
      }
    }
    out.println();
    out.println("SUMMARY");
    final TextTable table = new TextTable("measure", "value", "target", "verdict");
    summary.forEach(table::row);
    table.print(out);
    Suite.printEnd(out, failures, start);
  }

  // ------------------------------------------------------------ header and setup

  private void printHeader() {
    Machine.printHeader(out, "Sorrel experiments benchmark");
    out.printf(Locale.ROOT, "load    : system load average %.2f at start (other processes on the"
        + " machine skew the figures; each workload prints the load around it)%n",
        Machine.loadAverage());
    out.println("data dir: " + root + (config.keep ? " (kept)" : " (deleted at exit)")
        + "; engine " + config.engine.label + " (" + config.engine.guarantees + ")");
    final StringBuilder params = new StringBuilder();
    config.values().forEach((k, v) -> params.append(k).append('=').append(v).append(' '));
    out.println("params  : " + params.toString().trim());
    out.println("table   : " + CREATE_TABLE + ", " + fmtInt(config.rows) + " rows");
    out.println("method  : " + config.warmup + " warm-up run(s) per path excluded; "
        + config.reps + " measured repetitions, paths interleaved (rotating which goes first);"
        + " figures are medians over repetitions; System.gc() before each timed run; a Sorrel"
        + " or DuckDB time is executeQuery of a prepared statement plus reading every result"
        + " row through JDBC");
    out.flush();
  }

  /** Creates the experiments, writes the files and loads both databases; false on failure. */
  private boolean prepare() {
    try {
      sorrel = config.engine.connect(root, "experiment");
      try (Statement s = sorrel.createStatement()) {
        s.execute(createExperiment(SHA_EXPERIMENT, "sha256"));
        s.execute(createExperiment(FNV_EXPERIMENT, "fnv1a"));
        s.execute("ALTER EXPERIMENT " + SHA_EXPERIMENT + " START");
        s.execute("ALTER EXPERIMENT " + FNV_EXPERIMENT + " START");
        s.execute(CREATE_TABLE);
      }
      shaSalt = salt(SHA_EXPERIMENT);
      fnvSalt = salt(FNV_EXPERIMENT);
      progress("building " + config.rows + " unit keys in memory");
      data = new ExperimentData(config.rows, shaSalt, config.effect, config.seed);
      duck = DriverManager.getConnection("jdbc:duckdb:");
      duckThreads = scalar(duck, "SELECT current_setting('threads')");
      final Path files = Files.createDirectories(root.resolve("files"));
      final List<Path> parquet = writeFiles(files);
      loadSorrel(parquet);
      if (config.parts.contains("analysis")) {
        loadDuckDb(files);
      }
      out.flush();
      return true;
    } catch (Exception | LinkageError ex) {
      failed("setup (experiments, files, loads)", ex);
      return false;
    }
  }

  /**
   * Writes the rows as CSV files of {@code fileRows} rows, has DuckDB turn each into a
   * Parquet file, and returns those.
   */
  private List<Path> writeFiles(Path files) throws Exception {
    final List<Path> parquet = new ArrayList<>();
    double csvSeconds = 0;
    double parquetSeconds = 0;
    long csvBytes = 0;
    long parquetBytes = 0;
    for (int from = 0, k = 0; from < config.rows; from += config.fileRows, k++) {
      final int count = Math.min(config.fileRows, config.rows - from);
      final Path csv = files.resolve(String.format(Locale.ROOT, "t-%03d.csv", k));
      final Path pq = files.resolve(String.format(Locale.ROOT, "t-%03d.parquet", k));
      progress("writing " + csv.getFileName() + " (" + count + " rows) and its Parquet copy");
      long t0 = System.nanoTime();
      csvBytes += data.writeCsv(csv, count);
      csvSeconds += seconds(t0);
      t0 = System.nanoTime();
      execute(duck, "COPY (SELECT * FROM read_csv('" + csv + "', header = true, columns ="
          + " {'user_id': 'VARCHAR', 'variant': 'VARCHAR', 'revenue': 'DOUBLE',"
          + " 'pre': 'DOUBLE'})) TO '" + pq + "' (FORMAT parquet)");
      parquetSeconds += seconds(t0);
      parquetBytes += Files.size(pq);
      Files.delete(csv);
      parquet.add(pq);
    }
    out.println("data    : " + data.describe());
    out.println("experiments: " + createExperiment(SHA_EXPERIMENT, "sha256") + " (salt '"
        + shaSalt + "'); " + createExperiment(FNV_EXPERIMENT, "fnv1a") + " (salt '" + fnvSalt
        + "'); both started");
    out.println("DuckDB  : in memory (jdbc:duckdb:), threads=" + duckThreads);
    out.println();
    out.println("0. FILES AND LOADS (not measured workloads)");
    out.printf(Locale.ROOT, "   files : %d Parquet file(s) of up to %,d rows, %.1f MiB, written"
        + " by DuckDB (COPY ... TO (FORMAT parquet), its defaults) from CSV files Java wrote"
        + " (%.1f MiB, %.1f s; converted in %.1f s, CSV deleted)%n", parquet.size(),
        config.fileRows, parquetBytes / 1048576.0, csvBytes / 1048576.0, csvSeconds,
        parquetSeconds);
    return parquet;
  }

  /** Loads every file into Sorrel's table t with COPY, the fastest load path. */
  private void loadSorrel(List<Path> parquet) throws SQLException {
    final double loadBefore = Machine.loadAverage();
    final long t0 = System.nanoTime();
    long loaded = 0;
    try (Statement s = sorrel.createStatement()) {
      for (Path file : parquet) {
        progress("Sorrel: COPY t FROM '" + file.getFileName() + "'");
        loaded += s.executeLargeUpdate("COPY t FROM '" + file + "'");
      }
    }
    final double seconds = seconds(t0);
    check(loaded == config.rows, "Sorrel loaded " + loaded + " rows, not " + config.rows);
    out.printf(Locale.ROOT, "   Sorrel: COPY t FROM each file (one transaction per file; a"
        + " file of 1M rows or more compacts the table after it): %,d rows in %.1f s, %,.0f"
        + " rows/s; load average %.2f before, %.2f after%n", loaded, seconds, loaded / seconds,
        loadBefore, Machine.loadAverage());
  }

  private void loadDuckDb(Path files) throws SQLException {
    progress("DuckDB: CREATE TABLE t AS SELECT * FROM read_parquet(...)");
    final long t0 = System.nanoTime();
    execute(duck, "CREATE TABLE t AS SELECT * FROM read_parquet('"
        + files.resolve("t-*.parquet") + "')");
    final double seconds = seconds(t0);
    check(Long.parseLong(scalar(duck, "SELECT COUNT(*) FROM t")) == config.rows,
        "DuckDB row count");
    out.printf(Locale.ROOT, "   DuckDB: CREATE TABLE t AS SELECT * FROM"
        + " read_parquet('t-*.parquet'): %.1f s, %,.0f rows/s%n", seconds, config.rows / seconds);
  }

  static String createExperiment(String name, String hash) {
    return "CREATE EXPERIMENT " + name + " (control WEIGHT 50, treatment WEIGHT 50) HASH '"
        + hash + "'";
  }

  private String salt(String experiment) throws SQLException {
    try (PreparedStatement ps = sorrel.prepareStatement(
        "SELECT salt FROM sys.experiments WHERE experiment_name = ?")) {
      ps.setString(1, experiment.toUpperCase(Locale.ROOT));
      try (ResultSet rs = ps.executeQuery()) {
        check(rs.next(), "experiment " + experiment + " not in SYS.EXPERIMENTS");
        return rs.getString(1);
      }
    }
  }

  // ------------------------------------------------------------ 1. assignment

  private static final String A_SORREL = "Sorrel SQL ASSIGN_VARIANT";
  private static final String A_BARE = "bare Java loop, 1 thread";
  private static final String A_SCAN = "Sorrel scan only (no hash)";

  static String assignSql(String experiment) {
    return "SELECT ASSIGN_VARIANT('" + experiment + "', user_id) AS v, COUNT(*) FROM t"
        + " GROUP BY ASSIGN_VARIANT('" + experiment + "', user_id)";
  }

  private void assignment(String hash, char section) {
    final boolean sha = hash.equals("sha256");
    final String experiment = sha ? SHA_EXPERIMENT : FNV_EXPERIMENT;
    final String sql = assignSql(experiment);
    final String plan = plan(sql);
    final double loadBefore = Machine.loadAverage();
    final List<AutoCloseable> resources = new ArrayList<>();
    final TimedRounds<Object> rounds = new TimedRounds<>(Objects::equals);
    try {
      final PreparedStatement assign = sorrel.prepareStatement(sql);
      resources.add(assign);
      rounds.add(A_SORREL, () -> counts(assign));
    } catch (SQLException ex) {
      rounds.failed(A_SORREL, CoreBenchmark.describe(ex));
    }
    rounds.add(A_BARE, sha ? () -> BareAssignment.sha256(data.keys, data.stride, data.rows)
        : () -> BareAssignment.fnv1a(fnvSalt, data.keys, data.stride, data.unitOffset,
            data.rows));
    // Reading the units costs the same whatever the hash: measured with the first hash only.
    final boolean measureScan = Double.isNaN(scanRate);
    if (measureScan) {
      try {
        final PreparedStatement scan = sorrel.prepareStatement(SCAN_SQL);
        resources.add(scan);
        rounds.add(A_SCAN, () -> single(scan));
      } catch (SQLException ex) {
        rounds.failed(A_SCAN, CoreBenchmark.describe(ex));
      }
    }
    final Map<String, TimedRounds.Outcome<Object>> outcomes =
        rounds.measure(config.warmup, config.reps, hash, this::progress);
    closeAll(resources);
    if (measureScan) {
      scanRate = rate(outcomes.get(A_SCAN));
    }

    out.println();
    out.printf(Locale.ROOT, "1%s. ASSIGNMENT THROUGHPUT, HASH '%s' (experiment %s, salt '%s'),"
        + " %,d units%n", section, hash, experiment, sha ? shaSalt : fnvSalt, data.rows);
    out.println("   Sorrel: " + sql);
    out.println("   plan  : " + plan);
    out.println("   scan  : " + SCAN_SQL + "   (reads every user_id, no hash"
        + (measureScan ? ")" : "; measured with the first hash)"));
    out.println("   bare  : " + (sha
        ? "MessageDigest SHA-256 reused, over each 'salt:unit' key's bytes in one in-memory"
            + " array, digest as an unsigned big-endian integer mod 100, bucket < 50 ="
            + " control"
        : "GrowthBook v2: FNV-1a 32 over salt + unit (salt state precomputed), again over the"
            + " first hash's unsigned decimal digits, mod 10,000, bucket < 5,000 = control;"
            + " units read from the same in-memory array"));
    final TextTable table = new TextTable("path", "median ms", "rows/s", "min ms", "max ms",
        "Sorrel/X rows/s");
    final double sorrelRate = rate(outcomes.get(A_SORREL));
    outcomes.forEach((name, o) -> {
      if (!o.ok()) {
        table.row(name, "FAILED");
        return;
      }
      table.row(name, fmt(o.medianSeconds() * 1e3, 1), fmtInt(rate(o)),
          fmt(Stats.min(o.seconds) * 1e3, 1), fmt(Stats.max(o.seconds) * 1e3, 1),
          ratio(sorrelRate, rate(o)));
    });
    table.print(out);
    final double bareRate = rate(outcomes.get(A_BARE));
    final double vsBare = sorrelRate / bareRate;
    out.printf(Locale.ROOT, "   Sorrel/bare throughput = %s%s%n", ratio(sorrelRate, bareRate),
        sha ? "   (target >= 0.80: " + (Double.isNaN(vsBare) ? "-" : verdict(vsBare >= 0.8))
            + ")" : "   (no target for fnv1a)");
    if (!Double.isNaN(sorrelRate) && !Double.isNaN(bareRate) && !Double.isNaN(scanRate)) {
      out.printf(Locale.ROOT, "   where Sorrel's %.0f ms go (estimate from the medians): reading"
          + " the units ~%.0f ms (scan-only query), hashing ~%.0f ms (bare loop); the two run"
          + " on different threads, so a perfect overlap would take ~%.0f ms%n",
          1e3 * data.rows / sorrelRate, 1e3 * data.rows / scanRate, 1e3 * data.rows / bareRate,
          1e3 * data.rows / Math.min(scanRate, bareRate));
    }
    String check = "-";
    final Object sorrelCounts = outcomes.get(A_SORREL).result;
    final Object bareCounts = outcomes.get(A_BARE).result;
    if (sorrelCounts != null && bareCounts != null) {
      check = sorrelCounts.equals(bareCounts) ? "OK" : "MISMATCH";
      out.println("   check units per variant: Sorrel " + sorrelCounts + "; bare " + bareCounts
          + ": " + check);
      if (!sorrelCounts.equals(bareCounts)) {
        failures.add(hash + " assignment: Sorrel counts " + sorrelCounts + ", bare loop "
            + bareCounts);
      }
    }
    final Object scanned = measureScan ? outcomes.get(A_SCAN).result : null;
    if (scanned != null) {
      final long expected = (long) data.rows * data.unitLength;
      final boolean ok = ((Number) scanned).longValue() == expected;
      out.printf(Locale.ROOT, "   check scan-only SUM(CHAR_LENGTH(user_id)) = %,d (expected"
          + " %,d): %s%n", ((Number) scanned).longValue(), expected, ok ? "OK" : "MISMATCH");
      if (!ok) {
        failures.add(hash + " assignment: scan-only sum " + scanned + ", expected " + expected);
      }
    }
    out.printf(Locale.ROOT, "   load average %.2f before this workload, %.2f after%n", loadBefore,
        Machine.loadAverage());
    reportFailures(hash + " assignment", outcomes);
    out.flush();
    summary.add(new String[] {hash + ": Sorrel ASSIGN_VARIANT rows/s", fmtInt(sorrelRate), "",
        ""});
    summary.add(new String[] {hash + ": bare Java loop rows/s", fmtInt(bareRate), "", ""});
    summary.add(new String[] {hash + ": Sorrel/bare", ratio(sorrelRate, bareRate),
        sha ? ">= 0.80" : "", sha && !Double.isNaN(vsBare) ? verdict(vsBare >= 0.8) : ""});
    summary.add(new String[] {hash + ": counts agree with the bare loop", check, "", ""});
  }

  private static VariantCounts counts(PreparedStatement ps) throws SQLException {
    long control = -1;
    long treatment = -1;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        final String variant = rs.getString(1);
        final long n = rs.getLong(2);
        switch (variant == null ? "" : variant) {
          case ExperimentData.CONTROL -> control = n;
          case ExperimentData.TREATMENT -> treatment = n;
          default -> throw new WrongResult("unexpected variant " + variant);
        }
      }
    }
    if (control < 0 || treatment < 0) {
      throw new WrongResult("a variant is missing from the result");
    }
    return new VariantCounts(control, treatment);
  }

  // ------------------------------------------------------------ 2. analysis

  private static final String N_ASSIGN = "Sorrel, ASSIGN_VARIANT in the query";
  private static final String N_STORED = "Sorrel, stored variant column";
  private static final String N_RESULTS = "Sorrel, EXPERIMENT_RESULTS view";
  private static final String N_RESULTS_CUPED = "Sorrel, EXPERIMENT_RESULTS with CUPED";

  /**
   * The results view over the table: the experiment assigns the units itself; with
   * {@code pre} as covariate it also computes the CUPED figures (timed, not compared).
   */
  static String resultsSql(boolean cuped) {
    return "SELECT variant, n, mean, stddev, p_value, lift, lift_lower, lift_upper FROM"
        + " TABLE(EXPERIMENT_RESULTS('" + SHA_EXPERIMENT + "', CURSOR(SELECT user_id, revenue"
        + (cuped ? ", pre" : "") + " FROM t), " + AbAnalysis.LEVEL + "))";
  }

  /** Sorrel's analysis of {@code source}, a subquery of {@code (v, revenue)}. */
  static String analysisSql(String source) {
    final StringBuilder sb = new StringBuilder("SELECT");
    for (String variant : new String[] {ExperimentData.CONTROL, ExperimentData.TREATMENT}) {
      final String filter = " FILTER (WHERE v = '" + variant + "')";
      sb.append(" COUNT(*)").append(filter).append(", AVG(revenue)").append(filter)
          .append(", VAR_SAMP(revenue)").append(filter).append(',');
    }
    final String treated = "revenue, v = '" + ExperimentData.TREATMENT + "'";
    return sb.append(" TTEST_P(").append(treated).append("), LIFT(").append(treated)
        .append("), LIFT_LOWER(").append(treated).append(", ").append(AbAnalysis.LEVEL)
        .append("), LIFT_UPPER(").append(treated).append(", ").append(AbAnalysis.LEVEL)
        .append(") FROM ").append(source).toString();
  }

  static final String ASSIGNED_SOURCE = "(SELECT ASSIGN_VARIANT('" + SHA_EXPERIMENT
      + "', user_id) AS v, revenue FROM t) a";
  static final String STORED_SOURCE = "(SELECT variant AS v, revenue FROM t) a";

  private void analysis() {
    final String assignedSql = analysisSql(ASSIGNED_SOURCE);
    final String storedSql = analysisSql(STORED_SOURCE);
    final String plan = plan(assignedSql);
    final double loadBefore = Machine.loadAverage();
    final String duckDefault = "DuckDB, " + duckThreads + " threads (default)";
    final String duckOne = "DuckDB, 1 thread";
    final List<AutoCloseable> resources = new ArrayList<>();
    final TimedRounds<AbAnalysis> rounds = new TimedRounds<>(
        (a, b) -> a.agrees(b, MOMENT_TOLERANCE, STAT_TOLERANCE));
    for (String[] path : new String[][] {{N_ASSIGN, assignedSql}, {N_STORED, storedSql},
        {N_RESULTS, resultsSql(false)}, {N_RESULTS_CUPED, resultsSql(true)}}) {
      try {
        final PreparedStatement ps = sorrel.prepareStatement(path[1]);
        resources.add(ps);
        final boolean view = path[0].equals(N_RESULTS) || path[0].equals(N_RESULTS_CUPED);
        rounds.add(path[0], () -> view ? resultsAnalysis(ps) : sorrelAnalysis(ps));
      } catch (SQLException ex) {
        rounds.failed(path[0], CoreBenchmark.describe(ex));
      }
    }
    try {
      final PreparedStatement ps = duck.prepareStatement(DUCK_ANALYSIS);
      resources.add(ps);
      rounds.add(duckDefault, () -> duckAnalysis(ps));
      // DuckDB's thread count is a database setting; switching it costs well under a
      // millisecond, so it is done inside the timed run.
      rounds.add(duckOne, () -> {
        execute(duck, "SET threads = 1");
        try {
          return duckAnalysis(ps);
        } finally {
          execute(duck, "SET threads = " + duckThreads);
        }
      });
    } catch (SQLException ex) {
      rounds.failed(duckDefault, CoreBenchmark.describe(ex));
    }
    final Map<String, TimedRounds.Outcome<AbAnalysis>> outcomes =
        rounds.measure(config.warmup, config.reps, "analysis", this::progress);
    closeAll(resources);

    out.println();
    out.printf(Locale.ROOT, "2. A/B ANALYSIS of revenue, %,d units, experiment %s%n", data.rows,
        SHA_EXPERIMENT);
    out.println("   Sorrel: " + assignedSql);
    out.println("   plan  : " + plan);
    out.println("   Sorrel, stored column: the same over " + STORED_SOURCE);
    out.println("   Sorrel, results view: " + resultsSql(false) + "; with CUPED: the same with"
        + " pre as covariate");
    out.println("   DuckDB: " + DUCK_ANALYSIS + ", then Welch's p-value, the lift and its "
        + Math.round(AbAnalysis.LEVEL * 100) + "% interval from those moments in Java"
        + " (commons-math3's t distribution), timed with the query");
    final TextTable table = new TextTable("path", "median ms", "rows/s", "min ms", "max ms",
        "Sorrel/X rows/s", "Sorrel stored/X");
    final double assignedRate = rate(outcomes.get(N_ASSIGN));
    final double storedRate = rate(outcomes.get(N_STORED));
    outcomes.forEach((name, o) -> {
      if (!o.ok()) {
        table.row(name, "FAILED");
        return;
      }
      table.row(name, fmt(o.medianSeconds() * 1e3, 1), fmtInt(rate(o)),
          fmt(Stats.min(o.seconds) * 1e3, 1), fmt(Stats.max(o.seconds) * 1e3, 1),
          ratio(assignedRate, rate(o)), ratio(storedRate, rate(o)));
    });
    table.print(out);
    final double duckRate = rate(outcomes.get(duckDefault));
    final double duckOneRate = rate(outcomes.get(duckOne));
    out.printf(Locale.ROOT, "   Sorrel/DuckDB throughput: %s with ASSIGN_VARIANT in the query,"
        + " %s over the stored column (DuckDB %s threads); %s and %s against DuckDB on 1"
        + " thread%n", ratio(assignedRate, duckRate), ratio(storedRate, duckRate), duckThreads,
        ratio(assignedRate, duckOneRate), ratio(storedRate, duckOneRate));
    String check = "-";
    final AbAnalysis ref = outcomes.get(N_ASSIGN).result;
    if (ref != null) {
      out.println("   Sorrel result: " + ref);
      double worstMoments = 0;
      double worstStats = 0;
      boolean compared = false;
      for (Map.Entry<String, TimedRounds.Outcome<AbAnalysis>> e : outcomes.entrySet()) {
        final AbAnalysis other = e.getValue().result;
        if (other == null || e.getKey().equals(N_ASSIGN)) {
          continue;
        }
        compared = true;
        worstMoments = Math.max(worstMoments, other.worstMomentDifference(ref));
        worstStats = Math.max(worstStats, other.worstStatisticDifference(ref));
      }
      if (compared) {
        final boolean ok = worstMoments <= MOMENT_TOLERANCE && worstStats <= STAT_TOLERANCE;
        check = ok ? "OK" : "MISMATCH";
        out.printf(Locale.ROOT, "   check against the other paths: counts %s, largest relative"
            + " difference of means and variances %.1e (tolerance %.0e), of p, lift and bounds"
            + " %.1e (tolerance %.0e): %s%n", Double.isInfinite(worstMoments) ? "DIFFER"
            : "equal", worstMoments, MOMENT_TOLERANCE, worstStats, STAT_TOLERANCE, check);
        if (!ok) {
          failures.add("analysis: results disagree (moments " + worstMoments + ", statistics "
              + worstStats + ")");
        }
      }
    }
    out.printf(Locale.ROOT, "   load average %.2f before this workload, %.2f after%n", loadBefore,
        Machine.loadAverage());
    reportFailures("analysis", outcomes);
    out.flush();
    summary.add(new String[] {"analysis: Sorrel rows/s (ASSIGN_VARIANT in the query)",
        fmtInt(assignedRate), "", ""});
    summary.add(new String[] {"analysis: Sorrel/DuckDB (" + duckThreads + " threads)",
        ratio(assignedRate, duckRate), "", ""});
    summary.add(new String[] {"analysis: Sorrel stored column/DuckDB (" + duckThreads
        + " threads)", ratio(storedRate, duckRate), "", ""});
    final double resultsRate = rate(outcomes.get(N_RESULTS));
    final double cupedRate = rate(outcomes.get(N_RESULTS_CUPED));
    out.printf(Locale.ROOT, "   results view/DuckDB throughput: %s (CUPED %s) against %s threads,"
        + " %s (CUPED %s) against 1 thread%n", ratio(resultsRate, duckRate),
        ratio(cupedRate, duckRate), duckThreads, ratio(resultsRate, duckOneRate),
        ratio(cupedRate, duckOneRate));
    summary.add(new String[] {"analysis: EXPERIMENT_RESULTS/DuckDB (" + duckThreads
        + " threads), plain / CUPED", ratio(resultsRate, duckRate) + " / "
        + ratio(cupedRate, duckRate), "", ""});
    summary.add(new String[] {"analysis: results agree", check, "rel 1e-9 / 1e-6", ""});
  }

  private static AbAnalysis sorrelAnalysis(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new WrongResult("no result row");
      }
      final AbAnalysis a = new AbAnalysis(rs.getLong(1), rs.getDouble(2), rs.getDouble(3),
          rs.getLong(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8),
          rs.getDouble(9), rs.getDouble(10));
      if (rs.next()) {
        throw new WrongResult("more than one result row");
      }
      return a;
    }
  }

  /** The figures of the results view's two rows, control first. */
  private static AbAnalysis resultsAnalysis(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next() || !ExperimentData.CONTROL.equals(rs.getString(1))) {
        throw new WrongResult("no control row first");
      }
      final long nc = rs.getLong(2);
      final double mc = rs.getDouble(3);
      final double sc = rs.getDouble(4);
      if (!rs.next() || !ExperimentData.TREATMENT.equals(rs.getString(1))) {
        throw new WrongResult("no treatment row second");
      }
      final AbAnalysis a = new AbAnalysis(nc, mc, sc * sc, rs.getLong(2), rs.getDouble(3),
          rs.getDouble(4) * rs.getDouble(4), rs.getDouble(5), rs.getDouble(6),
          rs.getDouble(7), rs.getDouble(8));
      if (rs.next()) {
        throw new WrongResult("more than two result rows");
      }
      return a;
    }
  }

  private static AbAnalysis duckAnalysis(PreparedStatement ps) throws SQLException {
    long nc = -1;
    long nt = -1;
    double mc = Double.NaN;
    double vc = Double.NaN;
    double mt = Double.NaN;
    double vt = Double.NaN;
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        final String variant = rs.getString(1);
        switch (variant == null ? "" : variant) {
          case ExperimentData.CONTROL -> {
            nc = rs.getLong(2);
            mc = rs.getDouble(3);
            vc = rs.getDouble(4);
          }
          case ExperimentData.TREATMENT -> {
            nt = rs.getLong(2);
            mt = rs.getDouble(3);
            vt = rs.getDouble(4);
          }
          default -> throw new WrongResult("unexpected variant " + variant);
        }
      }
    }
    if (nc < 2 || nt < 2) {
      throw new WrongResult("a variant has fewer than two units");
    }
    return AbAnalysis.fromMoments(nc, mc, vc, nt, mt, vt);
  }

  // ------------------------------------------------------------ helpers

  private double rate(TimedRounds.Outcome<?> outcome) {
    return outcome == null || !outcome.ok() ? Double.NaN : data.rows / outcome.medianSeconds();
  }

  /** The longest plan line printed whole. */
  private static final int PLAN_LINE = 160;

  private String plan(String sql) {
    try (Statement s = sorrel.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      final StringBuilder sb = new StringBuilder();
      while (rs.next()) {
        for (String line : rs.getString(1).strip().split("\n")) {
          // Calcite prints every expression of a Calc; the long ones say little here.
          sb.append(line.length() > PLAN_LINE ? line.substring(0, PLAN_LINE) + " ..." : line)
              .append("\n           ");
        }
      }
      return sb.toString().strip();
    } catch (Exception ex) {
      return "(EXPLAIN failed: " + ex.getMessage() + ")";
    }
  }

  private static long single(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new WrongResult("no result row");
      }
      final long v = rs.getLong(1);
      if (rs.next()) {
        throw new WrongResult("more than one result row");
      }
      return v;
    }
  }

  private void reportFailures(String workload, Map<String, ? extends TimedRounds.Outcome<?>> o) {
    o.forEach((name, outcome) -> {
      if (!outcome.ok()) {
        out.println("   FAILED " + name + ": " + outcome.failure);
        failures.add(workload + ", " + name + ": " + outcome.failure);
      }
    });
  }

  private static String scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      check(rs.next(), "no row from " + sql);
      return rs.getString(1);
    }
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void check(boolean condition, String message) {
    if (!condition) {
      throw new WrongResult(message);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
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
    out.println("FAILED " + what + ": " + message);
    progress("FAILED " + what + ": " + message);
  }

  private void close() {
    for (Connection c : new Connection[] {sorrel, duck}) {
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
