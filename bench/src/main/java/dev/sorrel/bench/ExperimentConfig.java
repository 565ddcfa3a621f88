package dev.sorrel.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of an {@link ExperimentBenchmark} run, given like {@link BenchConfig}'s:
 * a program argument {@code name=value} (or {@code --name=value}) or a system
 * property {@code -Dbench.name=value}; an argument wins over a property.
 *
 * <p>The defaults are the size, 10M units, with 3 measured runs after
 * one warm-up per path. On two cores shared with other work (load average 9
 * to 20) such a run took 8 to 11 minutes, about 40 % of it loading the table;
 * {@code rows=1000000} takes about 2 minutes.
 */
public final class ExperimentConfig {
  private static final String USAGE =
      "usage: bin/bench suite=experiment [name=value ...]   (or -Dbench.name=value)";

  /** The workloads, in the order they run. */
  static final String[] PARTS = {"assign", "analysis"};
  /** The assignment hashes the throughput workload can run with ({@code HASH '...'}). */
  static final String[] HASHES = {"sha256", "fnv1a"};
  /** The largest table: the keys of all units are held in one array of about 15 bytes per row. */
  static final int MAX_ROWS = 100_000_000;

  /** Name, default and meaning of every parameter, in the order {@code --help} prints them. */
  static final String[][] PARAMETERS = {
      {"rows", "10000000", "units (rows of table t), held as keys in memory for the bare loop"
          + " (about 15 bytes of heap each); e.g. rows=1000000 for a quick run"},
      {"reps", "3", "measured repetitions of every path; medians are over these"},
      {"warmup", "1", "warm-up runs of every path (not measured)"},
      {"parts", "assign,analysis", "workloads to run: assign (assignment throughput against a"
          + " bare Java loop), analysis (A/B statistics against DuckDB)"},
      {"hashes", "sha256,fnv1a", "assignment hashes of the throughput workload: sha256, fnv1a"},
      {"fileRows", "2000000", "rows per generated Parquet file, each loaded by one COPY (one"
          + " transaction, about 165 bytes of Java heap per row until it commits)"},
      {"effect", "0.002", "relative lift of the treatment's revenue in the generated data"},
      {"engine", "sorrel", "Sorrel engine: sorrel (file, sync=false) or sorrelmem"},
      {"dir", "", "working directory for the database and files (default: a new temp"
          + " directory)"},
      {"keep", "false", "keep the database and files after the run"},
      {"seed", "42", "random seed of the data"},
  };

  final int rows;
  final int reps;
  final int warmup;
  final Set<String> parts;
  final Set<String> hashes;
  final int fileRows;
  final double effect;
  final Engine engine;
  final Path dir;
  final boolean keep;
  final long seed;
  private final Map<String, String> values;

  private ExperimentConfig(Map<String, String> v) {
    this.values = v;
    rows = Parameters.positive(v, "rows");
    if (rows > MAX_ROWS) {
      throw new IllegalArgumentException("rows must be at most " + MAX_ROWS);
    }
    reps = Parameters.positive(v, "reps");
    warmup = Parameters.nonNegative(v, "warmup");
    parts = list(v, "parts", PARTS);
    hashes = list(v, "hashes", HASHES);
    fileRows = Math.min(Parameters.positive(v, "fileRows"), rows);
    try {
      effect = Double.parseDouble(v.get("effect").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("effect must be a number, not " + v.get("effect"));
    }
    if (!(effect > -1 && effect < 100)) {
      throw new IllegalArgumentException("effect must be above -1 and below 100, not "
          + v.get("effect"));
    }
    engine = Parameters.sorrelEngine(v);
    dir = v.get("dir").isEmpty() ? null : Path.of(v.get("dir"));
    keep = Boolean.parseBoolean(v.get("keep"));
    try {
      seed = Long.parseLong(v.get("seed").trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("seed must be an integer, not " + v.get("seed"));
    }
  }

  /** A comma-separated subset of {@code allowed}, in the order given, without repeats. */
  private static Set<String> list(Map<String, String> v, String name, String[] allowed) {
    final Set<String> chosen = new LinkedHashSet<>();
    for (String item : v.get(name).split(",")) {
      final String s = item.trim().toLowerCase(Locale.ROOT);
      if (s.isEmpty()) {
        continue;
      }
      if (!Arrays.asList(allowed).contains(s)) {
        throw new IllegalArgumentException("unknown " + name + " value '" + s + "' ("
            + String.join(", ", allowed) + ")");
      }
      chosen.add(s);
    }
    if (chosen.isEmpty()) {
      throw new IllegalArgumentException("no " + name + " given");
    }
    return chosen;
  }

  /**
   * Reads the parameters from arguments and system properties.
   *
   * @return the configuration, or null if help was asked for (and printed)
   * @throws IllegalArgumentException on an unknown or malformed parameter
   */
  static ExperimentConfig parse(String[] args) {
    final Map<String, String> v = Parameters.read(PARAMETERS, args, USAGE);
    return v == null ? null : new ExperimentConfig(v);
  }

  /** The parameters as given, for the report header. */
  Map<String, String> values() {
    return values;
  }
}
