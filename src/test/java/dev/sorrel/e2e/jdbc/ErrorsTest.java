package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLDataException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors reach JDBC callers as the JDBC 4 exception class of their SQLState,
 * with a useful message, and leave the connection and the data as they were.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ErrorsTest {
  private static final String CONTENT = "SELECT ID, NAME, QTY FROM T ORDER BY ID";

  @TempDir Path dir;
  private Connection connection;
  private List<List<Object>> before;

  @BeforeEach
  void createTable() throws SQLException {
    connection = connect(dir.resolve("db"));
    exec(connection,
        "CREATE TABLE T (ID INTEGER NOT NULL, NAME VARCHAR(5) NOT NULL, QTY INTEGER,"
            + " PRIMARY KEY (ID))",
        "INSERT INTO T VALUES (1, 'one', 10), (2, 'two', 20)");
    before = rows(connection, CONTENT);
    assertEquals(2, before.size());
  }

  @AfterEach
  void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }

  /** The connection still answers, and the table holds what it held before the error. */
  private void assertStillWorksAndUnchanged() throws SQLException {
    assertFalse(connection.isClosed());
    assertTrue(connection.isValid(1));
    assertEquals(before, rows(connection, CONTENT));
  }

  private void update(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.executeUpdate(sql);
    }
  }

  /** Runs a query and reads every row: errors in row values surface while fetching. */
  private void query(String sql) throws SQLException {
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
  }

  @Test
  void syntaxErrorIs42000WithLineAndColumn() throws SQLException {
    final SQLSyntaxErrorException e = assertSqlState(SQLSyntaxErrorException.class, "42000",
        () -> query("SELECT ID FROM T\nWHERE ID = = 1"));
    final String m = e.getMessage().toLowerCase();
    assertTrue(m.contains("line") && m.contains("column"), e.getMessage());
    assertTrue(m.contains("line 2"), "error is on line 2: " + e.getMessage());
    assertStillWorksAndUnchanged();

    final SQLSyntaxErrorException e2 = assertSqlState(SQLSyntaxErrorException.class, "42000",
        () -> update("INSRT INTO T VALUES (3, 'x', 1)"));
    assertTrue(e2.getMessage().toLowerCase().contains("line"), e2.getMessage());
    assertStillWorksAndUnchanged();
  }

  /**
   * A string with an unpaired surrogate is not Unicode text: storing it is
   * 22021 (character not in repertoire), and looking it up finds nothing.
   */
  @Test
  void unpairedSurrogateIs22021() throws SQLException {
    exec(connection, "CREATE TABLE S (K VARCHAR PRIMARY KEY, V VARCHAR)");
    try (PreparedStatement p = connection.prepareStatement("INSERT INTO S VALUES (?, ?)")) {
      p.setString(1, "ok");
      p.setString(2, "a\uD800b");
      final SQLException e = assertSqlState(SQLDataException.class, "22021", p::executeUpdate);
      assertTrue(e.getMessage().contains("unpaired surrogate U+D800 at index 1"), e.getMessage());
      p.setString(1, "\uDC00");
      p.setString(2, "fine");
      assertSqlState(SQLDataException.class, "22021", p::executeUpdate);
    }
    try (PreparedStatement p = connection.prepareStatement("SELECT V FROM S WHERE K = ?")) {
      p.setString(1, "\uD800");
      try (ResultSet rs = p.executeQuery()) {
        assertFalse(rs.next());
      }
    }
    assertEquals(List.of(), rows(connection, "SELECT * FROM S"));
    assertStillWorksAndUnchanged();
  }

  @Test
  void unknownTableIs42S02() throws SQLException {
    final SQLSyntaxErrorException e = assertSqlState(SQLSyntaxErrorException.class, "42S02",
        () -> query("SELECT * FROM NO_SUCH_TABLE"));
    assertTrue(e.getMessage().toUpperCase().contains("NO_SUCH_TABLE"), e.getMessage());
    assertStillWorksAndUnchanged();
    assertSqlState(SQLSyntaxErrorException.class, "42S02",
        () -> update("INSERT INTO NO_SUCH_TABLE VALUES (1)"));
    assertSqlState(SQLSyntaxErrorException.class, "42S02",
        () -> update("DROP TABLE NO_SUCH_TABLE"));
    assertStillWorksAndUnchanged();
  }

  /**
   * An unknown table is 42S02 whatever its name: one whose name contains "column" is not
   * an unknown column (42S22).
   */
  @Test
  void unknownTableNamedLikeAColumnIs42S02() throws Exception {
    final SQLException e = assertThrows(SQLException.class,
        () -> exec(connection, "SELECT * FROM column_stats"));
    assertEquals("42S02", e.getSQLState(), e.getMessage());
  }

  @Test
  void unknownSystemTableNamedLikeAColumnIs42S02() throws Exception {
    final SQLException e = assertThrows(SQLException.class,
        () -> exec(connection, "SELECT * FROM sys.columnz"));
    assertEquals("42S02", e.getSQLState(), e.getMessage());
  }

  @Test
  void unknownColumnIs42S22() throws SQLException {
    assertSqlState(SQLSyntaxErrorException.class, "42S22",
        () -> query("SELECT NO_SUCH_COLUMN FROM T"));
    assertStillWorksAndUnchanged();
  }

  @Test
  void duplicateKeyIs23505() throws SQLException {
    final SQLIntegrityConstraintViolationException e = assertSqlState(
        SQLIntegrityConstraintViolationException.class, "23505",
        () -> update("INSERT INTO T VALUES (1, 'dup', 99)"));
    assertNotNull(e.getMessage());
    assertStillWorksAndUnchanged();
    // a multi-row insert whose second row collides writes nothing
    assertSqlState(SQLIntegrityConstraintViolationException.class, "23505",
        () -> update("INSERT INTO T VALUES (3, 'new', 30), (2, 'dup', 99)"));
    assertStillWorksAndUnchanged();
    // an insert colliding inside its own rows writes nothing
    assertSqlState(SQLIntegrityConstraintViolationException.class, "23505",
        () -> update("INSERT INTO T VALUES (4, 'a', 1), (4, 'b', 2)"));
    assertStillWorksAndUnchanged();
  }

  @Test
  void nullIntoNotNullIs23502() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO T (ID, NAME, QTY) VALUES (?, ?, ?)")) {
      ps.setInt(1, 3);
      ps.setNull(2, Types.VARCHAR);
      ps.setInt(3, 30);
      assertSqlState(SQLIntegrityConstraintViolationException.class, "23502",
          ps::executeUpdate);
      assertStillWorksAndUnchanged();
      // the same statement still works with good parameters
      ps.setInt(1, 3);
      ps.setString(2, "three");
      ps.setInt(3, 30);
      assertEquals(1, ps.executeUpdate());
    }
    exec(connection, "DELETE FROM T WHERE ID = 3");
    assertStillWorksAndUnchanged();
    // a NULL literal, and a NULL key via a parameter
    assertSqlState(SQLIntegrityConstraintViolationException.class, "23502",
        () -> update("INSERT INTO T VALUES (3, NULL, 1)"));
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO T VALUES (?, ?, ?)")) {
      ps.setNull(1, Types.INTEGER);
      ps.setString(2, "x");
      ps.setInt(3, 1);
      assertSqlState(SQLIntegrityConstraintViolationException.class, "23502",
          ps::executeUpdate);
    }
    assertStillWorksAndUnchanged();
  }

  @Test
  void badDataIsClass22() throws SQLException {
    final SQLDataException tooLong = assertThrows(SQLDataException.class,
        () -> update("INSERT INTO T VALUES (3, 'much too long', 1)"));
    assertEquals("22001", tooLong.getSQLState(), tooLong.getMessage());
    assertStillWorksAndUnchanged();

    final SQLDataException byZero = assertThrows(SQLDataException.class,
        () -> query("SELECT QTY / 0 FROM T"));
    assertEquals("22012", byZero.getSQLState(), byZero.getMessage());
    assertStillWorksAndUnchanged();

    final SQLDataException notANumber = assertThrows(SQLDataException.class,
        () -> query("SELECT CAST('abc' AS INTEGER) FROM T"));
    assertTrue(notANumber.getSQLState().startsWith("22"), notANumber.getSQLState());
    assertStillWorksAndUnchanged();

    final SQLDataException tooLongUpdate = assertThrows(SQLDataException.class,
        () -> update("UPDATE T SET NAME = 'far too long' WHERE ID = 1"));
    assertEquals("22001", tooLongUpdate.getSQLState(), tooLongUpdate.getMessage());
    assertStillWorksAndUnchanged();
  }

  @Test
  void wrongParameterTypeIsAClearError() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO T (ID, NAME, QTY) VALUES (?, ?, ?)")) {
      ps.setString(1, "abc");
      ps.setString(2, "x");
      ps.setInt(3, 1);
      final SQLException e = assertThrows(SQLException.class, ps::executeUpdate);
      assertNotEquals("XX000", e.getSQLState(), "internal error for a bad parameter: "
          + e.getMessage());
      assertNotNull(e.getSQLState(), e.getMessage());
      assertTrue(e.getSQLState().startsWith("22") || e.getSQLState().startsWith("42"),
          e.getSQLState() + ": " + e.getMessage());
      assertFalse(e.getMessage().startsWith("internal error"), e.getMessage());
    }
    assertStillWorksAndUnchanged();
    try (PreparedStatement ps = connection.prepareStatement("SELECT NAME FROM T WHERE ID = ?")) {
      ps.setString(1, "abc");
      final SQLException e = assertThrows(SQLException.class, () -> ps.executeQuery().close());
      assertNotEquals("XX000", e.getSQLState(), "internal error for a bad parameter: "
          + e.getMessage());
    }
    assertStillWorksAndUnchanged();
  }

  @Test
  void batchWithDuplicateThirdEntryLeavesNothing() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO T (ID, NAME, QTY) VALUES (?, ?, ?)")) {
      final int[] ids = {10, 11, 1, 12, 13}; // 1 exists already
      for (int id : ids) {
        ps.setInt(1, id);
        ps.setString(2, "b" + id);
        ps.setInt(3, id);
        ps.addBatch();
      }
      final SQLException e = assertThrows(SQLException.class, ps::executeBatch);
      assertEquals("23505", e.getSQLState(), e.getClass().getName() + ": " + e.getMessage());
    }
    assertStillWorksAndUnchanged();

    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO T (ID, NAME, QTY) VALUES (?, ?, ?)")) {
      final int[] ids = {20, 21, 20, 22}; // duplicate within the batch
      for (int id : ids) {
        ps.setInt(1, id);
        ps.setString(2, "b" + id);
        ps.setInt(3, id);
        ps.addBatch();
      }
      final SQLException e = assertThrows(SQLException.class, ps::executeBatch);
      assertEquals("23505", e.getSQLState(), e.getClass().getName() + ": " + e.getMessage());
      // after the failure the statement can run a good batch
      ps.clearBatch();
      for (int id : new int[] {30, 31}) {
        ps.setInt(1, id);
        ps.setString(2, "b" + id);
        ps.setInt(3, id);
        ps.addBatch();
      }
      final int[] counts = ps.executeBatch();
      assertEquals(2, counts.length);
    }
    assertEquals(List.of(List.of(30, "b30", 30), List.of(31, "b31", 31)),
        rows(connection, "SELECT ID, NAME, QTY FROM T WHERE ID >= 10 ORDER BY ID"));
    exec(connection, "DELETE FROM T WHERE ID >= 10");
    assertStillWorksAndUnchanged();

    // a Statement batch of SQL texts is one transaction too
    try (Statement s = connection.createStatement()) {
      s.addBatch("INSERT INTO T VALUES (40, 'a', 1)");
      s.addBatch("INSERT INTO T VALUES (41, 'b', 1)");
      s.addBatch("INSERT INTO T VALUES (2, 'dup', 1)");
      s.addBatch("INSERT INTO T VALUES (42, 'c', 1)");
      final SQLException e = assertThrows(SQLException.class, s::executeBatch);
      assertEquals("23505", e.getSQLState(), e.getClass().getName() + ": " + e.getMessage());
    }
    assertStillWorksAndUnchanged();
  }

  @Test
  void manualTransactionsCommitAllAtOnce() throws SQLException {
    connection.setAutoCommit(false);
    assertFalse(connection.getAutoCommit());
    exec(connection, "INSERT INTO T VALUES (3, 'x', 3)");
    try (Connection other = connect(dir.resolve("db"))) {
      assertEquals(2, JdbcTestSupport.count(other, "T"), "not visible before commit");
      connection.commit();
      assertEquals(3, JdbcTestSupport.count(other, "T"));
    }
    connection.setAutoCommit(true);
    assertTrue(connection.getAutoCommit());
  }
}
