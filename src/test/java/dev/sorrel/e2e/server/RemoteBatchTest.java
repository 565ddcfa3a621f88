package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A JDBC batch through {@code jdbc:sorrel://} is all or nothing, as embedded: in autocommit
 * a failing statement leaves none of the batch written, and in a transaction it undoes the
 * batch and keeps what the transaction wrote before it.
 */
class RemoteBatchTest {
  private static ServerFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new ServerFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void table() throws SQLException {
    fixture.exec("DROP TABLE IF EXISTS t", "CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT)",
        "INSERT INTO t VALUES (5, 5)");
  }

  @Test
  void aFailingStatementLeavesNoneOfAnAutoCommitBatch() throws SQLException {
    for (Connection c : List.of(fixture.embedded(), fixture.sorrel())) {
      try (c; PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        for (long id : new long[] {1, 5, 7}) {
          p.setLong(1, id);
          p.setLong(2, id);
          p.addBatch();
        }
        final BatchUpdateException e = assertThrows(BatchUpdateException.class, p::executeBatch);
        assertEquals("23505", e.getSQLState());
        assertEquals(List.of(5L), ids(c));
        for (long id : new long[] {8, 9}) {
          p.setLong(1, id);
          p.setLong(2, id);
          p.addBatch();
        }
        p.executeBatch();
        assertEquals(List.of(5L, 8L, 9L), ids(c));
        fixture.exec("DELETE FROM t WHERE id <> 5");
      }
    }
  }

  @Test
  void aFailingBatchInATransactionIsUndoneAndTheTransactionGoesOn() throws SQLException {
    for (Connection c : List.of(fixture.embedded(), fixture.sorrel())) {
      try (c; PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        c.setAutoCommit(false);
        p.setLong(1, 2);
        p.setLong(2, 2);
        p.executeUpdate();
        for (long id : new long[] {3, 5}) {
          p.setLong(1, id);
          p.setLong(2, id);
          p.addBatch();
        }
        assertThrows(BatchUpdateException.class, p::executeBatch);
        p.setLong(1, 4);
        p.setLong(2, 4);
        p.addBatch();
        p.executeBatch();
        c.commit();
        assertEquals(List.of(2L, 4L, 5L), ids(c));
        c.setAutoCommit(true);
        fixture.exec("DELETE FROM t WHERE id <> 5");
      }
    }
  }

  /** A plain statement's batch of SQL texts, as embedded: counts, all or nothing, cleared. */
  @Test
  void aBatchOfStatementTextsRunsAllOrNothing() throws SQLException {
    for (Connection c : List.of(fixture.embedded(), fixture.sorrel())) {
      try (c; Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO t VALUES (1, 1), (2, 2)");
        s.addBatch("UPDATE t SET v = v + 1 WHERE id <= 5");
        s.addBatch("DELETE FROM t WHERE id = 2");
        assertArrayEquals(new int[] {2, 3, 1}, s.executeBatch());
        assertEquals(List.of(1L, 5L), ids(c));
        assertArrayEquals(new int[0], s.executeBatch()); // the batch was emptied

        s.addBatch("INSERT INTO t VALUES (7, 7)");
        s.addBatch("INSERT INTO t VALUES (5, 5)");
        final BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
        assertEquals("23505", e.getSQLState());
        assertEquals(List.of(1L, 5L), ids(c));
        s.clearBatch();

        c.setAutoCommit(false);
        s.executeUpdate("INSERT INTO t VALUES (3, 3)");
        s.addBatch("INSERT INTO t VALUES (8, 8)");
        s.addBatch("INSERT INTO t VALUES (3, 3)");
        assertThrows(BatchUpdateException.class, s::executeBatch);
        s.clearBatch();
        s.addBatch("INSERT INTO t VALUES (9, 9)");
        s.clearBatch();
        s.addBatch("INSERT INTO t VALUES (4, 4)");
        assertArrayEquals(new long[] {1}, s.executeLargeBatch());
        c.commit();
        assertEquals(List.of(1L, 3L, 4L, 5L), ids(c));
        c.setAutoCommit(true);
        fixture.exec("DELETE FROM t WHERE id <> 5");
      }
    }
  }

  private static List<Long> ids(Connection c) throws SQLException {
    final List<Long> ids = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    return ids;
  }
}
