package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process inserting into a table with an identity column, killed with
 * SIGKILL again and again: no value is ever handed out twice, every
 * acknowledged row survives, and the reopened database goes on with values
 * past every one used before the kill.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class IdentityCrashTest {
  @TempDir Path dir;

  /** Runs the writer until it acknowledged {@code killAfter} values, kills it; returns them. */
  private List<Long> runAndKill(Path db, String mode, int killAfter) throws Exception {
    final List<Long> acks = new ArrayList<>();
    try (JdbcTestSupport.Child child = new JdbcTestSupport.Child(dir.resolve("work"),
        IdentityWriterMain.class, db.toString(), mode)) {
      final String ready = child.nextLine(90);
      if (!ready.equals("READY")) {
        fail("child printed '" + ready + "' instead of READY; stderr: " + child.stderr());
      }
      while (acks.size() < killAfter) {
        final String line = child.nextLine(60);
        if (!line.startsWith("ACK ")) {
          fail("child printed '" + line + "'; stderr: " + child.stderr());
        }
        acks.add(Long.parseLong(line.substring(4)));
      }
      child.kill();
      for (String line = child.nextLine(30); !line.equals(JdbcTestSupport.Child.EOF);
          line = child.nextLine(30)) {
        if (line.startsWith("ACK ") && line.length() > 4) {
          try {
            acks.add(Long.parseLong(line.substring(4)));
          } catch (NumberFormatException cut) {
            // a line cut by the kill is not an ack
          }
        }
      }
    }
    return acks;
  }

  private void killRepeatedly(String mode, int[] killAfter) throws Exception {
    final Path db = dir.resolve("db");
    final TreeSet<Long> acknowledged = new TreeSet<>();
    long maxStored = 0;
    for (int round = 0; round < killAfter.length; round++) {
      final List<Long> acks = runAndKill(db, mode, killAfter[round]);
      for (int i = 0; i < acks.size(); i++) {
        assertTrue(acknowledged.add(acks.get(i)), "round " + round + ": value " + acks.get(i)
            + " handed out twice");
        assertTrue(acks.get(i) > maxStored, "round " + round + ": value " + acks.get(i)
            + " is not past " + maxStored + ", the largest stored before the kill");
        if (i > 0) {
          assertTrue(acks.get(i) > acks.get(i - 1), "values of one process increase");
        }
      }
      final TreeMap<Long, Long> rows = new TreeMap<>();
      try (Connection c = connect(db); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT ID, PID FROM IDS")) {
        while (rs.next()) {
          assertEquals(null, rows.put(rs.getLong(1), rs.getLong(2)), "a value stored twice");
        }
      }
      assertTrue(rows.keySet().containsAll(acknowledged), "round " + round
          + ": an acknowledged row is missing");
      maxStored = rows.lastKey();
    }
  }

  @Test
  void singleInsertsKilledNeverReuseAValue() throws Exception {
    killRepeatedly("single", new int[] {40, 700, 90});
  }

  @Test
  void batchesKilledNeverReuseAValue() throws Exception {
    killRepeatedly("batch", new int[] {300, 60});
  }
}
