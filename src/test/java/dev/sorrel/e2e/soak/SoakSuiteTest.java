package dev.sorrel.e2e.soak;

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
 * The short version of the concurrency soak ({@code bin/soak} runs the long one): embedded
 * connections and remote clients on one database for 60 s, every read checked, then the
 * database compared with a serial replay of the committed writes in commit order. The seed
 * is fixed; {@code -Dsoak.seconds}, {@code -Dsoak.embedded} and {@code -Dsoak.remote} change
 * the duration (60 s) and the clients (4 and 4, which keep two cores busy; the long run uses
 * 8 and 8).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SoakSuiteTest {
  static final long SEED = 20261207L;

  @TempDir Path dir;

  @Test
  void concurrentClientsLeaveWhatASerialReplayOfTheirCommitsLeaves() throws Exception {
    final SoakSuite.Options options = new SoakSuite.Options(Long.getLong("soak.seconds", 60),
        SEED, Integer.getInteger("soak.embedded", 4), Integer.getInteger("soak.remote", 4),
        5000);
    final SoakSuite.Result result = new SoakSuite(dir, options,
        new PrintStream(System.out, true, StandardCharsets.UTF_8)).run();
    System.out.println(result.summary());
    assertEquals(List.of(), result.failures());
    assertTrue(result.commits() > 20, "only " + result.commits() + " shared transactions");
    for (String kind : List.of("ASOF join", "online lookup", "PREDICT", "ASSIGN_VARIANT",
        "drift aggregate", "transfer", "insert feature rows", "scan shared rows")) {
      assertTrue(result.figures().statements(kind) > 0, "no " + kind + " ran");
    }
  }

  /** The statistic the drift check compares with is the two-sample KS statistic. */
  @Test
  void ksStatisticIsTheLargestDistanceBetweenTheEmpiricalDistributions() {
    assertEquals(0.0, SoakClient.ksStatistic(List.of(1.0, 2.0), List.of(2.0, 1.0)));
    assertEquals(1.0, SoakClient.ksStatistic(List.of(1.0, 2.0), List.of(3.0, 4.0)));
    // F_x(2) = 2/3, F_y(2) = 0 (y = 3, 4, 5).
    assertEquals(2.0 / 3, SoakClient.ksStatistic(List.of(1.0, 2.0, 9.0),
        List.of(3.0, 4.0, 5.0)), 1e-15);
  }
}
