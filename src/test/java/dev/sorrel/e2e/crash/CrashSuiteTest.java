package dev.sorrel.e2e.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The short version of the kill -9 crash suite ({@code bin/crashtest} runs the long one):
 * rounds of a child writing through every write path, killed with SIGKILL, then the database
 * checked against every acknowledged statement. The seed is fixed so that a failure here
 * reproduces with {@code bin/crashtest seed=20261207 rounds=N kill_ms=2500};
 * {@code -Dcrash.rounds=N} changes the number of rounds (20 by default, to stay within a few
 * minutes on two cores).
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

  /**
   * Every kind of operation the workload picks is a valid statement, and the verifier finds
   * the database equal to the model after them: 600 statements run in this JVM without a
   * kill (about two minutes on two busy cores), so that a workload that cannot run is found
   * before any round.
   */
  @Test
  void everyOperationOfTheWorkloadRunsAndVerifies() throws Exception {
    CrashChildMain.write(dir.resolve("db"), dir, SEED, 0, 600);
    final CrashLog.Replay replay = CrashLog.read(dir.resolve(CrashSuite.SIDE_LOG));
    final CrashVerifier.Result result = CrashVerifier.verify(dir.resolve("db"), replay);
    assertEquals(null, result.failure());
    final java.util.Set<CrashOp.Kind> seen = java.util.EnumSet.noneOf(CrashOp.Kind.class);
    for (String line : Files.readAllLines(dir.resolve(CrashSuite.SIDE_LOG))) {
      if (line.startsWith("S ")) {
        seen.add(CrashOp.Kind.valueOf(line.split(" ")[2]));
      }
    }
    // The workload is deterministic for a seed: these 600 statements use every kind but
    // XSTOP and DMON, which longer runs reach.
    assertEquals(java.util.EnumSet.complementOf(java.util.EnumSet.of(CrashOp.Kind.XSTOP,
        CrashOp.Kind.DMON)), seen);
  }

  /** The verifier fails when an acknowledged insert is missing. */
  @Test
  void verifierReportsALostAcknowledgedWrite() throws Exception {
    final CrashVerifier.Result result = verifyAfter("S 1 CTAB T0\nA 1\nS 2 INS T0 5 6\nA 2\n",
        "CREATE TABLE T0 (id BIGINT PRIMARY KEY, v BIGINT, s VARCHAR(40))",
        "INSERT INTO T0 VALUES (5, 5, 'i2')");
    assertTrue(result.failure() != null && result.failure().contains("T0 row 6: expected '6|i2',"
        + " found nothing"), String.valueOf(result.failure()));
  }

  /** The verifier fails when the statement in flight is found half-applied. */
  @Test
  void verifierReportsAHalfAppliedTransaction() throws Exception {
    final String log = "S 1 CTAB T0\nA 1\nS 2 TX C / INS T0 5 / INS T0 6\n";
    final CrashVerifier.Result half = verifyAfter(log,
        "CREATE TABLE T0 (id BIGINT PRIMARY KEY, v BIGINT, s VARCHAR(40))",
        "INSERT INTO T0 VALUES (5, 5, 'i2')");
    assertTrue(half.failure() != null && half.failure().contains("with or without the statement"
        + " in flight"), String.valueOf(half.failure()));
    final CrashVerifier.Result whole = verifyAfter(log, "INSERT INTO T0 VALUES (6, 6, 'i2')");
    assertEquals(null, whole.failure());
    assertTrue(whole.pendingApplied());
  }

  private CrashVerifier.Result verifyAfter(String sideLog, String... sql) throws Exception {
    Files.writeString(dir.resolve(CrashSuite.SIDE_LOG), sideLog);
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:" + dir.resolve("db"));
        Statement s = c.createStatement()) {
      for (String one : sql) {
        s.execute(one);
      }
    }
    return CrashVerifier.verify(dir.resolve("db"), CrashLog.read(dir.resolve(CrashSuite.SIDE_LOG)));
  }
}
