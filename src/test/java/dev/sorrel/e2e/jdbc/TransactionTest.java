package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.Queries.column;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.count;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Multi-statement transactions through JDBC: autocommit off and SQL BEGIN,
 * commit and rollback, reads of the transaction's own writes, snapshot
 * isolation with first-committer-wins conflicts, the writer lock's timeout,
 * savepoints, and the refusal of DDL inside a transaction block.
 */
class TransactionTest {
  @TempDir Path dir;
  private String url;

  @BeforeEach void create() throws SQLException {
    url = JdbcTestSupport.url(dir.resolve("db")) + ";lock_timeout_ms=300";
    try (Connection c = open()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR)",
          "CREATE TABLE u (id INT PRIMARY KEY, t_id INT, amount DOUBLE)",
          "CREATE TABLE k (v INT)",
          "INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    }
  }

  private Connection open() throws SQLException {
    return DriverManager.getConnection(url);
  }

  @Test void rollbackLeavesNothing() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO t VALUES (4, 'four')", "UPDATE t SET v = 'uno' WHERE id = 1",
          "DELETE FROM t WHERE id = 2", "INSERT INTO k VALUES (1), (1)");
      assertEquals(List.of("uno", "three", "four"), column(c, "SELECT v FROM t ORDER BY id"));
      c.rollback();
      assertEquals(List.of("one", "two", "three"), column(c, "SELECT v FROM t ORDER BY id"));
      assertEquals(0, count(c, "k"));
    }
  }

  @Test void commitPublishesEverythingAtOnce() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO t VALUES (4, 'four')", "DELETE FROM t WHERE id = 1",
          "INSERT INTO u VALUES (10, 4, 2.5)");
      assertEquals(List.of(1, 2, 3), column(other, "SELECT id FROM t ORDER BY id"),
          "another connection sees none of an open transaction");
      assertEquals(0, count(other, "u"));
      c.commit();
      assertEquals(List.of(2, 3, 4), column(other, "SELECT id FROM t ORDER BY id"));
      assertEquals(1, count(other, "u"));
      assertFalse(c.getAutoCommit());
    }
  }

  @Test void aTransactionReadsItsOwnWrites() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO t VALUES (5, 'five'), (4, 'four')",
          "UPDATE t SET v = 'TWO' WHERE id = 2", "DELETE FROM t WHERE id = 3",
          "INSERT INTO u VALUES (1, 4, 1.0), (2, 5, 2.0), (3, 2, 4.0)",
          "INSERT INTO k VALUES (7), (8)", "DELETE FROM k WHERE v = 7");
      // key lookups, ranges, full scans and joins all see the transaction's rows
      assertEquals(List.of("four"), column(c, "SELECT v FROM t WHERE id = 4"));
      assertEquals(List.of(), column(c, "SELECT v FROM t WHERE id = 3"));
      assertEquals(List.of("TWO", "four"), column(c, "SELECT v FROM t WHERE id BETWEEN 2 AND 4"));
      assertEquals(List.of(1, 2, 4, 5), column(c, "SELECT id FROM t ORDER BY id"));
      assertEquals(List.of(List.of("TWO", 4.0), List.of("four", 1.0), List.of("five", 2.0)),
          rows(c, "SELECT t.v, u.amount FROM t JOIN u ON u.t_id = t.id ORDER BY t.id"));
      assertEquals(List.of(8), column(c, "SELECT v FROM k"));
      try (PreparedStatement p = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
        p.setInt(1, 5);
        assertEquals(List.of("five"), dev.sorrel.e2e.Queries.column(p));
      }
      // a statement reads the state before it: it does not see its own rows
      exec(c, "INSERT INTO t SELECT id + 10, v FROM t WHERE id IN (1, 11, 12)");
      assertEquals(List.of(1, 2, 4, 5, 11), column(c, "SELECT id FROM t ORDER BY id"));
      c.commit();
      assertEquals(List.of(1, 2, 4, 5, 11), column(c, "SELECT id FROM t ORDER BY id"));
    }
  }

  @Test void aFailedStatementIsUndoneAloneAndTheTransactionGoesOn() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO t VALUES (4, 'four')");
      assertSqlState(java.sql.SQLIntegrityConstraintViolationException.class, "23505",
          () -> exec(c, "INSERT INTO t VALUES (5, 'five'), (1, 'again')"));
      exec(c, "INSERT INTO t VALUES (6, 'six')");
      c.commit();
      assertEquals(List.of(1, 2, 3, 4, 6), column(c, "SELECT id FROM t ORDER BY id"));
    }
  }

  @Test void snapshotIsolationReadsOneSnapshot() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      c.setAutoCommit(false);
      assertEquals(3, count(c, "t"));
      exec(other, "INSERT INTO t VALUES (4, 'four')");
      assertEquals(3, count(c, "t"), "REPEATABLE READ: the first statement's snapshot");
      c.commit();
      assertEquals(4, count(c, "t"));
    }
  }

  @Test void readCommittedSeesEachStatementsCommits() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
      c.setAutoCommit(false);
      assertEquals(3, count(c, "t"));
      exec(other, "INSERT INTO t VALUES (4, 'four')");
      assertEquals(4, count(c, "t"), "READ COMMITTED: a new snapshot per statement");
      c.commit();
    }
  }

  @Test void conflictingWritersGetASerializationFailure() throws SQLException {
    try (Connection a = open(); Connection b = open()) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      assertEquals(List.of("one"), column(a, "SELECT v FROM t WHERE id = 1"));
      assertEquals(List.of("one"), column(b, "SELECT v FROM t WHERE id = 1"));
      exec(a, "UPDATE t SET v = 'a' WHERE id = 1");
      a.commit();
      final SQLTransactionRollbackException e = assertSqlState(
          SQLTransactionRollbackException.class, "40001",
          () -> exec(b, "UPDATE t SET v = 'b' WHERE id = 1"));
      assertTrue(e.getMessage().contains("table T"), e.getMessage());
      // the failed transaction refuses statements until it is rolled back
      assertSqlState(SQLException.class, "25P02", () -> count(b, "t"));
      b.rollback();
      assertEquals(List.of("a"), column(b, "SELECT v FROM t WHERE id = 1"));
      // retried, it succeeds
      exec(b, "UPDATE t SET v = v || 'b' WHERE id = 1");
      b.commit();
      assertEquals(List.of("ab"), column(a, "SELECT v FROM t WHERE id = 1"));
    }
  }

  @Test void aTransactionThatWritesFirstNeverConflicts() throws SQLException {
    try (Connection a = open(); Connection b = open()) {
      b.setAutoCommit(false);
      exec(a, "UPDATE t SET v = 'a' WHERE id = 1");
      exec(b, "UPDATE t SET v = v || 'b' WHERE id = 1");
      b.commit();
      assertEquals(List.of("ab"), column(a, "SELECT v FROM t WHERE id = 1"));
    }
  }

  @Test void aWriterWaitsForTheLockThenFails() throws SQLException {
    try (Connection a = open(); Connection b = open()) {
      a.setAutoCommit(false);
      exec(a, "INSERT INTO t VALUES (4, 'four')");
      final long start = System.nanoTime();
      assertSqlState(SQLTransientException.class, "55006",
          () -> exec(b, "INSERT INTO t VALUES (5, 'five')"));
      assertTrue(System.nanoTime() - start >= 250_000_000L, "waited for lock_timeout_ms");
      // readers never wait
      assertEquals(3, count(b, "t"));
      a.commit();
      exec(b, "INSERT INTO t VALUES (5, 'five')");
      assertEquals(5, count(a, "t"));
    }
  }

  @Test void savepoints() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO t VALUES (4, 'four')");
      final Savepoint first = c.setSavepoint("first");
      exec(c, "INSERT INTO t VALUES (5, 'five')", "DELETE FROM t WHERE id = 1");
      final Savepoint second = c.setSavepoint();
      exec(c, "INSERT INTO t VALUES (6, 'six')");
      c.rollback(second);
      assertEquals(List.of(2, 3, 4, 5), column(c, "SELECT id FROM t ORDER BY id"));
      c.rollback(first);
      assertEquals(List.of(1, 2, 3, 4), column(c, "SELECT id FROM t ORDER BY id"));
      exec(c, "INSERT INTO t VALUES (7, 'seven')");
      c.releaseSavepoint(first);
      assertSqlState(SQLException.class, "3B001", () -> c.rollback(first));
      c.commit();
      assertEquals(List.of(1, 2, 3, 4, 7), column(c, "SELECT id FROM t ORDER BY id"));
    }
  }

  @Test void springStyleSequence() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO u VALUES (?, ?, ?)")) {
        for (int i = 1; i <= 3; i++) {
          insert.setInt(1, i);
          insert.setInt(2, 1);
          insert.setDouble(3, i * 1.5);
          insert.executeUpdate();
        }
      }
      exec(c, "UPDATE u SET amount = amount * 2 WHERE id = 2");
      assertEquals(List.of(12.0), column(c, "SELECT SUM(amount) FROM u"));
      c.commit();
      c.setAutoCommit(true);
      exec(c, "INSERT INTO u VALUES (4, 1, 1.0)");
      try (Connection other = open()) {
        assertEquals(4, count(other, "u"));
      }
    }
  }

  @Test void closingAConnectionRollsBack() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO t VALUES (4, 'four')");
    }
    try (Connection c = open()) {
      assertEquals(3, count(c, "t"));
      exec(c, "INSERT INTO t VALUES (4, 'four')"); // the lock was released
    }
  }

  @Test void commitInAutoCommitModeIsAnError() throws SQLException {
    try (Connection c = open()) {
      assertSqlState(SQLException.class, "25P01", c::commit);
      assertSqlState(SQLException.class, "25P01", c::rollback);
    }
  }

  @Test void ddlInsideATransactionIsRefused() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      // as the first statement of a transaction it runs and commits on its own
      exec(c, "CREATE TABLE fresh (id INT PRIMARY KEY)");
      exec(c, "INSERT INTO fresh VALUES (1)");
      final SQLException e = assertSqlState(SQLException.class, "25001",
          () -> exec(c, "CREATE TABLE other (id INT)"));
      assertTrue(e.getMessage().contains("CREATE TABLE cannot run inside a transaction block"),
          e.getMessage());
      assertSqlState(SQLException.class, "25001", () -> exec(c, "DROP TABLE fresh"));
      c.commit();
      assertEquals(1, count(c, "fresh"));
    }
  }

  @Test void metadataTellsTheTruth() throws SQLException {
    try (Connection c = open()) {
      final DatabaseMetaData m = c.getMetaData();
      assertTrue(m.supportsTransactions());
      assertTrue(m.supportsSavepoints());
      assertTrue(m.supportsMultipleTransactions());
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, m.getDefaultTransactionIsolation());
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
      for (int level : new int[] {Connection.TRANSACTION_READ_UNCOMMITTED,
          Connection.TRANSACTION_READ_COMMITTED, Connection.TRANSACTION_REPEATABLE_READ,
          Connection.TRANSACTION_SERIALIZABLE}) {
        assertTrue(m.supportsTransactionIsolationLevel(level), "level " + level);
      }
      assertFalse(m.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE));
      assertTrue(m.supportsDataManipulationTransactionsOnly());
      assertFalse(m.supportsDataDefinitionAndDataManipulationTransactions());
      assertFalse(m.dataDefinitionCausesTransactionCommit());
      assertFalse(m.dataDefinitionIgnoredInTransactions());
    }
  }

  @Test void aConnectionMayBeUsedByOneThreadAfterAnother() throws Exception {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      final Thread writer = new Thread(() -> {
        try {
          exec(c, "INSERT INTO t VALUES (4, 'four')");
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
      writer.start();
      writer.join();
      assertEquals(4, count(c, "t"), "the other thread's write is in this transaction");
      c.rollback();
      assertEquals(3, count(c, "t"));
    }
  }

  @Test void aBatchInATransactionJoinsIt() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.addBatch("INSERT INTO t VALUES (4, 'four')");
        s.addBatch("UPDATE t SET v = 'FOUR' WHERE id = 4");
        s.executeBatch();
      }
      assertEquals(List.of("FOUR"), column(c, "SELECT v FROM t WHERE id = 4"));
      c.rollback();
      assertEquals(3, count(c, "t"));
    }
  }

  @Test void aPlanCachedByAnotherConnectionRunsInThisConnectionsTransaction()
      throws SQLException {
    final String insert = "INSERT INTO k VALUES (?)";
    try (Connection a = open(); Connection b = open()) {
      try (PreparedStatement p = a.prepareStatement(insert)) {
        p.setInt(1, 1);
        p.executeUpdate();
      }
      b.setAutoCommit(false);
      try (PreparedStatement p = b.prepareStatement(insert)) {
        p.setInt(1, 2);
        p.executeUpdate();
        p.setInt(1, 3);
        p.addBatch();
        p.executeBatch();
      }
      assertEquals(List.of(1), column(a, "SELECT v FROM k"));
      b.rollback();
      assertEquals(List.of(1), column(b, "SELECT v FROM k"));
      try (PreparedStatement p = a.prepareStatement(insert)) {
        p.setInt(1, 4);
        p.executeUpdate(); // a was never made to wait: b's transaction is gone
      }
    }
  }

  @Test void sqlBeginCommitAndRollback() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      exec(c, "BEGIN", "INSERT INTO t VALUES (4, 'four')", "DELETE FROM t WHERE id = 1");
      assertTrue(c.getAutoCommit(), "BEGIN opens a block without changing autocommit");
      assertEquals(3, count(other, "t"));
      exec(c, "COMMIT WORK");
      assertEquals(List.of(2, 3, 4), column(other, "SELECT id FROM t ORDER BY id"));
      exec(c, "START TRANSACTION", "INSERT INTO t VALUES (5, 'five')", "ROLLBACK");
      assertEquals(3, count(c, "t"));
      // after the block, statements commit on their own again
      exec(c, "INSERT INTO t VALUES (6, 'six')");
      assertEquals(4, count(other, "t"));
      // COMMIT and ROLLBACK without a transaction do nothing, as in PostgreSQL
      exec(c, "COMMIT", "ROLLBACK WORK", "BEGIN TRANSACTION", "BEGIN WORK", "ROLLBACK");
    }
  }

  @Test void preparedStatementsRunInTheTransaction() throws Exception {
    final Path csv = dir.resolve("rows.csv");
    java.nio.file.Files.writeString(csv, "id,v\n7,seven\n8,eight\n");
    try (Connection c = open(); Connection other = open()) {
      c.setAutoCommit(false);
      try (PreparedStatement upsert = c.prepareStatement(
              "INSERT INTO t VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET v = EXCLUDED.v");
           PreparedStatement merge = c.prepareStatement("MERGE INTO t USING"
              + " (SELECT id FROM t WHERE id = ?) AS s ON t.id = s.id WHEN MATCHED THEN DELETE");
           PreparedStatement copy = c.prepareStatement("COPY t FROM '" + csv + "'")) {
        upsert.setInt(1, 1);
        upsert.setString(2, "uno");
        assertEquals(1, upsert.executeUpdate());
        upsert.setInt(1, 4);
        upsert.setString(2, "four");
        assertEquals(1, upsert.executeUpdate());
        merge.setInt(1, 2);
        assertEquals(1, merge.executeUpdate());
        assertEquals(2, copy.executeUpdate());
      }
      assertEquals(List.of("uno", "three", "four", "seven", "eight"),
          column(c, "SELECT v FROM t ORDER BY id"));
      assertEquals(List.of("one", "two", "three"), column(other, "SELECT v FROM t ORDER BY id"));
      c.rollback();
      assertEquals(List.of("one", "two", "three"), column(c, "SELECT v FROM t ORDER BY id"));
    }
    // Transaction statements prepared as statements act on the connection's transaction.
    try (Connection c = open(); Connection other = open();
         PreparedStatement begin = c.prepareStatement("BEGIN");
         PreparedStatement rollback = c.prepareStatement("ROLLBACK");
         PreparedStatement upsert = c.prepareStatement(
             "INSERT INTO t VALUES (9, 'nine') ON CONFLICT DO NOTHING")) {
      begin.execute();
      assertEquals(1, upsert.executeUpdate());
      assertEquals(3, count(other, "t"));
      rollback.execute();
      assertEquals(3, count(c, "t"));
    }
  }

  @Test void sqlSavepoints() throws SQLException {
    try (Connection c = open()) {
      exec(c, "BEGIN", "INSERT INTO t VALUES (4, 'four')", "SAVEPOINT a",
          "INSERT INTO t VALUES (5, 'five')", "SAVEPOINT b", "DELETE FROM t",
          "ROLLBACK TO SAVEPOINT b");
      assertEquals(5, count(c, "t"));
      exec(c, "ROLLBACK TO a");
      assertEquals(4, count(c, "t"));
      exec(c, "INSERT INTO t VALUES (6, 'six')", "RELEASE SAVEPOINT a");
      final SQLException e = assertSqlState(SQLException.class, "3B001",
          () -> exec(c, "ROLLBACK TO SAVEPOINT a"));
      assertTrue(e.getMessage().contains("line 1, column 23"), e.getMessage());
      exec(c, "COMMIT");
      assertEquals(List.of(1, 2, 3, 4, 6), column(c, "SELECT id FROM t ORDER BY id"));
      assertSqlState(SQLException.class, "25P01", () -> exec(c, "SAVEPOINT outside"));
    }
  }

  @Test void sqlIsolationLevels() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      exec(c, "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "BEGIN");
      assertEquals(3, count(c, "t"));
      exec(other, "INSERT INTO t VALUES (4, 'four')");
      assertEquals(4, count(c, "t"));
      assertSqlState(SQLException.class, "25001",
          () -> exec(c, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"));
      exec(c, "COMMIT", "BEGIN ISOLATION LEVEL REPEATABLE READ");
      assertEquals(4, count(c, "t"));
      exec(other, "INSERT INTO t VALUES (5, 'five')");
      assertEquals(4, count(c, "t"));
      exec(c, "ROLLBACK", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "BEGIN");
      assertEquals(5, count(c, "t")); // a serializable transaction holds the writer lock
      assertSqlState(SQLTransientException.class, "55006",
          () -> exec(other, "INSERT INTO t VALUES (6, 'six')"));
      exec(c, "COMMIT");
      exec(other, "INSERT INTO t VALUES (6, 'six')");
      assertSqlState(java.sql.SQLSyntaxErrorException.class, "42000",
          () -> exec(c, "SET TRANSACTION ISOLATION LEVEL SOMETIMES"));
    }
  }

  @Test void featureViewWritesInATransaction() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      exec(c, "CREATE ENTITY driver (driver_id BIGINT)",
          "CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE)");
      c.setAutoCommit(false);
      exec(c, "INSERT INTO stats (driver_id, event_timestamp, conv_rate)"
          + " VALUES (1, TIMESTAMP '2026-01-01 10:00:00', 0.1),"
          + " (2, TIMESTAMP '2026-01-01 10:00:00', 0.2)");
      exec(c, "INSERT INTO stats (driver_id, event_timestamp, conv_rate)"
          + " VALUES (1, TIMESTAMP '2026-01-01 12:00:00', 0.3)");
      exec(c, "DELETE FROM stats WHERE driver_id = 2");
      assertEquals(List.of(0.1, 0.3), column(c,
          "SELECT conv_rate FROM stats ORDER BY event_timestamp"));
      // online reads complete rows from committed history: refused for a view written here
      final SQLException e = assertSqlState(java.sql.SQLFeatureNotSupportedException.class,
          "0A000", () -> column(c, "SELECT conv_rate FROM online.stats"));
      assertTrue(e.getMessage().contains("commit first"), e.getMessage());
      assertEquals(List.of(), column(other, "SELECT conv_rate FROM online.stats"));
      c.commit();
      assertEquals(List.of(List.of(1L, 0.3)),
          rows(other, "SELECT driver_id, conv_rate FROM online.stats"));
      assertEquals(List.of(List.of(2L, 1L)),
          rows(other, "SELECT row_count, entity_count FROM sys.feature_views"));
      exec(c, "INSERT INTO stats (driver_id, event_timestamp, conv_rate)"
          + " VALUES (1, TIMESTAMP '2026-01-01 09:00:00', 0.5)");
      c.rollback();
      assertEquals(List.of(0.3), column(other, "SELECT conv_rate FROM online.stats"));
    }
  }

  @Test void aResultSetOfATransactionIsReadAfterItCommits() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO k VALUES (?)")) {
        for (int i = 0; i < 1000; i++) {
          insert.setInt(1, i);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      try (Statement s = c.createStatement();
          java.sql.ResultSet rs = s.executeQuery("SELECT v FROM k")) {
        assertTrue(rs.next());
        c.commit();
        int rows = 1;
        while (rs.next()) {
          rows++;
        }
        assertEquals(1000, rows, "cursors are held over commit");
      }
    }
  }

  @Test void indexReadsAndUniqueChecksSeeTheTransactionsWrites() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      exec(c, "CREATE TABLE p (id INT PRIMARY KEY, user_id INT, code VARCHAR)",
          "CREATE INDEX p_user ON p (user_id)", "CREATE UNIQUE INDEX p_code ON p (code)",
          "INSERT INTO p VALUES (1, 10, 'a')");
      c.setAutoCommit(false);
      exec(c, "INSERT INTO p VALUES (2, 10, 'b'), (3, 20, 'c')",
          "UPDATE p SET user_id = 20 WHERE id = 1", "DELETE FROM p WHERE id = 3");
      final String byUser = "SELECT id FROM p WHERE user_id = 20 ORDER BY id";
      assertTrue(rows(c, "EXPLAIN PLAN FOR " + byUser).toString().contains("P_USER"),
          "read through the index");
      assertEquals(List.of(1), column(c, byUser));
      assertEquals(List.of(2), column(c, "SELECT id FROM p WHERE user_id = 10"));
      // uniqueness counts the transaction's earlier statements, deletes included
      assertSqlState(java.sql.SQLIntegrityConstraintViolationException.class, "23505",
          () -> exec(c, "INSERT INTO p VALUES (4, 30, 'b')"));
      exec(c, "INSERT INTO p VALUES (5, 30, 'c')");
      assertEquals(List.of(1), column(other, "SELECT id FROM p WHERE user_id = 10"));
      c.rollback();
      assertEquals(List.of(1), column(c, "SELECT id FROM p WHERE user_id = 10"));
      assertEquals(List.of(), column(c, "SELECT id FROM p WHERE code = 'c'"));
    }
  }
  @Test void anUpdateWaitingForTheLockDoesNotLoseTheUpdateItWaitedFor() throws Exception {
    try (Connection a = open(); Connection b = open()) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      assertEquals(List.of("one"), column(b, "SELECT v FROM t WHERE id = 1"));
      exec(a, "UPDATE t SET v = v || 'a' WHERE id = 1");
      final ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        // b read the row before a's commit: whether its UPDATE waits for a's
        // lock or starts after a commits, it must not overwrite a's update
        final Future<?> update = pool.submit(() -> {
          exec(b, "UPDATE t SET v = v || 'b' WHERE id = 1");
          return null;
        });
        Thread.sleep(50);
        a.commit();
        final ExecutionException e = assertThrows(ExecutionException.class, update::get);
        assertTrue(e.getCause() instanceof SQLTransactionRollbackException, e.toString());
        assertEquals("40001", ((SQLException) e.getCause()).getSQLState());
      } finally {
        pool.shutdownNow();
      }
      b.rollback();
      assertEquals(List.of("onea"), column(b, "SELECT v FROM t WHERE id = 1"));
    }
  }

  @Test void aFirstUpdateThatWaitedForTheLockReadsTheCommitItWaitedFor() throws Exception {
    try (Connection a = open(); Connection b = open()) {
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      exec(a, "UPDATE t SET v = v || 'a' WHERE id = 1");
      final ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        final Future<?> update = pool.submit(() -> {
          exec(b, "UPDATE t SET v = v || 'b' WHERE id = 1");
          return null;
        });
        Thread.sleep(50);
        a.commit();
        update.get();
      } finally {
        pool.shutdownNow();
      }
      b.commit();
      assertEquals(List.of("oneab"), column(a, "SELECT v FROM t WHERE id = 1"));
    }
  }

  @Test void anOpenResultSetDoesNotSeeLaterStatementsOfItsTransaction() throws SQLException {
    try (Connection c = open()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO t VALUES (4, 'four')");
      int read = 0;
      try (Statement query = c.createStatement();
          ResultSet rs = query.executeQuery("SELECT id FROM t ORDER BY id");
          PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, 'more')")) {
        while (rs.next()) {
          insert.setInt(1, rs.getInt(1) + 100);
          insert.executeUpdate();
          read++;
        }
      }
      assertEquals(4, read, "the result set reads the rows there when it opened");
      assertEquals(8, count(c, "t"));
      c.commit();
    }
  }

  @Test void aReadCommittedWriterReadsLaterCommitsWithoutConflict() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      assertEquals(0, count(c, "k"));
      exec(other, "INSERT INTO u VALUES (1, 1, 1.0)");
      exec(c, "INSERT INTO k VALUES (1)"); // c now holds the writer lock
      assertEquals(1, count(c, "u"), "each statement reads the latest commits, no 40001");
      exec(c, "UPDATE u SET amount = 2.0 WHERE id = 1");
      c.commit();
      assertEquals(List.of(2.0), column(other, "SELECT amount FROM u"));
    }
  }

  @Test void aFailedBatchInATransactionIsUndoneWhole() throws SQLException {
    try (Connection c = open(); Statement s = c.createStatement()) {
      c.setAutoCommit(false);
      exec(c, "INSERT INTO t VALUES (4, 'four')");
      s.addBatch("INSERT INTO t VALUES (5, 'five')");
      s.addBatch("INSERT INTO t VALUES (1, 'again')");
      assertThrows(BatchUpdateException.class, s::executeBatch);
      assertEquals(List.of(1, 2, 3, 4), column(c, "SELECT id FROM t ORDER BY id"),
          "the batch's first insert is undone too; the transaction's earlier one stays");
      s.clearBatch();
      s.addBatch("INSERT INTO t VALUES (6, 'six')");
      s.addBatch("COMMIT");
      assertSqlState(SQLException.class, "0A000", s::executeBatch);
      c.commit();
      assertEquals(4, count(c, "t"));
    }
  }

  @Test void beginIsolationLevelIsForThatTransactionOnly() throws SQLException {
    try (Connection c = open(); Connection other = open()) {
      exec(c, "BEGIN ISOLATION LEVEL SERIALIZABLE");
      assertEquals(3, count(c, "t"));
      assertSqlState(SQLTransientException.class, "55006",
          () -> exec(other, "INSERT INTO t VALUES (6, 'six')"));
      exec(c, "COMMIT", "BEGIN");
      assertEquals(3, count(c, "t"));
      exec(other, "INSERT INTO t VALUES (6, 'six')"); // no writer lock held any more
      exec(c, "COMMIT");
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
    }
  }

  @Test void aReadOnlyConnectionRunsTransactionControl() throws SQLException {
    try (Connection c = open()) {
      c.setReadOnly(true);
      exec(c, "BEGIN", "SAVEPOINT s", "RELEASE SAVEPOINT s", "COMMIT", "START TRANSACTION",
          "ROLLBACK");
      assertSqlState(SQLException.class, "25006", () -> exec(c, "INSERT INTO k VALUES (1)"));
    }
  }

  @Test void aCanceledWriterStopsWaitingForTheLock() throws SQLException {
    final String patient = JdbcTestSupport.url(dir.resolve("patient")) + ";lock_timeout_ms=20000";
    try (Connection a = DriverManager.getConnection(patient);
        Connection b = DriverManager.getConnection(patient);
        Statement s = b.createStatement()) {
      exec(a, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR)");
      a.setAutoCommit(false);
      exec(a, "INSERT INTO t VALUES (4, 'four')");
      s.setQueryTimeout(1);
      final long start = System.nanoTime();
      assertSqlState(SQLException.class, "57014",
          () -> s.executeUpdate("INSERT INTO t VALUES (5, 'five')"));
      assertTrue(System.nanoTime() - start < 10_000_000_000L, "stopped at its timeout");
      a.rollback();
    }
  }

  /**
   * A commit (or rollback) called from another thread while a statement of
   * the transaction is writing waits for the statement: the transaction
   * commits all of the statement's rows or none, never a part. (Before the
   * statement lock, the commit published part of the rows and the writer
   * lock it left behind hung the database's close.)
   */
  @Test @Timeout(120)
  void aCommitFromAnotherThreadWaitsForTheRunningStatement() throws Exception {
    final int rows = 200_000;
    final StringBuilder csv = new StringBuilder("id,v\n");
    for (int i = 0; i < rows; i++) {
      csv.append(i).append(",v").append(i).append('\n');
    }
    final Path file = dir.resolve("src.csv");
    java.nio.file.Files.writeString(file, csv);
    try (Connection c = open(); Connection check = open()) {
      exec(c, "CREATE TABLE src (id INT PRIMARY KEY, v VARCHAR)",
          "CREATE TABLE dst (id INT PRIMARY KEY, v VARCHAR)",
          "COPY src FROM '" + file + "'");
      for (String end : List.of("commit", "rollback")) {
        exec(check, "DELETE FROM dst");
        c.setAutoCommit(false);
        final ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
          final Future<Integer> insert = pool.submit(() -> {
            try (Statement s = c.createStatement()) {
              return s.executeUpdate("INSERT INTO dst SELECT id, v FROM src");
            }
          });
          Thread.sleep(200);
          if (end.equals("commit")) {
            c.commit();
          } else {
            c.rollback();
          }
          assertEquals(rows, insert.get(), end);
        } finally {
          pool.shutdownNow();
        }
        final long seen = count(check, "dst");
        assertTrue(seen == 0 || seen == rows, end + " from another thread during the INSERT"
            + " published " + seen + " of its " + rows + " rows");
        c.rollback();
        c.setAutoCommit(true);
      }
    }
  }
}
