package dev.sorrel.e2e.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.jdbc.SorrelDriver;

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
        5000, true);
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

  /** The replay refuses a commit order with a gap or a number given twice. */
  @Test
  void replayRefusesACommitOrderWithAGapOrARepeat() throws Exception {
    final SoakLog.Write bump = new SoakLog.Write("UPDATE soak_seq SET n = n + 1 WHERE id = ?",
        List.of(0));
    try (Database db = Database.openInMemory("soak-order-" + System.nanoTime());
        Connection c = new SorrelDriver().connect(db, new Properties())) {
      SoakSchema.load().createTables(c);
      final SoakLog gap = new SoakLog();
      gap.committed(new SoakLog.Entry(1, false, 0, 0, List.of(bump)));
      gap.committed(new SoakLog.Entry(3, false, 1, 0, List.of(bump)));
      assertTrue(gap.replay(c, 3).contains("expected the transaction numbered 2 next, found 3"));
      final SoakLog twice = new SoakLog();
      twice.committed(new SoakLog.Entry(1, false, 0, 0, List.of(bump)));
      twice.committed(new SoakLog.Entry(1, false, 1, 0, List.of(bump)));
      assertTrue(twice.replay(c, 1).contains("a number given twice"));
      final SoakLog lost = new SoakLog();
      lost.committed(new SoakLog.Entry(1, false, 0, 0, List.of(bump)));
      assertTrue(lost.replay(c, 2).contains("1 shared transactions committed, the counter says"
          + " 2"));
    }
  }

  /** The comparison finds a row that differs, a missing row and a missing table. */
  @Test
  void comparisonFindsEveryDifference() throws Exception {
    try (Database a = Database.openInMemory("soak-a-" + System.nanoTime());
        Database b = Database.openInMemory("soak-b-" + System.nanoTime());
        Connection ca = new SorrelDriver().connect(a, new Properties());
        Connection cb = new SorrelDriver().connect(b, new Properties());
        Statement sa = ca.createStatement(); Statement sb = cb.createStatement()) {
      for (Statement s : List.of(sa, sb)) {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
        s.execute("INSERT INTO t VALUES (1, 1), (2, 2)");
      }
      assertEquals(List.of(), SoakLog.compare(ca, cb, Set.of()));
      sa.execute("UPDATE t SET v = 3 WHERE id = 2");
      sa.execute("CREATE TABLE u (id INT PRIMARY KEY)");
      assertEquals(List.of("tables: soaked [T, U], replayed [T]", "T row 1: soaked 2|3,"
          + " replayed 2|2", "T: soaked 2 rows, replayed 2"), SoakLog.compare(ca, cb, Set.of()));
      sb.execute("DELETE FROM t WHERE id = 1");
      assertTrue(SoakLog.compare(ca, cb, Set.of("U")).contains("T: soaked 2 rows, replayed 1"));
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
