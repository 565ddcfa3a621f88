package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A prepared statement executed again binds its parameters and reads the clock
 * afresh; prepared DDL acts when executed, each time, and never when prepared.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PreparedExecutionTest {
  @TempDir Path dir;
  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = connect(dir.resolve("db"));
    exec(connection, "CREATE TABLE T (ID INTEGER PRIMARY KEY, NAME VARCHAR(10), TS TIMESTAMP)",
        "INSERT INTO T VALUES (1, 'one', TIMESTAMP '2024-01-01 00:00:00')");
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  @Test void aParameterOfTheWrongTypeIsNamed() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT NAME FROM T WHERE TS < ?")) {
      ps.setBytes(1, new byte[] {1});
      final SQLSyntaxErrorException e = assertSqlState(SQLSyntaxErrorException.class, "42804",
          () -> ps.executeQuery().close());
      assertTrue(e.getMessage().contains("parameter 1 is TIMESTAMP"), e.getMessage());
      // text is read as a timestamp, as PostgreSQL's and H2's drivers read it
      ps.setString(1, "not a time");
      final SQLException bad = assertSqlState(SQLDataException.class, "22007",
          () -> ps.executeQuery().close());
      assertTrue(bad.getMessage().contains("parameter 1"), bad.getMessage());
      ps.setString(1, "2025-01-01");
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("one", rs.getString(1));
      }
      // the same statement runs with a value of the right type
      ps.setTimestamp(1, Timestamp.valueOf("2025-01-01 00:00:00"));
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("one", rs.getString(1));
      }
    }
  }

  @Test void aParameterWithoutAValueIsRefused() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT NAME FROM T WHERE ID = ? OR NAME = ?")) {
      ps.setInt(1, 1);
      final SQLDataException e = assertSqlState(SQLDataException.class, "22023",
          () -> ps.executeQuery().close());
      assertTrue(e.getMessage().contains("parameter 2"), e.getMessage());
    }
  }

  /** Writes and plain statements too: once XX000 from inside Calcite, or a silent NULL. */
  @Test void aParameterWithoutAValueIsRefusedInWritesAndPlainStatements() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO T (ID, NAME) VALUES (?, 'x')")) {
      assertSqlState(SQLDataException.class, "22023", ps::executeUpdate);
      assertSqlState(SQLDataException.class, "22023", ps::execute);
    }
    try (Statement st = connection.createStatement()) {
      assertSqlState(SQLDataException.class, "22023",
          () -> st.executeQuery("SELECT NAME FROM T WHERE NAME = ? OR ID > 0").close());
      assertSqlState(SQLDataException.class, "22023",
          () -> st.executeUpdate("UPDATE T SET NAME = ? WHERE ID = 1"));
      assertSqlState(SQLDataException.class, "22023",
          () -> st.executeUpdate("INSERT INTO T (ID, NAME) VALUES (?, 'x')"));
    }
  }

  @Test void theClockIsReadOncePerExecution() throws Exception {
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_TIMESTAMP FROM T WHERE ID = ?")) {
      ps.setInt(1, 1);
      final Timestamp first;
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        first = rs.getTimestamp(1);
        assertEquals(first, rs.getTimestamp(3), "one time within an execution");
        assertEquals(first, rs.getTimestamp(2), "no time zone offset is set");
      }
      Thread.sleep(20);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertTrue(rs.getTimestamp(1).after(first), rs.getTimestamp(1) + " after " + first);
      }
    }
  }

  @Test void preparedDdlRunsWhenExecutedEachTime() throws SQLException {
    try (PreparedStatement create = connection.prepareStatement(
        "CREATE TABLE P (ID INTEGER PRIMARY KEY)");
        PreparedStatement drop = connection.prepareStatement("DROP TABLE P")) {
      // preparing ran neither: there is no table P yet, and DROP has nothing to drop
      assertSqlState(SQLSyntaxErrorException.class, "42S02",
          () -> connection.createStatement().executeQuery("SELECT * FROM P").close());
      assertEquals(0, create.executeUpdate());
      exec(connection, "INSERT INTO P VALUES (1)");
      assertSqlState(SQLSyntaxErrorException.class, "42S01", create::executeUpdate);
      assertEquals(0, drop.executeUpdate());
      assertSqlState(SQLSyntaxErrorException.class, "42S02", drop::executeUpdate);
      // executed again, the same prepared statements act again
      assertFalse(create.execute());
      assertEquals(0, create.getUpdateCount());
      try (ResultSet rs = connection.createStatement().executeQuery("SELECT COUNT(*) FROM P")) {
        assertTrue(rs.next());
        assertEquals(0, rs.getLong(1));
      }
    }
  }

  @Test void aPreparedDropThatIsNeverExecutedDropsNothing() throws SQLException {
    connection.prepareStatement("DROP TABLE T").close();
    try (ResultSet rs = connection.createStatement().executeQuery("SELECT NAME FROM T")) {
      assertTrue(rs.next());
      assertEquals("one", rs.getString(1));
    }
  }
}
