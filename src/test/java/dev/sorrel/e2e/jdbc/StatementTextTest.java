package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.count;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The statement text a JDBC call takes: one statement, which may end in a
 * semicolon followed by blanks and comments, as H2 and PostgreSQL's driver
 * accept; a second statement in the same text is refused before anything runs.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatementTextTest {
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = memory();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test void aStatementMayEndInASemicolon() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertFalse(s.execute("CREATE TABLE u (id INT PRIMARY KEY, note VARCHAR(10));"));
      assertEquals(1, s.executeUpdate("INSERT INTO u VALUES (1, 'a;b');  -- the first row\n"));
      assertEquals(1, s.executeUpdate("INSERT INTO u VALUES (2, 'c') ; /* the second */ "));
      assertFalse(s.execute("CREATE INDEX u_note ON u (note);\n\n"));
      try (ResultSet rs = s.executeQuery("SELECT note FROM u ORDER BY id;")) {
        assertTrue(rs.next());
        assertEquals("a;b", rs.getString(1));
        assertTrue(rs.next());
        assertEquals("c", rs.getString(1));
        assertFalse(rs.next());
      }
      assertFalse(s.execute("DROP INDEX u_note;"));
      assertTrue(s.execute("VALUES ';' ;"));
      try (ResultSet rs = s.getResultSet()) {
        assertTrue(rs.next());
        assertEquals(";", rs.getString(1));
      }
    }
    assertEquals(0L, count(c, "SELECT COUNT(*) FROM SYS.INDEXES WHERE INDEX_NAME = 'U_NOTE'"));
  }

  @Test void preparedStatementsAndBatchesTakeTheSemicolonToo() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE u (id INT PRIMARY KEY, note VARCHAR(10));");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO u VALUES (?, ?);")) {
      ps.setInt(1, 1);
      ps.setString(2, "a");
      assertEquals(1, ps.executeUpdate());
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT note FROM u WHERE id = ?; -- by key")) {
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals("a", rs.getString(1));
      }
    }
    try (Statement s = c.createStatement()) {
      s.addBatch("INSERT INTO u VALUES (2, 'b');");
      s.addBatch("UPDATE u SET note = 'z' WHERE id = 1;");
      assertArrayEquals(new int[] {1, 1}, s.executeBatch());
    }
    assertEquals(2L, count(c, "SELECT COUNT(*) FROM u WHERE note IN ('b', 'z')"));
  }

  @Test void twoStatementsInOneTextAreRefusedBeforeEitherRuns() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE u (id INT PRIMARY KEY)");
      final SQLException e = assertSqlState(SQLSyntaxErrorException.class, "42000",
          () -> s.execute("INSERT INTO u VALUES (1); INSERT INTO u VALUES (2)"));
      assertTrue(e.getMessage().contains("line 1, column 27"), e.getMessage());
      assertTrue(e.getMessage().contains("a second one starts here"), e.getMessage());
      assertSqlState(SQLSyntaxErrorException.class, "42000",
          () -> s.executeQuery("SELECT 1;\nSELECT 2;"));
      assertSqlState(SQLSyntaxErrorException.class, "42000",
          () -> c.prepareStatement("DELETE FROM u; DELETE FROM u WHERE id = ?"));
    }
    assertEquals(0L, count(c, "u"));
  }

  @Test void aTextWithoutAStatementIsASyntaxError() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertSqlState(SQLSyntaxErrorException.class, "42000", () -> s.execute(""));
      assertSqlState(SQLSyntaxErrorException.class, "42000", () -> s.execute(" -- nothing\n"));
      assertSqlState(SQLSyntaxErrorException.class, "42000", () -> s.execute(";"));
    }
  }
}
