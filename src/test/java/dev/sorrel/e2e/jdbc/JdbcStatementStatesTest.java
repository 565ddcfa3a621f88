package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.count;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.ClientInfoStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JDBC calls that do not fit the statement or the object's state: each is a
 * SQLException with a standard SQLState, raised before anything runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcStatementStatesTest {
  private Connection c;

  @BeforeEach
  void createTable() throws SQLException {
    c = memory();
    exec(c, "CREATE TABLE T (ID INT PRIMARY KEY, NAME VARCHAR(10))",
        "INSERT INTO T VALUES (1, 'a'), (2, 'b'), (3, 'c')");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test void executeQueryRefusesAStatementWithoutRowsBeforeRunningIt() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertSqlState(SQLException.class, "07005",
          () -> s.executeQuery("INSERT INTO T VALUES (4, 'd')"));
      assertSqlState(SQLException.class, "07005",
          () -> s.executeQuery("  -- a comment\n CREATE TABLE U (ID INT PRIMARY KEY)"));
      assertSqlState(SQLException.class, "07003", () -> s.executeUpdate("SELECT * FROM T"));
      assertSqlState(SQLException.class, "07003",
          () -> s.executeLargeUpdate("(SELECT * FROM T)"));
      try (ResultSet rs = s.executeQuery("/* rows */ VALUES (1)")) {
        assertTrue(rs.next());
      }
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM T WHERE ID = ?")) {
      ps.setInt(1, 1);
      assertSqlState(SQLException.class, "07005", ps::executeQuery);
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM T")) {
      assertSqlState(SQLException.class, "07003", ps::executeUpdate);
      assertSqlState(SQLException.class, "42809", () -> ps.executeQuery("SELECT 1"));
    }
    assertEquals(3L, count(c, "T"));
    assertEquals(0L, count(c, "SELECT COUNT(*) FROM SYS.TABLES WHERE TABLE_NAME = 'U'"));
  }

  @Test void anUnboundParameterIsNamed() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM T WHERE ID = ?")) {
      final SQLException e = assertSqlState(SQLDataException.class, "22023", ps::executeQuery);
      assertTrue(e.getMessage().contains("parameter 1"), e.getMessage());
    }
  }

  @Test void closedObjectsSayWhatIsClosed() throws SQLException {
    final Statement s = c.createStatement();
    final ResultSet rs = s.executeQuery("SELECT * FROM T");
    rs.close();
    assertSqlState(SQLException.class, "24000", rs::next);
    assertSqlState(SQLException.class, "24000", () -> rs.getInt(1));
    s.close();
    assertSqlState(SQLException.class, "26000", () -> s.executeQuery("SELECT * FROM T"));
    assertSqlState(SQLException.class, "26000", () -> s.setMaxRows(1));
    final PreparedStatement ps = c.prepareStatement("SELECT * FROM T");
    ps.close();
    assertSqlState(SQLException.class, "26000", ps::executeQuery);
    final Connection other = memory();
    final Statement open = other.createStatement();
    other.close();
    assertSqlState(SQLNonTransientConnectionException.class, "08003", other::createStatement);
    assertSqlState(SQLNonTransientConnectionException.class, "08003",
        () -> open.executeQuery("SELECT 1"));
    assertSqlState(SQLNonTransientConnectionException.class, "08003",
        () -> other.prepareStatement("SELECT 1"));
    assertTrue(rs.isClosed() && s.isClosed() && other.isClosed());
  }

  @Test void maxRowsLimitsStatementsAndPreparedStatements() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setMaxRows(2);
      s.setFetchSize(1);
      assertEquals(2, rowsOf(s.executeQuery("SELECT * FROM T")));
      s.setLargeMaxRows(0);
      assertEquals(3, rowsOf(s.executeQuery("SELECT * FROM T")));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM T WHERE ID > ?")) {
      ps.setInt(1, 0);
      ps.setMaxRows(1);
      assertEquals(1, rowsOf(ps.executeQuery()));
      ps.setLargeMaxRows(2);
      assertEquals(2, rowsOf(ps.executeQuery()));
      ps.setMaxRows(0);
      assertEquals(3, rowsOf(ps.executeQuery()));
      assertSqlState(SQLException.class, "22023", () -> ps.setMaxRows(-1));
    }
  }

  private static int rowsOf(ResultSet rs) throws SQLException {
    int n = 0;
    try (rs) {
      while (rs.next()) {
        n++;
      }
    }
    return n;
  }

  @Test void clientInfoKeepsTheStandardNamesAndRefusesOthers() throws SQLException {
    c.setClientInfo("ApplicationName", "billing");
    assertEquals("billing", c.getClientInfo("ApplicationName"));
    final Properties all = new Properties();
    all.setProperty("ApplicationName", "app");
    all.setProperty("ClientUser", "ann");
    c.setClientInfo(all);
    assertEquals("ann", c.getClientInfo().getProperty("ClientUser"));
    c.setClientInfo("ClientUser", null);
    assertNull(c.getClientInfo("ClientUser"));
    final SQLClientInfoException e = assertSqlState(SQLClientInfoException.class, "22023",
        () -> c.setClientInfo("Colour", "blue"));
    assertEquals(ClientInfoStatus.REASON_UNKNOWN_PROPERTY, e.getFailedProperties().get("Colour"));
    assertEquals("app", c.getClientInfo("ApplicationName"));
    try (ResultSet rs = c.getMetaData().getClientInfoProperties()) {
      int n = 0;
      while (rs.next()) {
        n++;
        assertTrue(rs.getInt("MAX_LEN") > 0);
      }
      assertEquals(3, n);
    }
  }

  @Test void aReadOnlyConnectionRunsQueriesAndRefusesWrites() throws SQLException {
    assertFalse(c.isReadOnly());
    assertFalse(c.getMetaData().isReadOnly());
    final PreparedStatement preparedBefore = c.prepareStatement("DELETE FROM T");
    c.setReadOnly(true);
    assertTrue(c.isReadOnly());
    assertTrue(c.getMetaData().isReadOnly());
    try (Statement s = c.createStatement()) {
      assertEquals(3, rowsOf(s.executeQuery("SELECT * FROM T")));
      assertSqlState(SQLException.class, "25006", () -> s.execute("INSERT INTO T VALUES (9, 'z')"));
      assertSqlState(SQLException.class, "25006", () -> s.executeUpdate("DELETE FROM T"));
      assertSqlState(SQLException.class, "25006",
          () -> s.execute("CREATE TABLE U (ID INT PRIMARY KEY)"));
    }
    assertSqlState(SQLException.class, "25006", () -> c.prepareStatement("DROP TABLE T"));
    assertSqlState(SQLException.class, "25006", preparedBefore::executeUpdate);
    assertSqlState(SQLException.class, "25006", preparedBefore::execute);
    assertEquals(3L, count(c, "T"));
    assertEquals(0L, count(c, "SELECT COUNT(*) FROM SYS.TABLES WHERE TABLE_NAME = 'U'"));
    c.setReadOnly(false);
    assertEquals(3, preparedBefore.executeUpdate());
    preparedBefore.close();
  }
}
