package dev.sorrel.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * Parameters of a {@link ServerBenchmark} run, given like {@link BenchConfig}'s:
 * a program argument {@code name=value} (or {@code --name=value}) or a system
 * property {@code -Dbench.name=value}; an argument wins over a property.
 */
public final class ServerConfig {
  private static final String USAGE =
      "usage: bin/bench suite=server [name=value ...]   (or -Dbench.name=value)";

  static final String[][] PARAMETERS = {
      {"rows", "1000000", "rows of the 5-column table fetched whole"},
      {"reps", "3", "repetitions of each fetch; medians are over these"},
      {"lookups", "5000", "measured primary-key lookups per repetition"},
      {"warmup", "1000", "lookups (and one fetch) before measuring"},
      {"postgres", "true", "also measure PostgreSQL when initdb and pg_ctl are found"},
      {"dir", "", "working directory for the databases (default: a new temp directory)"},
      {"keep", "false", "keep the database files after the run"},
      {"seed", "42", "random seed of the data and the looked-up keys"},
  };

  final int rows;
  final int reps;
  final int lookups;
  final int warmup;
  final boolean postgres;
  final Path dir;
  final boolean keep;
  final long seed;
  private final Map<String, String> values;

  private ServerConfig(Map<String, String> v) {
    this.values = v;
    rows = Parameters.positive(v, "rows");
    reps = Parameters.positive(v, "reps");
    lookups = Parameters.positive(v, "lookups");
    warmup = Parameters.nonNegative(v, "warmup");
    postgres = Boolean.parseBoolean(v.get("postgres"));
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
  static ServerConfig parse(String[] args) {
    final Map<String, String> v = Parameters.read(PARAMETERS, args, USAGE);
    return v == null ? null : new ServerConfig(v);
  }

  /** The parameters as given, for the report header. */
  Map<String, String> values() {
    return values;
  }
}
