package dev.sorrel.e2e.slt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs sqllogictest files and writes a summary: {@code bin/sqllogictest} calls this.
 *
 * <p>Arguments: {@code [engine=sorrel|h2] [timeout=SECONDS] [every=N] [first=N] [out=DIR]
 * [GLOB ...]}; without a glob every file of the suite runs; {@code every=N} runs only every
 * N-th query of each file (all its statements still run), {@code first=N} only its first N
 * queries. The summary goes to
 * {@code DIR/<engine>-summary.md} (default {@code DIR} is {@code target/sqllogictest}).
 */
public final class SltMain {
  private SltMain() {
  }

  public static void main(String[] args) throws Exception {
    SltEngine engine = SltEngine.SORREL;
    long timeout = 60;
    int every = 1;
    int first = 0;
    Path out = Path.of("target", "sqllogictest");
    final List<String> globs = new ArrayList<>();
    for (String arg : args) {
      if (arg.startsWith("engine=")) {
        engine = SltEngine.named(arg.substring("engine=".length()));
      } else if (arg.startsWith("timeout=")) {
        timeout = Long.parseLong(arg.substring("timeout=".length()));
      } else if (arg.startsWith("every=")) {
        every = Integer.parseInt(arg.substring("every=".length()));
      } else if (arg.startsWith("first=")) {
        first = Integer.parseInt(arg.substring("first=".length()));
      } else if (arg.startsWith("out=")) {
        out = Path.of(arg.substring("out=".length()));
      } else {
        globs.add(arg);
      }
    }
    final List<String> files = new ArrayList<>();
    if (globs.isEmpty()) {
      files.addAll(SltFiles.all());
    } else {
      for (String glob : globs) {
        SltFiles.matching(glob).stream().filter(f -> !files.contains(f)).forEach(files::add);
      }
    }
    if (files.isEmpty()) {
      System.err.println("sqllogictest: no file matches " + globs);
      System.exit(2);
    }
    final SltSummary summary = new SltSummary(engine, every);
    final SltRunner runner = new SltRunner(engine, timeout, every, first);
    try {
      int n = 0;
      for (String file : files) {
        final SltFileResult result = runner.run(file);
        summary.add(result);
        System.out.printf("[%d/%d] %s: %d/%d queries passed, %d failed, %d skipped,"
                + " %d/%d statements failed (%.1f s)%n", ++n, files.size(), file,
            result.passed(), result.queries(), result.failed(), result.skipped(),
            result.statementsFailed(), result.statements(), result.millis() / 1000.0);
        if (n % 20 == 0 || n == files.size()) {
          summary.write(out);
        }
      }
    } finally {
      runner.close();
    }
    final Path written = summary.write(out);
    System.out.println(summary.headline());
    System.out.println("summary: " + written.toAbsolutePath());
  }
}
