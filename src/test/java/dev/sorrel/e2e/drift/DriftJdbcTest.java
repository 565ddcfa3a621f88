package dev.sorrel.e2e.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The drift aggregates through JDBC equal SciPy's and NumPy's values on the
 * reference samples of {@code udf/src/test/resources/drift/make_drift.py},
 * loaded into tables and checked one GROUP BY per statistic family, each
 * value to 1e-9 relative to itself.
 */
class DriftJdbcTest {
  private static Connection connection;

  @BeforeAll static void load() throws Exception {
    connection = DriverManager.getConnection("jdbc:sorrel:mem:drift");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE samples (id INTEGER PRIMARY KEY, name VARCHAR(20),"
          + " is_reference BOOLEAN, v DOUBLE)");
      s.execute("CREATE TABLE categories (id INTEGER PRIMARY KEY, name VARCHAR(20),"
          + " is_reference BOOLEAN, category VARCHAR(5))");
    }
    insert("INSERT INTO samples VALUES (?, ?, ?, ?)", csv("samples.csv"), true);
    insert("INSERT INTO categories VALUES (?, ?, ?, ?)", csv("categories.csv"), false);
  }

  @AfterAll static void close() throws SQLException {
    connection.close();
  }

  private static void insert(String sql, List<String[]> rows, boolean numeric)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int id = 0;
      for (String[] row : rows) {
        ps.setInt(1, id++);
        ps.setString(2, row[0]);
        ps.setBoolean(3, row[1].equals("1"));
        if (numeric) {
          ps.setDouble(4, Double.parseDouble(row[2]));
        } else {
          ps.setString(4, row[2]);
        }
        ps.addBatch();
        if (id % 5000 == 0) {
          ps.executeBatch();
        }
      }
      ps.executeBatch();
    }
  }

  private static List<String[]> csv(String name) throws IOException {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = DriftJdbcTest.class.getResourceAsStream("/drift/" + name);
         BufferedReader reader = new BufferedReader(
             new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  private static void near(double expected, double actual, String what) {
    assertTrue(Math.abs(expected - actual) <= 1e-9 * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual);
  }

  @Test void numericAggregatesEqualSciPy() throws Exception {
    final Map<String, Map<String, Double>> expected = new HashMap<>();
    for (String[] row : csv("values.csv")) {
      expected.computeIfAbsent(row[0], k -> new HashMap<>())
          .put(row[1], Double.parseDouble(row[2]));
    }
    final String[][] columns = {
        {"ks_p", "DRIFT_KS(v, is_reference)"},
        {"ks_d", "DRIFT_KS_STATISTIC(v, is_reference)"},
        {"psi_w10", "DRIFT_PSI(v, is_reference)"},
        {"psi_w20", "DRIFT_PSI(v, is_reference, 20)"},
        {"psi_q10", "DRIFT_PSI(v, is_reference, 10, 'quantile')"},
        {"psi_seed", "DRIFT_PSI(v, is_reference, 'seed')"},
        {"js_w10", "DRIFT_JS(v, is_reference)"},
        {"js_q10", "DRIFT_JS(v, is_reference, 'quantile')"},
        {"wasserstein", "DRIFT_WASSERSTEIN(v, is_reference)"}};
    final StringBuilder sql = new StringBuilder("SELECT name");
    for (String[] c : columns) {
      sql.append(", ").append(c[1]);
    }
    sql.append(" FROM samples GROUP BY name");
    int cases = 0;
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery(sql.toString())) {
      while (rs.next()) {
        final Map<String, Double> want = expected.get(rs.getString(1));
        for (int i = 0; i < columns.length; i++) {
          near(want.get(columns[i][0]), rs.getDouble(i + 2), rs.getString(1) + " "
              + columns[i][1]);
        }
        cases++;
      }
    }
    assertEquals(expected.size(), cases);
  }

  @Test void chiSquareEqualsSciPy() throws Exception {
    final Map<String, double[]> expected = new HashMap<>();
    for (String[] row : csv("chi2.csv")) {
      expected.put(row[0], new double[] {Double.parseDouble(row[1]),
          Double.parseDouble(row[2])});
    }
    int cases = 0;
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT name, DRIFT_CHI2_STATISTIC(category,"
             + " is_reference), DRIFT_CHI2(category, is_reference) FROM categories"
             + " GROUP BY name")) {
      while (rs.next()) {
        final double[] want = expected.get(rs.getString(1));
        if (want[0] == 0) {
          assertEquals(0.0, rs.getDouble(2));
        } else {
          near(want[0], rs.getDouble(2), rs.getString(1) + " statistic");
        }
        near(want[1], rs.getDouble(3), rs.getString(1) + " p");
        cases++;
      }
    }
    assertEquals(expected.size(), cases);
  }

  /** A day-by-day check: reference rows join every day's current rows through WHERE. */
  @Test void composesWithWhereAndExpressions() throws Exception {
    try (Statement s = connection.createStatement();
         ResultSet rs = s.executeQuery("SELECT DRIFT_KS_STATISTIC(v, is_reference),"
             + " DRIFT_KS(v, is_reference) FROM samples WHERE name = 'shifted'"
             + " AND (is_reference OR v > -100)")) {
      assertTrue(rs.next());
      near(csvValue("shifted", "ks_d"), rs.getDouble(1), "shifted D");
      near(csvValue("shifted", "ks_p"), rs.getDouble(2), "shifted p");
    }
  }

  private static double csvValue(String name, String key) throws IOException {
    for (String[] row : csv("values.csv")) {
      if (row[0].equals(name) && row[1].equals(key)) {
        return Double.parseDouble(row[2]);
      }
    }
    throw new AssertionError(name + " " + key);
  }
}
