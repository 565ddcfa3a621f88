package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.Queries.column;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A JDBC batch commits as one transaction, and its statements read committed
 * data. A statement that reads a table an earlier statement of the same batch
 * wrote would miss those writes (a lost update), so it is refused and the
 * whole batch rolls back; batches that do not read back their own writes work.
 */
class BatchTransactionTest {

  private static void assertRefusedAndRolledBack(Connection c, Statement s) throws Exception {
    final BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
    assertEquals("0A000", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("cannot read table T"), e.getMessage());
  }

  @Test void secondUpdateOfTheSameTableInABatchIsRefused() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 0)");
      try (Statement s = c.createStatement()) {
        s.addBatch("UPDATE t SET v = v + 1 WHERE id = 1");
        s.addBatch("UPDATE t SET v = v + 1 WHERE id = 1");
        assertRefusedAndRolledBack(c, s);
      }
      assertEquals(List.of(0), column(c, "SELECT v FROM t WHERE id = 1"),
          "nothing of the refused batch is committed");
    }
  }

  @Test void updateOfARowInsertedEarlierInTheBatchIsRefused() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO t VALUES (1, 0)");
        s.addBatch("UPDATE t SET v = 5 WHERE id = 1");
        assertRefusedAndRolledBack(c, s);
      }
      assertEquals(List.of(), column(c, "SELECT v FROM t WHERE id = 1"));
    }
  }

  @Test void batchesThatDoNotReadTheirOwnWritesWork() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "CREATE TABLE u (id INT PRIMARY KEY)",
          "INSERT INTO t VALUES (1, 0)");
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO u SELECT id FROM t");
        s.addBatch("UPDATE t SET v = 7 WHERE id = 1");
        s.addBatch("INSERT INTO u VALUES (2)");
        s.addBatch("INSERT INTO u VALUES (3)");
        s.executeBatch();
      }
      assertEquals(List.of(7), column(c, "SELECT v FROM t"));
      assertEquals(List.of(1, 2, 3), column(c, "SELECT id FROM u ORDER BY id"));
    }
  }
}
