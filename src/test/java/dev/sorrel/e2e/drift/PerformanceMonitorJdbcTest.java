package dev.sorrel.e2e.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.Queries;

/**
 * Performance monitors through JDBC: every metric a check reports equals the metric aggregate
 * over the same rows (which is checked against scikit-learn elsewhere), a metric degrades when
 * it got worse than the stored baseline by more than the tolerance (lower for scores, higher
 * for losses and errors), checks take parameters, a failed refresh keeps the old baseline, and
 * monitors, results and alerts persist across a reopen without the reference table.
 */
class PerformanceMonitorJdbcTest {
  private static final AtomicLong DATABASES = new AtomicLong();
  /** Every metric aggregate, with the name of its monitored column. */
  private static final Map<String, String> METRICS = new LinkedHashMap<>();
  /** Whether a higher value is better, by column. */
  private static final Map<String, Boolean> HIGHER_IS_BETTER = new LinkedHashMap<>();

  static {
    metric("ACC", "ACCURACY(p >= 0.5, label)", true);
    metric("PREC", "PRECISION_SCORE(p >= 0.5, label)", true);
    metric("REC", "RECALL_SCORE(p >= 0.5, label)", true);
    metric("F1", "F1_SCORE(p >= 0.5, label)", true);
    metric("AUC", "ROC_AUC(p, label)", true);
    metric("R2", "R2_SCORE(predicted, actual)", true);
    metric("LL", "LOG_LOSS(p, label)", false);
    metric("MAE", "MEAN_ABSOLUTE_ERROR(predicted, actual)", false);
    metric("MSE", "MEAN_SQUARED_ERROR(predicted, actual)", false);
    metric("RMSE", "ROOT_MEAN_SQUARED_ERROR(predicted, actual)", false);
  }

  private static void metric(String name, String call, boolean higherIsBetter) {
    METRICS.put(name, call);
    HIGHER_IS_BETTER.put(name, higherIsBetter);
  }

  @TempDir Path dir;

  private static Connection memory() throws SQLException {
    return DriverManager.getConnection("jdbc:sorrel:mem:perfmonitors"
        + DATABASES.incrementAndGet());
  }

  /** {@code CREATE MONITOR quality ON scored (every metric) REFERENCE AS ... d = 1}. */
  private static String monitor(String options, String reference) {
    final StringBuilder columns = new StringBuilder();
    final StringBuilder values = new StringBuilder();
    for (Map.Entry<String, String> m : METRICS.entrySet()) {
      columns.append(columns.length() == 0 ? "" : ", ").append(m.getValue()).append(" AS ")
          .append(m.getKey());
      values.append(values.length() == 0 ? "" : ", ").append(m.getValue());
    }
    return "CREATE MONITOR quality ON scored (" + columns + ") " + options
        + " REFERENCE AS SELECT " + values + " FROM " + reference;
  }

  /**
   * Three days of 1,000 scored rows each: a classifier's probability {@code p} of a 0/1
   * label and a regressor's {@code predicted} value of {@code actual}. Days 1 and 3 come from
   * one model quality; day 2's predictions are much worse. A twentieth of the labels has not
   * arrived (NULL). A table {@code validation} holds day 1's rows again.
   */
  private static void load(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String table : new String[] {"scored", "validation"}) {
        s.execute("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, d INTEGER, p DOUBLE,"
            + " label INTEGER, predicted DOUBLE, actual DOUBLE)");
      }
    }
    final Random random = new Random(20261207);
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO scored VALUES (?, ?, ?, ?, ?, ?)")) {
      for (int i = 0; i < 3000; i++) {
        final int day = 1 + i / 1000;
        final boolean bad = day == 2;
        final int label = random.nextDouble() < 0.4 ? 1 : 0;
        final double z = (label == 1 ? 1 : -1) * (bad ? 0.3 : 1.5) + random.nextGaussian();
        final double actual = 2 * random.nextGaussian();
        ps.setInt(1, i);
        ps.setInt(2, day);
        ps.setDouble(3, 1 / (1 + Math.exp(-z)));
        if (i % 20 == 7) {
          ps.setNull(4, java.sql.Types.INTEGER);
        } else {
          ps.setInt(4, label);
        }
        ps.setDouble(5, actual + random.nextGaussian() * (bad ? 1.5 : 0.3));
        ps.setDouble(6, actual);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (Statement s = c.createStatement()) {
      s.execute("INSERT INTO validation SELECT * FROM scored WHERE d = 1");
    }
  }

  /** The rows of a check by column: SCORE, THRESHOLD, DRIFTED, N_REFERENCE, N_CURRENT, NULLS. */
  private static Map<String, Object[]> check(Connection c, String sql) throws SQLException {
    final Map<String, Object[]> rows = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        rows.put(rs.getString("COLUMN_NAME"), new Object[] {rs.getObject("SCORE"),
            rs.getDouble("THRESHOLD"), rs.getBoolean("DRIFTED"), rs.getObject("N_REFERENCE"),
            rs.getLong("N_CURRENT"), rs.getLong("NULLS_CURRENT"), rs.getString("METHOD"),
            rs.getObject("P_VALUE")});
      }
    }
    return rows;
  }

  /** The metrics as the plain aggregates compute them over {@code scored WHERE where}. */
  private static Map<String, Double> aggregates(Connection c, String table, String where)
      throws SQLException {
    final Map<String, Double> values = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT "
        + String.join(", ", METRICS.values()) + " FROM " + table + " WHERE " + where)) {
      assertTrue(rs.next());
      int i = 1;
      for (String name : METRICS.keySet()) {
        final Object v = rs.getObject(i++);
        values.put(name, v == null ? null : ((Number) v).doubleValue());
      }
    }
    return values;
  }

  @Test void checkScoresEqualTheMetricAggregatesAndDegradeBeyondTheTolerance()
      throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(monitor("WITH (tolerance = 0.05)", "validation"));
      }
      final Map<String, Double> baseline = aggregates(c, "validation", "TRUE");
      assertEquals(baseline.keySet().toString(), Queries.column(c, "SELECT column_name FROM"
          + " sys.monitor_columns ORDER BY ordinal_position").toString());
      for (String name : METRICS.keySet()) {
        assertEquals(baseline.get(name), Queries.column(c, "SELECT baseline_value FROM"
            + " sys.monitor_columns WHERE column_name = '" + name + "'").get(0), name);
      }
      for (int day = 1; day <= 3; day++) {
        final Map<String, Object[]> r = check(c, "CHECK MONITOR quality WHERE d = " + day);
        final Map<String, Double> e = aggregates(c, "scored", "d = " + day);
        for (String name : METRICS.keySet()) {
          final Object[] row = r.get(name);
          final double score = ((Number) row[0]).doubleValue();
          final double b = baseline.get(name);
          final boolean higher = HIGHER_IS_BETTER.get(name);
          assertEquals(e.get(name), score, "day " + day + " " + name);
          assertEquals(higher ? b - 0.05 : b + 0.05, (Double) row[1], 1e-15, name);
          assertEquals(higher ? b - score > 0.05 : score - b > 0.05, row[2], name);
          assertEquals(day == 2, row[2], "day " + day + " " + name + " degraded");
          assertNull(row[3]);
          assertNull(row[7]);
          final boolean classifier = !name.startsWith("R2") && !name.endsWith("SE")
              && !name.equals("MAE");
          assertEquals(classifier ? 950L : 1000L, row[4], name);
          assertEquals(classifier ? 50L : 0L, row[5], name);
        }
        assertEquals("mean_squared_error", r.get("MSE")[6]);
      }
      // Day 2's ten degraded metrics are alerts with their baselines.
      assertEquals(List.of(List.of(10L, 2L)), Queries.rows(c, "SELECT COUNT(*), MIN(check_id)"
          + " FROM sys.alerts"));
      assertEquals(baseline.get("AUC"), Queries.column(c, "SELECT baseline_value FROM"
          + " sys.alerts WHERE column_name = 'AUC'").get(0));
    }
  }

  @Test void aToleranceAsLargeAsTheDropKeepsAColumnQuiet() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      final Map<String, Double> base = aggregates(c, "scored", "d = 1");
      final Map<String, Double> bad = aggregates(c, "scored", "d = 2");
      try (Statement s = c.createStatement()) {
        // AUC's tolerance is a little more than its drop, RMSE's a little less than its rise.
        final double aucTolerance = base.get("AUC") - bad.get("AUC") + 1e-9;
        final double rmseTolerance = bad.get("RMSE") - base.get("RMSE") - 1e-9;
        s.execute("CREATE MONITOR q ON scored (ROC_AUC(p, label) AS auc WITH (tolerance = "
            + aucTolerance + "), ROOT_MEAN_SQUARED_ERROR(predicted, actual) AS rmse WITH"
            + " (tolerance = " + rmseTolerance + ")) REFERENCE AS SELECT ROC_AUC(p, label),"
            + " ROOT_MEAN_SQUARED_ERROR(predicted, actual) FROM scored WHERE d = 1");
      }
      final Map<String, Object[]> r = check(c, "CHECK MONITOR q WHERE d = 2");
      assertEquals(false, r.get("AUC")[2]);
      assertEquals(true, r.get("RMSE")[2]);
    }
  }

  @Test void preparedChecksTakeParametersAndJoinTransactions() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(monitor("", "scored WHERE d = 1"));
      }
      try (PreparedStatement ps = c.prepareStatement(
          "CHECK MONITOR quality WHERE d = ? AND id >= ?")) {
        for (int day = 1; day <= 3; day++) {
          ps.setInt(1, day);
          ps.setInt(2, (day - 1) * 1000 + 500);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("ACC", rs.getString("COLUMN_NAME"));
            assertEquals(aggregates(c, "scored", "d = " + day + " AND id >= "
                + ((day - 1) * 1000 + 500)).get("ACC"), rs.getDouble("SCORE"));
            assertEquals(475, rs.getLong("N_CURRENT"));
            rs.getLong("N_REFERENCE");
            assertTrue(rs.wasNull());
          }
        }
      }
      c.setAutoCommit(false);
      check(c, "CHECK MONITOR quality WHERE d = 2");
      c.rollback();
      c.setAutoCommit(true);
      assertEquals(30, Queries.single(c, "SELECT COUNT(*) FROM sys.monitor_results"));
      assertEquals(10, Queries.single(c, "SELECT COUNT(*) FROM sys.alerts"));
    }
  }

  @Test void aFailedRefreshKeepsTheOldBaselineAndARefreshReplacesIt() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(monitor("", "validation"));
        final Object before = Queries.column(c, "SELECT baseline_value FROM"
            + " sys.monitor_columns WHERE column_name = 'AUC'").get(0);
        // One class only: no AUC, so no baseline.
        s.execute("DELETE FROM validation WHERE label = 0");
        final SQLException e = assertThrows(SQLException.class,
            () -> s.execute("REFRESH MONITOR quality REFERENCE"));
        assertEquals("22000", e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains("column AUC"), e.getMessage());
        assertEquals(before, Queries.column(c, "SELECT baseline_value FROM"
            + " sys.monitor_columns WHERE column_name = 'AUC'").get(0));
        s.execute("DELETE FROM validation");
        s.execute("INSERT INTO validation SELECT * FROM scored WHERE d = 2");
        assertEquals(1, s.executeUpdate("REFRESH MONITOR quality REFERENCE"));
      }
      final Map<String, Object[]> after = check(c, "CHECK MONITOR quality WHERE d = 2");
      for (String name : METRICS.keySet()) {
        assertEquals(false, after.get(name)[2], name);
      }
    }
  }

  @Test void badDefinitionsAreRefusedWithStateAndPosition() throws SQLException {
    try (Connection c = memory(); Statement s = c.createStatement()) {
      load(c);
      final String[][] cases = {
          {"CREATE MONITOR m ON scored (ROC_AUC(p, label) AS auc, p) REFERENCE AS VALUES"
              + " (0.9, 0.5)", "42P16", "column 55"},
          {"CREATE MONITOR m ON scored (MEAN_SQUARED_ERROR(predicted, label = 1) AS mse)"
              + " REFERENCE AS VALUES (0.9)", "42804", "line 1, column 29"},
          {"CREATE MONITOR m ON scored (ROC_AUC(p, label) AS auc WITH (tolerance = 1.5))"
              + " REFERENCE AS VALUES (0.9)", "22023", "column 72"},
          {"CREATE MONITOR m ON scored (ROC_AUC(p, label) AS auc) REFERENCE AS VALUES (2)",
              "22023", "column 68"},
      };
      for (String[] bad : cases) {
        final SQLException e = assertThrows(SQLException.class, () -> s.execute(bad[0]));
        assertEquals(bad[1], e.getSQLState(), e.getMessage());
        assertTrue(e.getMessage().contains(bad[2]), e.getMessage());
      }
      assertEquals(0, Queries.single(c, "SELECT COUNT(*) FROM sys.monitors"));
    }
  }

  @Test void monitorsResultsAndAlertsPersistAcrossReopen() throws SQLException {
    final String url = "jdbc:sorrel:" + dir.resolve("db").toAbsolutePath();
    final Map<String, Object[]> first;
    try (Connection c = DriverManager.getConnection(url)) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(monitor("WITH (tolerance = 0.02)", "validation"));
      }
      first = check(c, "CHECK MONITOR quality WHERE d = 2");
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals("[[QUALITY, performance, 10, 1]]", Queries.rows(c, "SELECT monitor_name,"
          + " kind, column_count, reference_rows FROM sys.monitors").toString());
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE validation");
      }
      final Map<String, Object[]> again = check(c, "CHECK MONITOR quality WHERE d = 2");
      for (String column : first.keySet()) {
        assertEquals(first.get(column)[0], again.get(column)[0], column);
        assertEquals(first.get(column)[1], again.get(column)[1], column);
      }
      assertEquals("[[1, 10, 10], [2, 10, 10]]", Queries.rows(c, "SELECT check_id, COUNT(*),"
          + " SUM(CASE WHEN drifted THEN 1 ELSE 0 END) FROM sys.monitor_results"
          + " GROUP BY check_id ORDER BY check_id").toString());
      assertEquals(20, Queries.single(c, "SELECT COUNT(*) FROM sys.alerts"
          + " WHERE baseline_value IS NOT NULL"));
    }
  }
}
