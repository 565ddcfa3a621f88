package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A LIMIT or OFFSET parameter takes a whole number from 0 to 2,147,483,647 given by any
 * setter (setInt, setLong, setBigDecimal, setString, setObject); any other value (NULL,
 * negative, fractional, too large, NaN, another type) fails with PostgreSQL's codes, 2201W for
 * LIMIT and 2201X for OFFSET (42804 for a value that is not a number), never an internal error.
 */
class RowCountParametersTest {
  private static int databases;
  private Connection c;

  @BeforeEach
  void createTable() throws SQLException {
    c = DriverManager.getConnection("jdbc:sorrel:mem:rowcounts" + ++databases);
    exec(c, "CREATE TABLE t (id INT PRIMARY KEY)", "INSERT INTO t VALUES (1), (2), (3)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private int rows(String sql, Object value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      if (value == null) {
        ps.setNull(1, Types.INTEGER);
      } else {
        ps.setObject(1, value);
      }
      int n = 0;
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          n++;
        }
      }
      return n;
    }
  }

  @Test
  void wholeNumbersOfAnyJavaTypeAreRowCounts() throws SQLException {
    for (Object two : List.of(2, 2L, (short) 2, new BigDecimal("2"), new BigDecimal("2.0"), "2",
        " 2 ", 2.0d)) {
      assertEquals(2, rows("SELECT id FROM t ORDER BY id LIMIT ?", two), String.valueOf(two));
      assertEquals(1, rows("SELECT id FROM t ORDER BY id OFFSET ? ROWS", two),
          String.valueOf(two));
      assertEquals(1, rows("SELECT id FROM t ORDER BY id LIMIT 5 OFFSET ?", two),
          String.valueOf(two));
    }
    assertEquals(3, rows("SELECT id FROM t LIMIT ?", Integer.MAX_VALUE));
    assertEquals(0, rows("SELECT id FROM t LIMIT ?", 0));
  }

  @Test
  void otherValuesFailWithTheClausesCode() {
    final Object[] bad = {null, -1, -1L, 2.5d, Double.NaN, new BigDecimal("1E+30"),
        2_147_483_648L, "x", "-3"};
    for (Object value : bad) {
      assertEquals("2201W", assertThrows(SQLException.class,
          () -> rows("SELECT id FROM t ORDER BY id LIMIT ?", value), String.valueOf(value))
          .getSQLState(), String.valueOf(value));
      assertEquals("2201X", assertThrows(SQLException.class,
          () -> rows("SELECT id FROM t ORDER BY id LIMIT 1 OFFSET ?", value),
          String.valueOf(value)).getSQLState(), String.valueOf(value));
    }
    assertEquals("42804", assertThrows(SQLException.class,
        () -> rows("SELECT id FROM t LIMIT ?", true)).getSQLState());
  }
}
