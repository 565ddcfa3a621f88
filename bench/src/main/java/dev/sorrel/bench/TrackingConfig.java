package dev.sorrel.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * Parameters of a {@link TrackingBenchmark} run, given like {@link BenchConfig}'s:
 * a program argument {@code name=value} (or {@code --name=value}) or a system
 * property {@code -Dbench.name=value}; an argument wins over a property.
 */
public final class TrackingConfig {
  private static final String USAGE =
      "usage: bin/bench suite=tracking [name=value ...]   (or -Dbench.name=value)";

  static final String[][] PARAMETERS = {
      {"runs", "100000", "runs to log through the engine's tracking API"},
      {"params", "20", "params per run (p0 is 'optimizer', p1 'lr', the others 'p<i>')"},
      {"metrics", "10", "metrics per run (m0 is 'auc', m1 'loss', the others 'm<i>')"},
      {"steps", "1", "values logged per metric and run (steps 0, 1, ...)"},
      {"runsPerTx", "500", "runs logged per transaction while loading"},
      {"queries", "200", "measured executions of each search query per repetition"},
      {"warmup", "50", "executions of each query before measuring"},
      {"reps", "3", "repetitions; medians are over these"},
      {"engine", "sorrel", "Sorrel engine: sorrel (file, sync=false) or sorrelmem"},
      {"dir", "", "working directory for the database (default: a new temp directory)"},
      {"keep", "false", "keep the database files after the run"},
      {"seed", "42", "random seed of the data"},
  };

  final int runs;
  final int params;
  final int metrics;
  final int steps;
  final int runsPerTx;
  final int queries;
  final int warmup;
  final int reps;
  final Engine engine;
  final Path dir;
  final boolean keep;
  final long seed;
  private final Map<String, String> values;

  private TrackingConfig(Map<String, String> v) {
    this.values = v;
    runs = Parameters.positive(v, "runs");
    params = Math.max(2, Parameters.positive(v, "params"));
    metrics = Math.max(2, Parameters.positive(v, "metrics"));
    steps = Parameters.positive(v, "steps");
    runsPerTx = Parameters.positive(v, "runsPerTx");
    queries = Parameters.positive(v, "queries");
    warmup = Parameters.nonNegative(v, "warmup");
    reps = Parameters.positive(v, "reps");
    engine = Parameters.sorrelEngine(v);
    dir = v.get("dir").isEmpty() ? null : Path.of(v.get("dir"));
    keep = Boolean.parseBoolean(v.get("keep"));
    seed = Long.parseLong(v.get("seed"));
  }

  /**
   * Reads the parameters from arguments and system properties.
   *
   * @return the configuration, or null if help was asked for (and printed)
   * @throws IllegalArgumentException on an unknown or malformed parameter
   */
  static TrackingConfig parse(String[] args) {
    final Map<String, String> v = Parameters.read(PARAMETERS, args, USAGE);
    return v == null ? null : new TrackingConfig(v);
  }

  /** The parameters as given, for the report header. */
  Map<String, String> values() {
    return values;
  }
}
