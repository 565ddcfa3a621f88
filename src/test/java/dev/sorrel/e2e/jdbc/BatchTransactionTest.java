package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.Queries.column;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A JDBC batch commits as one transaction, and its statements read what the
 * batch's earlier statements wrote; if one fails, none of it is applied.
 */
class BatchTransactionTest {

  @Test void secondUpdateOfTheSameTableInABatchSeesTheFirst() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 0)");
      try (Statement s = c.createStatement()) {
        s.addBatch("UPDATE t SET v = v + 1 WHERE id = 1");
        s.addBatch("UPDATE t SET v = v + 1 WHERE id = 1");
        s.executeBatch();
      }
      assertEquals(List.of(2), column(c, "SELECT v FROM t WHERE id = 1"));
    }
  }

  @Test void updateOfARowInsertedEarlierInTheBatchWorks() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO t VALUES (1, 0)");
        s.addBatch("UPDATE t SET v = 5 WHERE id = 1");
        s.addBatch("INSERT INTO t SELECT id + 1, v + 1 FROM t");
        s.executeBatch();
      }
      assertEquals(List.of(5, 6), column(c, "SELECT v FROM t ORDER BY id"));
    }
  }

  @Test void aPreparedBatchReadsItsOwnWrites() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 0)");
      try (PreparedStatement p = c.prepareStatement("UPDATE t SET v = v + ? WHERE id = 1")) {
        for (int i = 1; i <= 3; i++) {
          p.setInt(1, i);
          p.addBatch();
        }
        p.executeBatch();
      }
      assertEquals(List.of(6), column(c, "SELECT v FROM t WHERE id = 1"));
    }
  }

  @Test void aFailingBatchAppliesNothing() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v INT)", "INSERT INTO t VALUES (1, 0)");
      try (Statement s = c.createStatement()) {
        s.addBatch("UPDATE t SET v = 9 WHERE id = 1");
        s.addBatch("INSERT INTO t VALUES (2, 0)");
        s.addBatch("INSERT INTO t VALUES (1, 1)");
        final BatchUpdateException e = assertThrows(BatchUpdateException.class,
            s::executeBatch);
        assertEquals("23505", e.getSQLState(), e.getMessage());
      }
      assertEquals(List.of(List.of(1, 0)), JdbcTestSupport.rows(c, "SELECT id, v FROM t"));
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
