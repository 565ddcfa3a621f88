package dev.sorrel.bench;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parameters of a {@link FeatureBenchmark} run, given like {@link BenchConfig}'s:
 * a program argument {@code name=value} (or {@code --name=value}) or a system
 * property {@code -Dbench.name=value}; an argument wins over a property.
 */
public final class FeatureConfig {
  /** Name, default and meaning of every parameter, in the order {@code --help} prints them. */
  private static final String USAGE =
      "usage: bin/bench suite=feature [name=value ...]   (or -Dbench.name=value)";

  static final String[] PARTS = {"join", "online", "ingest"};

  static final String[][] PARAMETERS = {
      {"rows", "1000000", "entity rows (table orders) of the point-in-time join"},
      {"features", "10000000", "feature rows (feature view stats), spread over 30 days"},
      {"entities", "100000", "distinct entities (driver_id values)"},
      {"reps", "3", "measured repetitions of every workload; medians are over these"},
      {"warmup", "1", "warm-up runs of each join path (not measured)"},
      {"lookups", "100000", "measured online lookups per repetition and engine"},
      {"lookupWarmup", "50000", "warm-up online lookups per engine (not measured)"},
      {"ingestReps", "1", "measured COPY / read_csv / read_parquet loads of the whole feature"
          + " file per engine and format (a COPY of 10M rows takes minutes)"},
      {"load", "auto", "how Sorrel loads the feature view and orders: auto (try both on"
          + " loadTrial rows, use the faster), copy (COPY from CSV) or batch (executeBatch)"},
      {"loadTrial", "200000", "rows of the load-path trial (load=auto)"},
      {"loadBatch", "100000", "rows per executeBatch (one transaction each)"},
      {"parts", "join,online,ingest", "workloads to run: join, online, ingest"},
      {"engine", "sorrel", "Sorrel engine: sorrel (file, sync=false) or sorrelmem"},
      {"dir", "", "working directory for the database and files (default: a new temp"
          + " directory)"},
      {"keep", "false", "keep the database and files after the run"},
      {"seed", "42", "random seed of the data and of the lookup keys"},
  };

  final int rows;
  final int features;
  final int entities;
  final int reps;
  final int warmup;
  final int lookups;
  final int lookupWarmup;
  final int ingestReps;
  final String load;
  final int loadTrial;
  final int loadBatch;
  final Set<String> parts;
  final Engine engine;
  final Path dir;
  final boolean keep;
  final long seed;
  private final Map<String, String> values;

  private FeatureConfig(Map<String, String> v) {
    this.values = v;
    rows = Parameters.positive(v, "rows");
    features = Parameters.positive(v, "features");
    entities = Parameters.positive(v, "entities");
    reps = Parameters.positive(v, "reps");
    warmup = Parameters.nonNegative(v, "warmup");
    lookups = Parameters.positive(v, "lookups");
    lookupWarmup = Parameters.nonNegative(v, "lookupWarmup");
    ingestReps = Parameters.positive(v, "ingestReps");
    load = v.get("load").trim().toLowerCase(Locale.ROOT);
    if (!load.equals("auto") && !load.equals("copy") && !load.equals("batch")) {
      throw new IllegalArgumentException("load must be auto, copy or batch, not " + load);
    }
    loadTrial = Math.min(Parameters.positive(v, "loadTrial"), features);
    loadBatch = Parameters.positive(v, "loadBatch");
    parts = new LinkedHashSet<>();
    for (String name : v.get("parts").split(",")) {
      final String p = name.trim().toLowerCase(Locale.ROOT);
      if (p.isEmpty()) {
        continue;
      }
      if (!java.util.Arrays.asList(PARTS).contains(p)) {
        throw new IllegalArgumentException("unknown part '" + p + "' (join, online, ingest)");
      }
      parts.add(p);
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("no parts given");
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
  static FeatureConfig parse(String[] args) {
    final Map<String, String> v = Parameters.read(PARAMETERS, args, USAGE);
    return v == null ? null : new FeatureConfig(v);
  }

  /** The parameters as given, for the report header. */
  Map<String, String> values() {
    return values;
  }
}
