package dev.sorrel.e2e.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of the kill -9 crash suite ({@code bin/crashtest} runs the long one):
 * rounds of a child writing through every write path, killed with SIGKILL, then the database
 * checked against every acknowledged statement. The seed is fixed so that a failure here
 * reproduces with {@code bin/crashtest seed=20261207 rounds=N}; {@code -Dcrash.rounds=N}
 * changes the number of rounds.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class CrashSuiteTest {
  static final long SEED = 20261207L;

  @TempDir Path dir;

  @Test
  void acknowledgedWritesSurviveSigkillAndNothingIsHalfApplied() throws Exception {
    final int rounds = Integer.getInteger("crash.rounds", 20);
    final CrashSuite.Figures figures = new CrashSuite(dir, SEED, 2500,
        new PrintStream(System.out, true, StandardCharsets.UTF_8)).run(rounds);
    System.out.println(figures.summary());
    assertEquals(List.of(), figures.failures());
    assertEquals(rounds, figures.rounds());
    assertTrue(figures.acknowledged() > rounds, "the children acknowledged "
        + figures.acknowledged() + " statements in " + rounds + " rounds");
  }
}
