package dev.sorrel.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark parameters: {@code name=value} arguments over
 * {@code -Dbench.name=value} system properties over defaults, each
 * definition a triple of name, default and description.
 */
final class Parameters {
  private Parameters() {
  }

  /**
   * Reads the values of every defined parameter.
   *
   * @return the values by name, or null if help was asked for (and printed)
   * @throws IllegalArgumentException on an unknown or malformed parameter
   */
  static Map<String, String> read(String[][] definitions, String[] args, String usage) {
    final Map<String, String> v = new LinkedHashMap<>();
    for (String[] p : definitions) {
      v.put(p[0], System.getProperty("bench." + p[0], p[1]));
    }
    for (String arg : args) {
      String a = arg;
      if (a.equals("-h") || a.equals("--help") || a.equals("help")) {
        printHelp(definitions, usage);
        return null;
      }
      while (a.startsWith("-")) {
        a = a.substring(1);
      }
      final int eq = a.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("expected name=value, got '" + arg + "' (try --help)");
      }
      final String name = a.substring(0, eq);
      if (!v.containsKey(name)) {
        throw new IllegalArgumentException("unknown parameter '" + name + "' (try --help)");
      }
      v.put(name, a.substring(eq + 1));
    }
    return v;
  }

  static void printHelp(String[][] definitions, String usage) {
    System.out.println(usage);
    for (String[] p : definitions) {
      System.out.printf(Locale.ROOT, "  %-17s %-17s %s%n", p[0],
          p[1].isEmpty() ? "" : "(" + p[1] + ")", p[2]);
    }
  }

  /** The {@code engine} parameter, which must name a Sorrel engine. */
  static Engine sorrelEngine(Map<String, String> v) {
    final Engine engine = Engine.byKey(v.get("engine").trim());
    if (!engine.sorrel) {
      throw new IllegalArgumentException("engine must be a Sorrel engine (sorrel, sorrelsync,"
          + " sorrelmem), not " + engine.key);
    }
    return engine;
  }

  static int positive(Map<String, String> v, String name) {
    final int n = nonNegative(v, name);
    if (n == 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return n;
  }

  static int nonNegative(Map<String, String> v, String name) {
    final int n;
    try {
      n = Integer.parseInt(v.get(name).replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be an integer, not " + v.get(name));
    }
    if (n < 0) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
    return n;
  }
}
