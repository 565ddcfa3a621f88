package dev.sorrel.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters of a {@link ModelBenchmark} run, given like {@link BenchConfig}'s:
 * a program argument {@code name=value} (or {@code --name=value}) or a system
 * property {@code -Dbench.name=value}; an argument wins over a property.
 */
public final class ModelConfig {
  /** Name, default and meaning of every parameter, in the order {@code --help} prints them. */
  private static final String USAGE = "usage: bin/bench suite=model [name=value ...]   (or -Dbench.name=value)";

  static final String[][] PARAMETERS = {
      {"rows", "1000000", "rows of the scored table t (batch scoring throughput)"},
      {"entities", "100000", "rows of the entity table e (real-time scoring latency)"},
      {"reps", "3", "measured repetitions of every workload; medians are over these"},
      {"warmup", "1", "warm-up runs of each batch-scoring path per model (not measured)"},
      {"oneRowCalls", "50000", "one-row ONNX Runtime calls per repetition (rows/s extrapolated)"},
      {"lookups", "50000", "measured scoring lookups per repetition and path"},
      {"lookupWarmup", "20000", "warm-up lookups per path (not measured)"},
      {"batch", "1024", "rows per ONNX Runtime call: Sorrel's batch_size and the raw baseline's"},
      {"threads", "1", "ONNX Runtime intra_op_threads of every session, Sorrel's and raw"
          + " (0 = ONNX Runtime's default)"},
      {"loadBatch", "10000", "rows per executeBatch when loading the tables"},
      {"models", "logreg,forest", "models to run the throughput workload with: logreg, forest"},
      {"noise", "0.02", "relative standard deviation of the noise added to the CSV feature rows"},
      {"engine", "sorrel", "Sorrel engine: sorrel (file, sync=false) or sorrelmem"},
      {"dir", "", "working directory for the database (default: a new temp directory)"},
      {"keep", "false", "keep the database files after the run"},
      {"seed", "42", "random seed of the data and of the lookup keys"},
  };

  final int rows;
  final int entities;
  final int reps;
  final int warmup;
  final int oneRowCalls;
  final int lookups;
  final int lookupWarmup;
  final int batch;
  final int threads;
  final int loadBatch;
  final List<String> models;
  final double noise;
  final Engine engine;
  final Path dir;
  final boolean keep;
  final long seed;
  private final Map<String, String> values;

  private ModelConfig(Map<String, String> v) {
    this.values = v;
    rows = Parameters.positive(v, "rows");
    entities = Math.min(Parameters.positive(v, "entities"), rows);
    reps = Parameters.positive(v, "reps");
    warmup = Parameters.nonNegative(v, "warmup");
    oneRowCalls = Math.min(Parameters.positive(v, "oneRowCalls"), rows);
    lookups = Parameters.positive(v, "lookups");
    lookupWarmup = Parameters.nonNegative(v, "lookupWarmup");
    batch = Parameters.positive(v, "batch");
    threads = Parameters.nonNegative(v, "threads");
    loadBatch = Parameters.positive(v, "loadBatch");
    models = new ArrayList<>();
    for (String name : v.get("models").split(",")) {
      final String m = name.trim().toLowerCase(Locale.ROOT);
      if (m.isEmpty() || models.contains(m)) {
        continue;
      }
      if (!ModelBenchmark.MODEL_FILES.containsKey(m)) {
        throw new IllegalArgumentException("unknown model '" + m + "' (logreg, forest)");
      }
      models.add(m);
    }
    if (models.isEmpty()) {
      throw new IllegalArgumentException("no models given");
    }
    try {
      noise = Double.parseDouble(v.get("noise"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("noise must be a number, not " + v.get("noise"));
    }
    if (!(noise >= 0)) {
      throw new IllegalArgumentException("noise must not be negative");
    }
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
  static ModelConfig parse(String[] args) {
    final Map<String, String> v = Parameters.read(PARAMETERS, args, USAGE);
    return v == null ? null : new ModelConfig(v);
  }

  static void printHelp() {
    Parameters.printHelp(PARAMETERS, USAGE);
  }

  /** The parameters as given, for the report header. */
  Map<String, String> values() {
    return values;
  }
}
