package dev.sorrel.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/** What every benchmark suite's entry point and report do around its workloads. */
final class Suite {
  private Suite() {
  }

  /** A step of a suite that may fail. */
  interface Step {
    void run() throws Exception;
  }

  /** A suite's workloads and its tear-down. */
  record Run(Step run, Step close) {
  }

  /** Parses the program arguments; returns null after printing help. */
  interface Parser<C> {
    C parse(String[] args);
  }

  /**
   * Parses the arguments (a bad one: message and exit status 2), then runs
   * the suite in its working directory (the one configured, or a new
   * temporary one), closes it and deletes the directory unless it is kept.
   */
  static <C> void main(String[] args, Parser<C> parser, Function<C, Path> dir,
      Predicate<C> keep, String tempPrefix, BiFunction<C, Path, Run> create) throws Exception {
    final C config;
    try {
      config = parser.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config == null) {
      return;
    }
    final Path root = dir.apply(config) != null ? Files.createDirectories(dir.apply(config))
        : Files.createTempDirectory(tempPrefix);
    final Run suite = create.apply(config, root);
    try {
      suite.run().run();
    } finally {
      suite.close().run();
      if (!keep.test(config)) {
        CoreBenchmark.deleteTree(root);
      }
    }
  }

  /** Prints the failures, if any, and the wall time since {@code startNanos}. */
  static void printEnd(PrintStream out, Collection<String> failures, long startNanos) {
    if (!failures.isEmpty()) {
      out.println();
      out.println("FAILURES");
      failures.forEach(f -> out.println("  " + f));
    }
    out.printf(Locale.ROOT, "%nTotal wall time %.1f s; system load average %.2f at the end%n",
        (System.nanoTime() - startNanos) / 1e9, Machine.loadAverage());
    out.flush();
  }
}
