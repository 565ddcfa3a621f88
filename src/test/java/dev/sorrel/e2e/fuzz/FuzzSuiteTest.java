package dev.sorrel.e2e.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of the fuzz suite that runs with the tests: a fixed seed and 1,500 cases
 * (more with {@code -Dfuzz.cases=N}, another seed with {@code -Dfuzz.seed=N}); every case must
 * end in success or a clean error, every oracle must agree, and the database must reopen and
 * verify. The long run is {@code bin/fuzz} (see docs/reliability.md).
 */
class FuzzSuiteTest {
  @TempDir Path dir;

  @Test void fuzzedCasesEndCleanlyAndTheOraclesAgree() throws Exception {
    final long cases = Long.getLong("fuzz.cases", 1_500);
    final long seed = Long.getLong("fuzz.seed", 20261207);
    final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    final FuzzSuite.Result result = new FuzzSuite(dir, seed, out).run(cases);
    out.println(result.summary());
    assertEquals(0, result.failures().size(), () -> "seed " + seed + ": "
        + String.join("\n", result.failures()));
  }
}
