package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A parameter compared with a primary-key column finds the rows the same
 * comparison finds on an ordinary column of the same type: the key access
 * path reads the parameter as the filter does (in its declared type), so
 * narrowing the scan never drops a row the filter keeps.
 */
class KeyParametersTest {
  private static int databases;
  private Connection c;

  @BeforeEach
  void createTables() throws SQLException {
    c = DriverManager.getConnection("jdbc:sorrel:mem:keyparams" + ++databases);
    exec(c, "CREATE TABLE v (k VARCHAR(5) PRIMARY KEY, w VARCHAR(5))",
        "INSERT INTO v VALUES ('abcde', 'abcde'), ('ab', 'ab')",
        "CREATE TABLE n (k BIGINT PRIMARY KEY, w BIGINT)",
        "INSERT INTO n VALUES (2, 2), (-31072, -31072)",
        "CREATE TABLE sm (k SMALLINT PRIMARY KEY, w SMALLINT)",
        "INSERT INTO sm VALUES (2, 2), (-31072, -31072)",
        "CREATE TABLE ck (k VARCHAR(5), n INT, w VARCHAR(5), PRIMARY KEY (k, n))",
        "INSERT INTO ck VALUES ('ab', 1, 'ab'), ('abc', 2, 'abc')");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  static List<Object[]> cases() {
    return List.of(
        new Object[] {"SELECT k FROM v WHERE $ = CAST(? AS VARCHAR(2))", "abcdef", List.of("ab")},
        new Object[] {"SELECT n FROM ck WHERE $ = CAST(? AS VARCHAR(2))", "abc", List.of(1)},
        new Object[] {"SELECT k FROM v WHERE $ = ?", "abcdef", List.of()},
        new Object[] {"SELECT k FROM v WHERE $ >= CAST(? AS VARCHAR(2)) ORDER BY k", "abz",
            List.of("ab", "abcde")},
        new Object[] {"SELECT k FROM n WHERE $ = ?", new BigDecimal("2.7"), List.of(2L)},
        new Object[] {"SELECT k FROM n WHERE $ = CAST(? AS INTEGER)", new BigDecimal("2.7"),
            List.of(2L)},
        new Object[] {"SELECT k FROM n WHERE $ > ?", 1.5d, List.of(2L)},
        new Object[] {"SELECT k FROM sm WHERE $ = ?", 100_000, List.of((short) -31072)},
        new Object[] {"SELECT k FROM n WHERE $ = CAST(? AS SMALLINT)", 100_000L,
            List.of(-31072L)});
  }

  @ParameterizedTest
  @MethodSource("cases")
  void keyColumnFindsWhatAnOrdinaryColumnFinds(String sql, Object value, List<Object> expected)
      throws SQLException {
    assertEquals(expected, query(sql.replace("$", "w"), value), "ordinary column");
    assertEquals(expected, query(sql.replace("$", "k"), value), "key column");
    assertTrue(plan(sql.replace("$", "k")).contains("access=[point lookup")
        || plan(sql.replace("$", "k")).contains("access=[key range"),
        "the key comparison narrows the scan");
  }

  private List<Object> query(String sql, Object value) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, value);
      final List<Object> values = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          values.add(rs.getObject(1));
        }
      }
      return values;
    }
  }

  private String plan(String sql) throws SQLException {
    try (Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("EXPLAIN PLAN FOR " + sql)) {
      final StringBuilder text = new StringBuilder();
      while (rs.next()) {
        text.append(rs.getString(1));
      }
      return text.toString();
    }
  }
}
