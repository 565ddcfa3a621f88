package dev.sorrel.e2e.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.Queries;

/**
 * Monitors through JDBC: each column of a check equals the drift aggregate over the same
 * reference and current rows, the baseline is read from storage (the reference table can be
 * dropped), checks take parameters and join transactions, a failed refresh keeps the old
 * baseline, and monitors, results and alerts persist across a reopen.
 */
class MonitorJdbcTest {
  private static final AtomicLong DATABASES = new AtomicLong();
  /** Columns of the monitor most tests create, and their methods. */
  private static final String MONITOR = "CREATE MONITOR inputs ON tx ("
      + "amount WITH (method = 'ks'), "
      + "amount AS amount_psi WITH (method = 'psi', bins = 20, binning = 'quantile'), "
      + "age WITH (method = 'js'), "
      + "amount AS amount_w WITH (method = 'wasserstein'), "
      + "country WITH (method = 'chi2')) "
      + "REFERENCE AS SELECT amount, amount, age, amount, country FROM training";

  @TempDir Path dir;

  private static Connection memory() throws SQLException {
    return DriverManager.getConnection("jdbc:sorrel:mem:monitors" + DATABASES.incrementAndGet());
  }

  /**
   * Reference rows (2,000) and two days of current rows (1,500 each): day 1 from the
   * reference's distributions, day 2 shifted (amount's log by +0.8 and wider, age older, another
   * country mix). A tenth of the current amounts is NULL.
   */
  private static void load(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE training (id INTEGER PRIMARY KEY, amount DOUBLE, age INTEGER,"
          + " country VARCHAR(2))");
      s.execute("CREATE TABLE tx (id INTEGER PRIMARY KEY, d INTEGER, amount DOUBLE,"
          + " age INTEGER, country VARCHAR(2))");
    }
    final Random random = new Random(20261207);
    final String[] countries = {"DE", "FR", "US", "NL"};
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO training VALUES (?, ?, ?, ?)")) {
      for (int i = 0; i < 2000; i++) {
        ps.setInt(1, i);
        ps.setDouble(2, Math.exp(random.nextGaussian()));
        ps.setInt(3, 20 + random.nextInt(40));
        ps.setString(4, countries[random.nextInt(3)]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO tx VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < 3000; i++) {
        final boolean drifted = i >= 1500;
        ps.setInt(1, i);
        ps.setInt(2, drifted ? 2 : 1);
        if (i % 10 == 3) {
          ps.setNull(3, Types.DOUBLE);
        } else {
          ps.setDouble(3, drifted ? Math.exp(0.8 + 1.2 * random.nextGaussian())
              : Math.exp(random.nextGaussian()));
        }
        ps.setInt(4, (drifted ? 30 : 20) + random.nextInt(40));
        ps.setString(5, countries[drifted ? random.nextInt(4) : random.nextInt(3)]);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /** A check's rows by column: score, p-value, drifted, n_current, nulls_current. */
  private static Map<String, Object[]> check(Connection c, String sql) throws SQLException {
    final Map<String, Object[]> results = new LinkedHashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        results.put(rs.getString("COLUMN_NAME"), new Object[] {rs.getObject("SCORE"),
            rs.getObject("P_VALUE"), rs.getBoolean("DRIFTED"), rs.getLong("N_CURRENT"),
            rs.getLong("NULLS_CURRENT")});
      }
    }
    return results;
  }

  private static double[] aggregates(Connection c, String select, int day) throws SQLException {
    final String sql = "SELECT " + select + " FROM (SELECT amount AS v, age AS a, country AS k,"
        + " TRUE AS r FROM training UNION ALL SELECT amount, age, country, FALSE FROM tx"
        + " WHERE d = " + day + ")";
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      final double[] values = new double[rs.getMetaData().getColumnCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = rs.getDouble(i + 1);
      }
      return values;
    }
  }

  private static void assertClose(double expected, Object actual, String what) {
    final double a = ((Number) actual).doubleValue();
    assertEquals(expected, a, 1e-12 * Math.max(1, Math.abs(expected)), what);
  }

  @Test void checkScoresEqualTheDriftAggregatesOverTheSameRows() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(MONITOR);
      }
      for (int day = 1; day <= 2; day++) {
        final Map<String, Object[]> r = check(c, "CHECK MONITOR inputs WHERE d = " + day);
        final double[] e = aggregates(c, "DRIFT_KS_STATISTIC(v, r), DRIFT_KS(v, r),"
            + " DRIFT_PSI(v, r, 20, 'quantile'), DRIFT_JS(a, r), DRIFT_WASSERSTEIN(v, r),"
            + " DRIFT_CHI2_STATISTIC(k, r), DRIFT_CHI2(k, r),"
            + " STDDEV_POP(CASE WHEN r THEN v END)", day);
        final String at = " on day " + day;
        assertClose(e[0], r.get("AMOUNT")[0], "KS statistic" + at);
        assertClose(e[1], r.get("AMOUNT")[1], "KS p-value" + at);
        assertClose(e[2], r.get("AMOUNT_PSI")[0], "PSI" + at);
        assertClose(e[3], r.get("AGE")[0], "Jensen-Shannon" + at);
        assertEquals(e[4] / e[7], ((Number) r.get("AMOUNT_W")[0]).doubleValue(),
            1e-9 * e[4] / e[7], "normed Wasserstein" + at);
        assertClose(e[5], r.get("COUNTRY")[0], "chi-square statistic" + at);
        assertClose(e[6], r.get("COUNTRY")[1], "chi-square p-value" + at);
        assertEquals(1350L, r.get("AMOUNT")[3], "current values" + at);
        assertEquals(150L, r.get("AMOUNT")[4], "current NULLs" + at);
        assertNull(r.get("AMOUNT_PSI")[1], "PSI has no p-value");
      }
      final Map<String, Object[]> stable = check(c, "CHECK MONITOR inputs WHERE d = 1");
      final Map<String, Object[]> drifted = check(c, "CHECK MONITOR inputs WHERE d = 2");
      for (String column : drifted.keySet()) {
        assertFalse((Boolean) stable.get(column)[2], column + " drifted on the stable day");
        assertTrue((Boolean) drifted.get(column)[2], column + " did not drift on day 2");
      }
      assertEquals(4 * 5, Queries.single(c, "SELECT COUNT(*) FROM sys.monitor_results"));
      assertEquals(2 * 5, Queries.single(c, "SELECT COUNT(*) FROM sys.alerts"));
    }
  }

  @Test void autoChoosesTestsByTypeAndReferenceSize() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute("CREATE MONITOR big ON tx (amount, country, MOD(age, 3) AS bucket)"
            + " REFERENCE AS SELECT amount, country, MOD(age, 3) FROM training");
        s.execute("CREATE MONITOR small ON tx (amount, country) REFERENCE AS"
            + " SELECT amount, country FROM training WHERE id < 1000");
      }
      assertEquals("[[BIG, AMOUNT, wasserstein, 0.1], [BIG, COUNTRY, js, 0.1],"
          + " [BIG, BUCKET, js, 0.1], [SMALL, AMOUNT, ks, 0.05], [SMALL, COUNTRY, chi2, 0.05]]",
          Queries.rows(c, "SELECT monitor_name, column_name, method, threshold"
              + " FROM sys.monitor_columns ORDER BY monitor_name, ordinal_position").toString());
      // The reference of SMALL is the first 1,000 training rows; its KS is exact (SciPy's
      // exact mode up to 10,000 values per sample).
      final Map<String, Object[]> r = check(c, "CHECK MONITOR small WHERE d = 2");
      final double expected = ((Number) Queries.rows(c, "SELECT DRIFT_KS(v, r) FROM"
          + " (SELECT amount AS v, TRUE AS r FROM training WHERE id < 1000 UNION ALL"
          + " SELECT amount, FALSE FROM tx WHERE d = 2)").get(0).get(0)).doubleValue();
      assertClose(expected, r.get("AMOUNT")[1], "KS p-value of the smaller reference");
      final Map<String, Object[]> big = check(c, "CHECK MONITOR big WHERE d = 2");
      final double[] e = aggregates(c, "DRIFT_WASSERSTEIN(v, r),"
          + " STDDEV_POP(CASE WHEN r THEN v END)", 2);
      assertEquals(e[0] / e[1], ((Number) big.get("AMOUNT")[0]).doubleValue(),
          1e-9 * e[0] / e[1]);
      assertTrue((Boolean) big.get("COUNTRY")[2], "a fourth country appears on day 2");
    }
  }

  @Test void checksReadTheStoredBaselineNotTheReferenceTable() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(MONITOR);
      }
      final Map<String, Object[]> before = check(c, "CHECK MONITOR inputs WHERE d = 2");
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE training");
      }
      final Map<String, Object[]> after = check(c, "CHECK MONITOR inputs WHERE d = 2");
      for (String column : before.keySet()) {
        assertEquals(before.get(column)[0], after.get(column)[0], column);
        assertEquals(before.get(column)[1], after.get(column)[1], column);
      }
      // A refresh needs the reference query, and fails without changing the baseline.
      final SQLException e = assertThrows(SQLException.class, () -> {
        try (Statement s = c.createStatement()) {
          s.execute("REFRESH MONITOR inputs REFERENCE");
        }
      });
      assertEquals("42S02", e.getSQLState(), e.getMessage());
      assertEquals(before.get("AMOUNT")[0],
          check(c, "CHECK MONITOR inputs WHERE d = 2").get("AMOUNT")[0]);
    }
  }

  @Test void aFailedRefreshKeepsTheOldBaselineAndARefreshReplacesIt() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(MONITOR);
        final Map<String, Object[]> before = check(c, "CHECK MONITOR inputs WHERE d = 2");
        s.execute("UPDATE training SET amount = NULL");
        final SQLException e = assertThrows(SQLException.class,
            () -> s.execute("REFRESH MONITOR inputs REFERENCE"));
        assertEquals("22000", e.getSQLState(), e.getMessage());
        assertEquals(before.get("AMOUNT")[0],
            check(c, "CHECK MONITOR inputs WHERE d = 2").get("AMOUNT")[0]);
        s.execute("DELETE FROM training");
        s.execute("INSERT INTO training SELECT id, amount, age, country FROM tx WHERE d = 2");
        assertEquals(1500, s.executeUpdate("REFRESH MONITOR inputs REFERENCE"));
        final Map<String, Object[]> after = check(c, "CHECK MONITOR inputs WHERE d = 2");
        assertEquals(0.0, ((Number) after.get("AMOUNT")[0]).doubleValue());
        assertFalse((Boolean) after.get("AMOUNT")[2]);
        assertEquals(1L, Queries.single(c, "SELECT COUNT(*) FROM sys.monitors"
            + " WHERE reference_rows = 1500 AND refreshed >= created"));
      }
    }
  }

  @Test void preparedChecksTakeParametersAndReturnTypedColumns() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(MONITOR);
      }
      try (PreparedStatement ps = c.prepareStatement(
          "CHECK MONITOR inputs WHERE d = ? AND amount IS NOT NULL")) {
        final ResultSetMetaData md = ps.getMetaData();
        assertEquals(12, md.getColumnCount());
        assertEquals(Types.DOUBLE, md.getColumnType(4));
        assertEquals(Types.BOOLEAN, md.getColumnType(7));
        assertEquals(Types.TIMESTAMP, md.getColumnType(11));
        long previousCheck = 0;
        for (int day = 1; day <= 2; day++) {
          ps.setInt(1, day);
          try (ResultSet rs = ps.executeQuery()) {
            assertTrue(rs.next());
            assertEquals("AMOUNT", rs.getString("COLUMN_NAME"));
            assertEquals(day == 2, rs.getBoolean("DRIFTED"));
            assertEquals(0, rs.getLong("NULLS_CURRENT"));
            assertTrue(rs.getLong("CHECK_ID") > previousCheck);
            previousCheck = rs.getLong("CHECK_ID");
            assertTrue(rs.getTimestamp("CHECKED_AT") != null);
          }
        }
      }
    }
  }

  @Test void aCheckInARolledBackTransactionRecordsNothing() throws SQLException {
    try (Connection c = memory()) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(MONITOR);
        c.setAutoCommit(false);
        check(c, "CHECK MONITOR inputs WHERE d = 2");
        assertEquals(5, Queries.single(c, "SELECT COUNT(*) FROM sys.monitor_results"));
        c.rollback();
        assertEquals(0, Queries.single(c, "SELECT COUNT(*) FROM sys.monitor_results"));
        assertEquals(0, Queries.single(c, "SELECT COUNT(*) FROM sys.alerts"));
        check(c, "CHECK MONITOR inputs WHERE d = 2");
        c.commit();
        assertEquals(5, Queries.single(c, "SELECT COUNT(*) FROM sys.monitor_results"));
      }
    }
  }

  @Test void monitorsResultsAndAlertsPersistAcrossReopen() throws SQLException {
    final String url = "jdbc:sorrel:" + dir.resolve("db").toAbsolutePath();
    final Map<String, Object[]> first;
    try (Connection c = DriverManager.getConnection(url)) {
      load(c);
      try (Statement s = c.createStatement()) {
        s.execute(MONITOR);
        s.execute("ALTER MONITOR inputs SET COMMENT 'kept'");
      }
      first = check(c, "CHECK MONITOR inputs WHERE d = 2");
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals("[[INPUTS, 5, kept, 2000]]", Queries.rows(c, "SELECT monitor_name,"
          + " column_count, comment, reference_rows FROM sys.monitors").toString());
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE training");
      }
      final Map<String, Object[]> again = check(c, "CHECK MONITOR inputs WHERE d = 2");
      for (String column : first.keySet()) {
        assertEquals(first.get(column)[0], again.get(column)[0], column);
      }
      assertEquals("[[1, 5, 5], [2, 5, 5]]", Queries.rows(c, "SELECT check_id, COUNT(*),"
          + " SUM(CASE WHEN drifted THEN 1 ELSE 0 END) FROM sys.monitor_results"
          + " GROUP BY check_id ORDER BY check_id").toString());
      assertEquals("[[1, 10, 10]]", Queries.rows(c, "SELECT MIN(alert_id),"
          + " MAX(alert_id), COUNT(*) FROM sys.alerts").toString());
      try (Statement s = c.createStatement()) {
        assertEquals(10, s.executeUpdate("ALTER MONITOR inputs ACKNOWLEDGE ALERTS"));
      }
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(10, Queries.single(c,
          "SELECT COUNT(*) FROM sys.alerts WHERE acknowledged_at IS NOT NULL"));
      try (Statement s = c.createStatement()) {
        s.execute("DROP MONITOR inputs");
      }
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(0, Queries.single(c, "SELECT COUNT(*) FROM sys.monitors"));
      assertEquals(0, Queries.single(c, "SELECT COUNT(*) FROM sys.monitor_results"));
    }
  }
}
