package dev.sorrel.e2e.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * SQLite's sqllogictest in the build: the files listed in {@code slt/expected.txt} run on
 * Sorrel, each on a fresh in-memory database, and each must pass exactly the number of
 * queries recorded there. A drop fails the build; so does a rise, with the number to record
 * instead, so that the next drop is caught from the new level.
 *
 * <p>The list is a fixed sample chosen to run in a few minutes on two cores: SQLite's
 * {@code select*.test} and {@code evidence/*} files, and one file of each folder of
 * {@code random/} and {@code index/}. Sorrel plans and compiles every query (about 0.1 s
 * each), so large files run only every n-th query (column {@code every}); all statements
 * still run, so the data is the file's. Column {@code first} limits a file to its first n
 * queries (0: all): {@code select5.test} runs only its smaller joins until the planner joins
 * many tables in bounded time. {@code bin/sqllogictest} runs every file and writes a
 * summary; see {@code docs/sqllogictest.md}.
 *
 * <p>The whole run is also written to {@code target/sqllogictest/sorrel-ci-summary.md}.
 */
class SqlLogicTest {
  private static final String EXPECTED = "slt/expected.txt";
  private static final long TIMEOUT_SECONDS = 120;
  private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
    final Thread t = new Thread(r, "sqllogictest");
    t.setDaemon(true);
    return t;
  });

  /** One line of {@code slt/expected.txt}. */
  record Expectation(String file, int every, int first, int queries, int passed) {
  }

  @TestFactory
  Stream<DynamicTest> sampleKeepsItsPassCounts() throws IOException {
    final List<Expectation> expectations = expectations();
    assertFalse(expectations.isEmpty(), EXPECTED + " lists no file");
    final Set<String> shipped = Set.copyOf(SltFiles.all());
    final SltSummary summary = new SltSummary(SltEngine.SORREL, 1);
    final List<DynamicTest> tests = new ArrayList<>();
    // Files run two at a time; each test waits for its own file.
    for (Expectation expected : expectations) {
      assertTrue(shipped.contains(expected.file()), expected.file()
          + " is not a file of the suite");
      final CompletableFuture<SltFileResult> result = CompletableFuture.supplyAsync(() -> {
        final SltRunner runner = new SltRunner(SltEngine.SORREL, TIMEOUT_SECONDS,
            expected.every(), expected.first());
        try {
          return runner.run(expected.file());
        } catch (Exception e) {
          throw new IllegalStateException(expected.file() + " did not run", e);
        } finally {
          runner.close();
        }
      }, POOL);
      tests.add(DynamicTest.dynamicTest(expected.file(), () -> {
        final SltFileResult actual = result.join();
        synchronized (summary) {
          summary.add(actual);
          summary.write(Path.of("target", "sqllogictest").resolve("ci"));
        }
        check(expected, actual);
      }));
    }
    return tests.stream();
  }

  private static void check(Expectation expected, SltFileResult actual) {
    assertEquals(expected.queries(), actual.queries(), expected.file()
        + ": the number of queries run changed; is the suite's version the one recorded?");
    if (actual.passed() < expected.passed()) {
      final StringBuilder message = new StringBuilder(expected.file() + ": "
          + actual.passed() + " queries passed, " + expected.passed() + " did before. First"
          + " failures:");
      actual.problems().stream().filter(p -> p.group().startsWith("query:")).limit(5)
          .forEach(p -> message.append("\n  ").append(p.message()).append("\n    ")
              .append(p.sql()));
      fail(message.toString());
    }
    if (actual.passed() > expected.passed()) {
      fail(expected.file() + ": " + actual.passed() + " queries passed, more than the "
          + expected.passed() + " recorded: raise the number in src/test/resources/"
          + EXPECTED + " to " + actual.passed());
    }
  }

  static List<Expectation> expectations() throws IOException {
    final List<Expectation> list = new ArrayList<>();
    try (InputStream in = SqlLogicTest.class.getClassLoader().getResourceAsStream(EXPECTED)) {
      if (in == null) {
        throw new IOException(EXPECTED + " is missing from the test resources");
      }
      final BufferedReader reader =
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        final String trimmed = line.strip();
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        final String[] f = trimmed.split("\\s+");
        if (f.length != 5) {
          throw new IOException(EXPECTED + ": expected 'file every first queries passed': "
              + line);
        }
        list.add(new Expectation(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]),
            Integer.parseInt(f[3]), Integer.parseInt(f[4])));
      }
    }
    return list;
  }

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }
}
