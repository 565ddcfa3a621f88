package dev.sorrel.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parameters of a benchmark run. Each one can be given as a program argument
 * {@code name=value} (or {@code --name=value}) or as a system property
 * {@code -Dbench.name=value}; an argument wins over a property.
 */
public final class BenchConfig {
  /** Name, default and meaning of every parameter, in the order {@code --help} prints them. */
  private static final String USAGE = "usage: bin/bench [name=value ...]   (or -Dbench.name=value)";

  static final String[][] PARAMETERS = {
      {"rows", "1000000", "rows loaded by the bulk insert (and scanned/looked up afterwards)"},
      {"batch", "10000", "rows per executeBatch (one transaction each)"},
      {"reps", "3", "measured repetitions of every workload; medians are over these"},
      {"insertWarmupRows", "200000", "rows of the one warm-up load per engine (not measured)"},
      {"lookups", "200000", "measured point lookups per repetition"},
      {"lookupWarmup", "50000", "warm-up point lookups per engine (not measured)"},
      {"scanWarmup", "2", "warm-up executions of each scan query per engine (not measured)"},
      {"indexRows", "200000", "rows loaded per repetition by the index workload (0: skip it)"},
      {"users", "1000", "distinct user_id values"},
      {"order", "random", "key order of the load: random (a shuffled permutation) or sequential"},
      {"engines", "sorrel,h2,h2mem",
          "engines to run, comma-separated: sorrel, sorrelsync, sorrelmem, h2, h2mem"},
      {"floor", "true", "also measure the point-lookup floor through Sorrel's engine/storage API"},
      {"dir", "", "working directory for the databases (default: a new temp directory)"},
      {"keep", "false", "keep the database files after the run"},
      {"seed", "42", "random seed of the data and of the lookup keys"},
  };

  final int rows;
  final int batch;
  final int reps;
  final int indexRows;
  final int insertWarmupRows;
  final int lookups;
  final int lookupWarmup;
  final int scanWarmup;
  final int users;
  final boolean sequential;
  final List<Engine> engines;
  final boolean floor;
  final Path dir;
  final boolean keep;
  final long seed;
  private final Map<String, String> values;

  private BenchConfig(Map<String, String> v) {
    this.values = v;
    rows = Parameters.positive(v, "rows");
    batch = Parameters.positive(v, "batch");
    reps = Parameters.positive(v, "reps");
    insertWarmupRows = Math.min(Parameters.nonNegative(v, "insertWarmupRows"), rows);
    lookups = Parameters.positive(v, "lookups");
    lookupWarmup = Parameters.nonNegative(v, "lookupWarmup");
    scanWarmup = Parameters.nonNegative(v, "scanWarmup");
    indexRows = Math.min(Parameters.nonNegative(v, "indexRows"), rows);
    users = Parameters.positive(v, "users");
    final String order = v.get("order").toLowerCase(Locale.ROOT);
    if (!order.equals("random") && !order.equals("sequential")) {
      throw new IllegalArgumentException("order must be random or sequential, not " + order);
    }
    sequential = order.equals("sequential");
    engines = new ArrayList<>();
    for (String name : v.get("engines").split(",")) {
      if (!name.isBlank()) {
        final Engine engine = Engine.byKey(name.trim());
        if (!engines.contains(engine)) {
          engines.add(engine);
        }
      }
    }
    if (engines.isEmpty()) {
      throw new IllegalArgumentException("no engines given");
    }
    floor = Boolean.parseBoolean(v.get("floor"));
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
  static BenchConfig parse(String[] args) {
    final Map<String, String> v = Parameters.read(PARAMETERS, args, USAGE);
    return v == null ? null : new BenchConfig(v);
  }

  static void printHelp() {
    Parameters.printHelp(PARAMETERS, USAGE);
  }

  /** The parameters as given, for the report header. */
  Map<String, String> values() {
    return values;
  }
}
