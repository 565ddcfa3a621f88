package dev.sorrel.e2e.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
 * The model-metric aggregates through JDBC equal scikit-learn 1.2.1's values
 * on the cases of {@code udf/src/test/resources/metrics/make_metrics.py},
 * loaded into tables and checked one GROUP BY over every case, each value to
 * 1e-9 relative to itself, NULL where scikit-learn raises or gives nan.
 */
class MetricsJdbcTest {
  private static Connection connection;

  @BeforeAll static void load() throws Exception {
    connection = DriverManager.getConnection("jdbc:sorrel:mem:metrics");
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE predictions (id INTEGER PRIMARY KEY, name VARCHAR(30),"
          + " label INTEGER, outcome BOOLEAN, predicted INTEGER, score DOUBLE)");
      s.execute("CREATE TABLE regression (id INTEGER PRIMARY KEY, name VARCHAR(30),"
          + " actual DOUBLE, predicted DOUBLE)");
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO predictions VALUES (?, ?, ?, ?, ?, ?)")) {
      int id = 0;
      for (String[] row : csv("predictions.csv")) {
        ps.setInt(1, id++);
        ps.setString(2, row[0]);
        ps.setInt(3, Integer.parseInt(row[1]));
        ps.setBoolean(4, row[1].equals("1"));
        ps.setInt(5, Integer.parseInt(row[2]));
        ps.setDouble(6, Double.parseDouble(row[3]));
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO regression VALUES (?, ?, ?, ?)")) {
      int id = 0;
      for (String[] row : csv("regression.csv")) {
        ps.setInt(1, id++);
        ps.setString(2, row[0]);
        ps.setDouble(3, Double.parseDouble(row[1]));
        ps.setDouble(4, Double.parseDouble(row[2]));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @AfterAll static void close() throws SQLException {
    connection.close();
  }

  private static List<String[]> csv(String name) throws IOException {
    final List<String[]> rows = new ArrayList<>();
    try (InputStream in = MetricsJdbcTest.class.getResourceAsStream("/metrics/" + name);
         BufferedReader reader = new BufferedReader(
             new InputStreamReader(in, StandardCharsets.UTF_8))) {
      reader.readLine();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
    }
    return rows;
  }

  /** scikit-learn's values by case, then by metric; NaN where it raises. */
  private static Map<String, Map<String, Double>> expected(String name) throws IOException {
    final Map<String, Map<String, Double>> expected = new HashMap<>();
    for (String[] row : csv(name)) {
      expected.computeIfAbsent(row[0], k -> new HashMap<>()).put(row[1],
          row[2].equals("nan") ? Double.NaN : Double.parseDouble(row[2]));
    }
    return expected;
  }

  /** The column equals scikit-learn's value to 1e-9, or is NULL where that is NaN. */
  private static void near(double expected, ResultSet rs, int column, String what)
      throws SQLException {
    final double actual = rs.getDouble(column);
    if (Double.isNaN(expected)) {
      assertTrue(rs.wasNull(), what + ": expected NULL, got " + actual);
      return;
    }
    assertFalse(rs.wasNull(), what + ": expected " + expected + ", got NULL");
    assertTrue(Math.abs(expected - actual) <= 1e-9 * Math.abs(expected),
        what + ": expected " + expected + ", got " + actual);
  }

  private static void checkGrouped(String sql, Map<String, Map<String, Double>> expected,
      String... metrics) throws SQLException {
    int cases = 0;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        final Map<String, Double> want = expected.get(rs.getString(1));
        for (int i = 0; i < metrics.length; i++) {
          near(want.get(metrics[i]), rs, i + 2, rs.getString(1) + " " + metrics[i]);
        }
        cases++;
      }
    }
    assertEquals(expected.size(), cases);
  }

  @Test void classificationMetricsEqualScikitLearn() throws Exception {
    checkGrouped("SELECT name, ACCURACY(predicted, label), PRECISION_SCORE(predicted, label),"
        + " RECALL_SCORE(predicted, label), F1_SCORE(predicted, label), ROC_AUC(score, label),"
        + " LOG_LOSS(score, label) FROM predictions GROUP BY name", expected("values.csv"),
        "accuracy", "precision", "recall", "f1", "roc_auc", "log_loss");
  }

  /** BOOLEAN labels and a thresholded score give the same values as 0/1 integers. */
  @Test void booleanLabelsAndThresholdsEqualIntegers() throws Exception {
    checkGrouped("SELECT name, ACCURACY(score >= 0.5, outcome),"
        + " PRECISION_SCORE(score >= 0.5, outcome), RECALL_SCORE(score >= 0.5, outcome),"
        + " F1_SCORE(score >= 0.5, outcome), ROC_AUC(score, outcome), LOG_LOSS(score, outcome)"
        + " FROM predictions GROUP BY name", expected("values.csv"),
        "accuracy", "precision", "recall", "f1", "roc_auc", "log_loss");
  }

  @Test void regressionMetricsEqualScikitLearn() throws Exception {
    checkGrouped("SELECT name, MEAN_ABSOLUTE_ERROR(predicted, actual),"
        + " MEAN_SQUARED_ERROR(predicted, actual), ROOT_MEAN_SQUARED_ERROR(predicted, actual),"
        + " R2_SCORE(predicted, actual) FROM regression GROUP BY name",
        expected("regression_values.csv"), "mae", "mse", "rmse", "r2");
  }

  /**
   * Labels that arrive later: predictions without a label yet (NULL after a
   * LEFT JOIN) are left out, so the metric is the one over the labelled rows.
   */
  @Test void unlabelledPredictionsAreLeftOut() throws Exception {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE late_labels (id INTEGER PRIMARY KEY, label BOOLEAN)");
      s.execute("INSERT INTO late_labels SELECT id, outcome FROM predictions"
          + " WHERE name = 'balanced'");
      try (ResultSet rs = s.executeQuery("SELECT COUNT(*), ROC_AUC(p.score, l.label),"
          + " LOG_LOSS(p.score, l.label) FROM predictions p LEFT JOIN late_labels l"
          + " ON p.id = l.id WHERE p.name IN ('balanced', 'imbalanced')")) {
        assertTrue(rs.next());
        assertEquals(2200, rs.getInt(1));
        final Map<String, Double> want = expected("values.csv").get("balanced");
        near(want.get("roc_auc"), rs, 2, "joined roc_auc");
        near(want.get("log_loss"), rs, 3, "joined log_loss");
      }
    }
  }

  /** A prepared statement re-executed per window, the window bound as a parameter. */
  @Test void preparedPerWindow() throws Exception {
    final Map<String, Map<String, Double>> expected = expected("values.csv");
    try (PreparedStatement ps = connection.prepareStatement(
        "SELECT ROC_AUC(score, label), F1_SCORE(score >= ?, label) FROM predictions"
            + " WHERE name = ?")) {
      for (String name : List.of("ties", "imbalanced", "all_negative")) {
        ps.setDouble(1, 0.5);
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          near(expected.get(name).get("roc_auc"), rs, 1, name + " roc_auc");
          near(expected.get(name).get("f1"), rs, 2, name + " f1");
        }
      }
    }
  }

  @Test void badLabelIsADataErrorNamingTheValue() {
    final SQLException e = assertThrows(SQLException.class, () -> {
      try (Statement s = connection.createStatement();
           ResultSet rs = s.executeQuery("SELECT F1_SCORE(predicted, label + 1)"
               + " FROM predictions")) {
        rs.next();
      }
    });
    assertEquals("22023", e.getSQLState());
    assertTrue(e.getMessage().contains("F1_SCORE: label 2 is not a class label"),
        e.getMessage());
  }

  @Test void nonNumericArgumentIsRefusedWithItsPosition() {
    final SQLException e = assertThrows(SQLException.class,
        () -> connection.prepareStatement("SELECT name,\n  ROC_AUC(name, label)"
            + " FROM predictions GROUP BY name"));
    assertEquals("42804", e.getSQLState());
    assertTrue(e.getMessage().startsWith("From line 2, column 3 to line 2, column 22:"
        + " Cannot apply 'ROC_AUC'"), e.getMessage());
  }
}
