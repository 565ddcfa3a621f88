package dev.sorrel.e2e.fuzz;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.sorrel.e2e.SuiteArguments;

/**
 * The fuzz suite: a seeded run of generated and mutated cases of every class
 * ({@link FuzzClass}) against one database directory, each judged by {@link FuzzRunner}, and
 * at the end the database reopened and verified by {@link FuzzVerifier}. The same seed gives
 * the same cases (as long as the database answers the same).
 *
 * <p>Run it with {@code bin/fuzz cases=100000 seed=1}; the parameters are {@code cases},
 * {@code seed} and {@code dir} (kept afterwards; default a new temporary directory). It prints
 * progress, every failure with its case, and the figures per class, and exits with 1 on a
 * failure.
 */
public final class FuzzSuite {
  /** Options of the database under test: small segments, so that fuzzed writes build some. */
  static final String OPTIONS = ";segment_min_rows=20";

  private final Path work;
  private final long seed;
  private final PrintStream out;

  FuzzSuite(Path work, long seed, PrintStream out) {
    this.work = work;
    this.seed = seed;
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    final SuiteArguments arguments = SuiteArguments.parse("fuzz", "cases=N seed=N dir=PATH",
        Set.of("cases", "seed", "dir"), args);
    final long cases = arguments.longValue("cases", 100_000);
    final long seed = arguments.longValue("seed", System.currentTimeMillis());
    final Path dir = arguments.directory("sorrel-fuzz");
    final PrintStream out = SuiteArguments.console();
    out.println("fuzz: seed " + seed + ", " + cases + " cases, directory " + dir);
    final Result result = new FuzzSuite(dir, seed, out).run(cases);
    SuiteArguments.exit(out, result.summary(), result.failures());
  }

  /** What a run did: the figures per class, and every failure. */
  record Result(String summary, List<String> failures, long millis) {
  }

  /** Runs {@code cases} cases, then reopens and verifies the database. */
  Result run(long cases) throws Exception {
    final long start = System.nanoTime();
    Files.createDirectories(work);
    final Path db = work.resolve("db");
    final Path tmp = Files.createDirectories(work.resolve("tmp"));
    final Random random = new Random(seed);
    final Path resources = resources();
    final String url = "jdbc:sorrel:" + db.toAbsolutePath() + OPTIONS;
    try (FuzzRunner runner = new FuzzRunner(out, cases)) {
      Map<String, Long> before;
      try (Connection segments = DriverManager.getConnection(url);
          Connection plain = DriverManager.getConnection(url + ";table_segments=false");
          FlightFuzzer flight = new FlightFuzzer(runner, random)) {
        FuzzSchema.create(segments, random,
            resources.resolve("models/mlp_iris.onnx").toAbsolutePath().toString());
        final SqlFuzzer sql = new SqlFuzzer(runner, random, segments, plain, tmp);
        final ScriptMutator scripts = new ScriptMutator(runner, random, resources, tmp);
        final ParameterFuzzer parameters = new ParameterFuzzer(runner, random, segments);
        final FileFuzzer files = new FileFuzzer(runner, random, segments, tmp);
        final ModelFuzzer models = new ModelFuzzer(runner, random, segments, resources, tmp);
        out.printf(Locale.ROOT, "schema created in %d ms%n", (System.nanoTime() - start)
            / 1_000_000);
        long reported = 0;
        while (!runner.done()) {
          switch (pick(random)) {
            case SQL_ORACLE -> sql.oracleCase();
            case SQL_STATEMENT -> sql.statementCase();
            case SCRIPT_MUTATION -> scripts.run();
            case PARAMETER -> parameters.run();
            case FILE -> files.run();
            case MODEL -> models.run();
            case FLIGHT -> flight.run();
          }
          if (runner.cases() - reported >= 1000) {
            reported = runner.cases();
            out.printf(Locale.ROOT, "%d cases, %d failures, %d s%n", reported,
                runner.failures().size(), (System.nanoTime() - start) / 1_000_000_000);
          }
        }
        flight.checkServing();
        before = FuzzVerifier.counts(segments);
      }
      final String verified = FuzzVerifier.verify(db, before);
      if (verified != null) {
        runner.fail(FuzzClass.SQL_STATEMENT, "reopen and verify " + db, verified, null);
      }
      final long millis = (System.nanoTime() - start) / 1_000_000;
      return new Result(runner.summary() + String.format(Locale.ROOT,
          "%nseed %d, %d ms, database reopened and verified%s", seed, millis,
          verified == null ? "" : ": FAILED"), List.copyOf(runner.failures()), millis);
    }
  }

  private static FuzzClass pick(Random random) {
    int n = random.nextInt(100);
    for (FuzzClass c : FuzzClass.values()) {
      n -= c.share;
      if (n < 0) {
        return c;
      }
    }
    return FuzzClass.SQL_ORACLE;
  }

  /** The test resources directory (scripts, models), from the class path. */
  static Path resources() throws URISyntaxException, IOException {
    final URL url = FuzzSuite.class.getClassLoader().getResource("sql");
    if (url == null || !"file".equals(url.getProtocol())) {
      throw new IOException("the test resources are not on the class path as a directory");
    }
    return Path.of(url.toURI()).getParent();
  }

  static void ignore(SQLException e) {
    // cleanup after a case; the case itself was judged already
  }
}
