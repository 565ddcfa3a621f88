package dev.sorrel.e2e;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code name=value} command line of the long reliability suites ({@code bin/crashtest},
 * {@code bin/fuzz}, {@code bin/soak}), and how they end: figures printed, each failure on its
 * own line, exit status 1 on a failure and 2 for an unknown parameter.
 */
public final class SuiteArguments {
  private final Map<String, String> values;

  private SuiteArguments(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Parses {@code args}; a parameter not in {@code names} prints {@code tool}'s usage and
   * exits with status 2.
   */
  public static SuiteArguments parse(String tool, String usage, Set<String> names,
      String[] args) {
    final Map<String, String> values = new HashMap<>();
    for (String arg : args) {
      final int eq = arg.indexOf('=');
      final String name = eq < 0 ? arg : arg.substring(0, eq);
      if (!names.contains(name)) {
        System.err.println(tool + ": unknown parameter '" + arg + "' (" + usage + ")");
        System.exit(2);
      }
      values.put(name, eq < 0 ? "" : arg.substring(eq + 1));
    }
    return new SuiteArguments(values);
  }

  /** The parameter's text, or {@code otherwise} if not given. */
  public String text(String name, String otherwise) {
    return values.getOrDefault(name, otherwise);
  }

  public long longValue(String name, long otherwise) {
    final String value = values.get(name);
    return value == null ? otherwise : Long.parseLong(value);
  }

  public int intValue(String name, int otherwise) {
    final String value = values.get(name);
    return value == null ? otherwise : Integer.parseInt(value);
  }

  public boolean booleanValue(String name, boolean otherwise) {
    final String value = values.get(name);
    return value == null ? otherwise : Boolean.parseBoolean(value);
  }

  /** The {@code dir} parameter, or a new temporary directory named after {@code prefix}. */
  public Path directory(String prefix) throws IOException {
    final String dir = values.get("dir");
    return dir == null ? Files.createTempDirectory(prefix) : Path.of(dir);
  }

  /** Standard output in UTF-8, flushed at every line. */
  public static PrintStream console() {
    return new PrintStream(System.out, true, StandardCharsets.UTF_8);
  }

  /** Prints a run's summary and failures, and exits with 1 if there is a failure, else 0. */
  public static void exit(PrintStream out, String summary, List<String> failures) {
    out.println(summary);
    failures.forEach(f -> out.println("FAILURE " + f));
    System.exit(failures.isEmpty() ? 0 : 1);
  }
}
