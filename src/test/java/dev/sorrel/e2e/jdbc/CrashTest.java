package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.url;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer process killed with SIGKILL loses nothing it was told was
 * committed, and leaves no half-written row or batch behind.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class CrashTest {
  @TempDir Path dir;

  /** What the child acknowledged before and while it was killed. */
  private record Acks(String ready, TreeSet<Long> values) {
  }

  /**
   * Runs {@link CrashWriterMain} until it printed {@code killAfter} acks, kills
   * it, and returns every ack it printed (lines already in the pipe count: they
   * were printed after the commit returned).
   */
  private Acks runAndKill(Path db, String mode, String options, int killAfter)
      throws Exception {
    final TreeSet<Long> acks = new TreeSet<>();
    final String prefix = mode.equals("single") ? "ACK " : "BATCH ";
    final String ready;
    try (JdbcTestSupport.Child child = new JdbcTestSupport.Child(dir.resolve("work"),
        CrashWriterMain.class, db.toString(), mode, options)) {
      ready = child.nextLine(90);
      if (!ready.startsWith("READY ")) {
        fail("child printed '" + ready + "' instead of READY; stderr: " + child.stderr());
      }
      while (acks.size() < killAfter) {
        final String line = child.nextLine(60);
        if (line.startsWith("OPEN ")) {
          continue;
        }
        if (!line.startsWith(prefix)) {
          fail("child printed '" + line + "' after " + acks.size() + " acks; stderr: "
              + child.stderr());
        }
        acks.add(Long.parseLong(line.substring(prefix.length())));
      }
      if (mode.equals("transaction")) {
        // Kill it halfway through a transaction (it cannot commit a whole one in between).
        for (String line = child.nextLine(60); !line.startsWith("OPEN ");
            line = child.nextLine(60)) {
          if (line.startsWith(prefix)) {
            acks.add(Long.parseLong(line.substring(prefix.length())));
          }
        }
      }
      child.kill();
      assertEquals(137, child.process.exitValue(), "killed by SIGKILL");
      for (String line = child.nextLine(30); !line.equals(JdbcTestSupport.Child.EOF);
          line = child.nextLine(30)) {
        if (line.startsWith(prefix)) {
          acks.add(Long.parseLong(line.substring(prefix.length())));
        } else if (!line.isEmpty() && !line.startsWith("OPEN ")) {
          // a line cut by the kill is not an ack
          assertTrue(prefix.startsWith(line) || line.startsWith(prefix.trim()),
              "unexpected child output '" + line + "'");
        }
      }
    }
    return new Acks(ready, acks);
  }

  /** Reads all rows, checking each is whole; returns id -> batch number. */
  private static Map<Long, Long> readAndCheckRows(Connection c) throws SQLException {
    final Map<Long, Long> rows = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT ID, BATCH_NO, PAYLOAD, CHECKSUM FROM CRASH_ROWS ORDER BY ID")) {
      while (rs.next()) {
        final long id = rs.getLong(1);
        final long batch = rs.getLong(2);
        final String payload = rs.getString(3);
        final long checksum = rs.getLong(4);
        assertEquals(CrashWriterMain.payload(id), payload, "payload of row " + id);
        assertEquals(CrashWriterMain.checksum(id, batch, payload), checksum,
            "checksum of row " + id);
        if (rows.put(id, batch) != null) {
          fail("id " + id + " returned twice");
        }
      }
    }
    // an indexed read and an aggregate agree with the scan
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT COUNT(*), COALESCE(SUM(ID), 0) FROM CRASH_ROWS")) {
      assertTrue(rs.next());
      assertEquals(rows.size(), rs.getLong(1), "COUNT(*)");
      assertEquals(rows.keySet().stream().mapToLong(Long::longValue).sum(), rs.getLong(2),
          "SUM(ID)");
    }
    return rows;
  }

  @Test
  void acknowledgedSingleRowInsertsSurviveSigkill() throws Exception {
    final Path db = dir.resolve("db");
    final TreeSet<Long> allAcks = new TreeSet<>();
    final int[] killAfter = {150, 1700, 640};
    for (int round = 0; round < killAfter.length; round++) {
      final Acks acks = runAndKill(db, "single", "", killAfter[round]);
      allAcks.addAll(acks.values);
      // the lock is free right away: no retry
      try (Connection c = DriverManager.getConnection(url(db))) {
        final Map<Long, Long> rows = readAndCheckRows(c);
        final TreeSet<Long> missing = new TreeSet<>(allAcks);
        missing.removeAll(rows.keySet());
        final int r = round;
        assertTrue(missing.isEmpty(), () -> "round " + r + ": " + missing.size()
            + " acknowledged ids missing after kill, first " + missing.first()
            + "; child started with " + acks.ready + ", acks up to " + acks.values.last());
        // Rows past the last ack we read may exist: the child can commit more
        // (and print acks the JVM's process reaper discards when the child
        // dies) before the kill lands. What must hold is no loss and no gap.
        final long maxRow = rows.isEmpty() ? 0 : ((TreeMap<Long, Long>) rows).lastKey();
        assertTrue(maxRow >= allAcks.last(), "round " + round + ": last row " + maxRow
            + " but the last ack was " + allAcks.last());
        assertEquals(maxRow, rows.size(), "ids must be 1.." + maxRow + " without gaps");
        // the recovered database takes writes
        try (Statement s = c.createStatement()) {
          s.executeQuery("SELECT COUNT(*) FROM CRASH_ROWS WHERE ID = " + allAcks.first())
              .close();
        }
      }
    }
  }

  @Test
  void acknowledgedBatchesSurviveSigkillAndNoBatchIsPartial() throws Exception {
    checkWholeBatches("batch", new int[] {3, 25, 11});
  }

  /**
   * A transaction killed while open leaves none of its rows; every one
   * whose commit returned is there in full.
   */
  @Test
  void committedTransactionsSurviveSigkillAndOpenOnesLeaveNothing() throws Exception {
    checkWholeBatches("transaction", new int[] {2, 9, 5});
  }

  private void checkWholeBatches(String mode, int[] killAfter) throws Exception {
    final Path db = dir.resolve("db");
    final TreeSet<Long> allAcks = new TreeSet<>();
    for (int round = 0; round < killAfter.length; round++) {
      final Acks acks = runAndKill(db, mode, "", killAfter[round]);
      allAcks.addAll(acks.values);
      try (Connection c = DriverManager.getConnection(url(db))) {
        final Map<Long, Long> rows = readAndCheckRows(c);
        final Map<Long, Integer> perBatch = new TreeMap<>();
        for (var e : rows.entrySet()) {
          assertEquals((e.getKey() - 1) / CrashWriterMain.BATCH_SIZE + 1, e.getValue(),
              "batch of row " + e.getKey());
          perBatch.merge(e.getValue(), 1, Integer::sum);
        }
        for (long batch : allAcks) {
          assertEquals(CrashWriterMain.BATCH_SIZE, perBatch.getOrDefault(batch, 0),
              "round " + round + ": acknowledged batch " + batch + " rows");
        }
        for (var e : perBatch.entrySet()) {
          // Every batch is whole, acknowledged or not (acks printed just
          // before the kill may never reach us, so later batches can exist).
          assertEquals(CrashWriterMain.BATCH_SIZE, e.getValue(), "round " + round
              + ": batch " + e.getKey() + " is partial (acks up to " + allAcks.last() + ")");
        }
      }
    }
  }

  /**
   * Rows and their index entries are written in one batch: after a kill, the
   * rows an index range finds are exactly the table's rows, a unique index
   * finds each row by its value, and still refuses a duplicate.
   */
  @Test
  void indexEntriesAndRowsAgreeAfterSigkill() throws Exception {
    final Path db = dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url(db))) {
      JdbcTestSupport.exec(c, "CREATE TABLE CRASH_ROWS (ID BIGINT NOT NULL,"
          + " BATCH_NO BIGINT NOT NULL, PAYLOAD VARCHAR(300) NOT NULL,"
          + " CHECKSUM BIGINT NOT NULL, PRIMARY KEY (ID))",
          "CREATE INDEX CRASH_BATCH ON CRASH_ROWS (BATCH_NO DESC, CHECKSUM)",
          "CREATE UNIQUE INDEX CRASH_PAYLOAD ON CRASH_ROWS (PAYLOAD)");
    }
    final String[] modes = {"single", "batch", "single"};
    final int[] killAfter = {400, 12, 900};
    for (int round = 0; round < modes.length; round++) {
      runAndKill(db, modes[round], "", killAfter[round]);
      try (Connection c = DriverManager.getConnection(url(db))) {
        final Map<Long, Long> rows = readAndCheckRows(c);
        try (Statement s = c.createStatement()) {
          try (ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR SELECT COUNT(*) FROM CRASH_ROWS"
              + " WHERE BATCH_NO >= 0")) {
            assertTrue(rs.next() && rs.getString(1).contains("index CRASH_BATCH"),
                "the count reads the index");
          }
          try (ResultSet rs = s.executeQuery(
              "SELECT COUNT(*), COALESCE(SUM(ID), 0) FROM CRASH_ROWS WHERE BATCH_NO >= 0")) {
            assertTrue(rs.next());
            assertEquals(rows.size(), rs.getLong(1), "rows through the index, round " + round);
            assertEquals(rows.keySet().stream().mapToLong(Long::longValue).sum(), rs.getLong(2));
          }
        }
        try (java.sql.PreparedStatement byPayload = c.prepareStatement(
            "SELECT ID FROM CRASH_ROWS WHERE PAYLOAD = ?")) {
          for (long id : rows.keySet()) {
            if (id % 17 == 0 || id == rows.size()) {
              byPayload.setString(1, CrashWriterMain.payload(id));
              try (ResultSet rs = byPayload.executeQuery()) {
                assertTrue(rs.next(), "row " + id + " by its unique value");
                assertEquals(id, rs.getLong(1));
                assertTrue(!rs.next());
              }
            }
          }
        }
        if (!rows.isEmpty()) {
          final long last = ((TreeMap<Long, Long>) rows).lastKey();
          final SQLException duplicate = org.junit.jupiter.api.Assertions.assertThrows(
              SQLException.class, () -> JdbcTestSupport.exec(c, "INSERT INTO CRASH_ROWS VALUES"
                  + " (-1, 0, '" + CrashWriterMain.payload(last) + "', 0)"));
          assertEquals("23505", duplicate.getSQLState());
        }
      }
    }
  }

  @Test
  void acknowledgedInsertsSurviveSigkillWithSyncCommits() throws Exception {
    final Path db = dir.resolve("db");
    final Acks acks = runAndKill(db, "single", ";sync=true", 300);
    try (Connection c = DriverManager.getConnection(url(db))) {
      final Map<Long, Long> rows = readAndCheckRows(c);
      assertTrue(rows.keySet().containsAll(acks.values), "acknowledged ids missing");
      assertTrue(rows.size() <= acks.values.last() + 1, "unacknowledged rows beyond in-flight");
    }
  }
}
