package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code EXPERIMENT_RESULTS} through JDBC: its figures equal NumPy's and
 * SciPy's on the reference cases of {@code make_statistics.py} (to 1e-9),
 * with and without CUPED; it composes with the rest of SQL; and each mistake
 * is a SQLException with its SQLState.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExperimentResultsTest {
  /** Relative tolerance against the reference values (absolute below 1e-3). */
  private static final double TOLERANCE = 1e-9;

  private Connection connection;

  @BeforeEach
  void open() throws SQLException {
    connection = memory();
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  /** One reference case: its units and the expected figures per variant. */
  private record Case(String name, double level, List<String[]> units,
      Map<String, Map<String, Double>> figures) {
  }

  private static Map<String, Case> cases() throws IOException {
    final Map<String, Case> cases = new LinkedHashMap<>();
    for (String[] r : csv("experiments/results_units.csv")) {
      cases.computeIfAbsent(r[0], n -> new Case(n, 0, new ArrayList<>(), new LinkedHashMap<>()))
          .units().add(r);
    }
    for (String[] r : csv("experiments/results.csv")) {
      Case c = cases.get(r[0]);
      if (r[2].equals("level")) {
        cases.put(r[0], c = new Case(c.name(), Double.parseDouble(r[3]), c.units(),
            c.figures()));
      } else {
        c.figures().computeIfAbsent(r[1], v -> new LinkedHashMap<>())
            .put(r[2], Double.parseDouble(r[3]));
      }
    }
    return cases;
  }

  private static List<String[]> csv(String resource) throws IOException {
    try (InputStream in = ExperimentResultsTest.class.getClassLoader()
        .getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      final BufferedReader reader = new BufferedReader(
          new InputStreamReader(in, StandardCharsets.UTF_8));
      reader.readLine();
      final List<String[]> rows = new ArrayList<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        rows.add(line.split(",", -1));
      }
      return rows;
    }
  }

  /** Creates the case's experiment and an outcomes table of its units. */
  private void load(Case c, String unitType, String variants) throws SQLException {
    exec(connection, "CREATE EXPERIMENT \"" + c.name() + "\" (" + variants + ")",
        "CREATE TABLE outcomes (unit " + unitType + " PRIMARY KEY, revenue DOUBLE,"
            + " pre DOUBLE)");
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO outcomes VALUES (?, ?, ?)")) {
      for (String[] u : c.units()) {
        insert.setString(1, u[1]);
        insert.setDouble(2, Double.parseDouble(u[3]));
        insert.setDouble(3, Double.parseDouble(u[4]));
        insert.addBatch();
      }
      insert.executeBatch();
    }
    // The reference assigned units with the seed's router; ASSIGN_VARIANT must agree.
    final Map<String, String> expected = new LinkedHashMap<>();
    for (String[] u : c.units()) {
      expected.put(u[1], u[2]);
    }
    for (List<Object> row : rows(connection, "SELECT CAST(unit AS VARCHAR), ASSIGN_VARIANT('"
        + c.name() + "', unit) FROM outcomes")) {
      assertEquals(expected.get(row.get(0)), row.get(1), "variant of " + row.get(0));
    }
  }

  @Test
  void figuresEqualNumpyAndScipyWithCuped() throws Exception {
    final Case c = cases().get("cuped_revenue");
    load(c, "BIGINT", "control WEIGHT 50, treatment WEIGHT 50");
    checkAgainstReference(c, "SELECT * FROM TABLE(EXPERIMENT_RESULTS('cuped_revenue',"
        + " CURSOR(SELECT unit, revenue, pre FROM outcomes), 0.95))", true);
  }

  @Test
  void figuresOfThreeVariantsWithTextUnitsAtAnotherLevel() throws Exception {
    final Case c = cases().get("three_arms");
    load(c, "VARCHAR(20)", "\"old\" WEIGHT 34, \"new\" WEIGHT 33, \"bold\" WEIGHT 33");
    checkAgainstReference(c, "SELECT * FROM TABLE(EXPERIMENT_RESULTS('three_arms',"
        + " CURSOR(SELECT unit, revenue, pre FROM outcomes), " + c.level() + "))", true);
  }

  @Test
  void withoutCovariateTheCupedColumnsAreNull() throws Exception {
    final Case c = cases().get("cuped_revenue");
    load(c, "BIGINT", "control WEIGHT 50, treatment WEIGHT 50");
    // The default level is 0.95, the case's.
    checkAgainstReference(c, "SELECT * FROM TABLE(EXPERIMENT_RESULTS('cuped_revenue',"
        + " CURSOR(SELECT unit, revenue FROM outcomes)))", false);
  }

  private void checkAgainstReference(Case c, String sql, boolean cuped) throws SQLException {
    final List<String> variants = new ArrayList<>(c.figures().keySet());
    try (ResultSet rs = connection.createStatement().executeQuery(sql)) {
      final ResultSetMetaData meta = rs.getMetaData();
      assertEquals(26, meta.getColumnCount());
      for (int i = 0; i < variants.size(); i++) {
        assertTrue(rs.next(), "a row for " + variants.get(i));
        final String variant = variants.get(i);
        assertEquals(variant, rs.getString("VARIANT"));
        assertEquals(i == 0, rs.getBoolean("IS_CONTROL"));
        final Map<String, Double> expected = c.figures().get(variant);
        assertEquals(expected.get("n").longValue(), rs.getLong("N"));
        for (int col = 4; col <= meta.getColumnCount(); col++) {
          final String name = meta.getColumnLabel(col).toLowerCase(Locale.ROOT);
          final Object actual = rs.getObject(col);
          if (name.endsWith("significant")) {
            final Double p = expected.get(name.replace("significant", "p_value"));
            if (p == null || name.startsWith("cuped") && !cuped) {
              assertNull(actual, variant + " " + name);
            } else {
              assertEquals(p < 1 - c.level(), actual, variant + " " + name);
            }
            continue;
          }
          final Double want = name.startsWith("cuped") && !cuped ? null : expected.get(name);
          if (want == null) {
            assertNull(actual, variant + " " + name);
          } else {
            assertNotNull(actual, variant + " " + name);
            final double got = ((Number) actual).doubleValue();
            assertEquals(want, got, TOLERANCE * Math.max(1e-3, Math.abs(want)),
                variant + " " + name);
          }
        }
      }
      assertFalse(rs.next());
    }
  }

  @Test
  void composesWithWhereOrderByJoinsAndWith() throws Exception {
    final Case c = cases().get("three_arms");
    load(c, "VARCHAR(20)", "\"old\" WEIGHT 34, \"new\" WEIGHT 33, \"bold\" WEIGHT 33");
    final String results = "TABLE(EXPERIMENT_RESULTS('three_arms', CURSOR(SELECT unit,"
        + " revenue, pre FROM outcomes WHERE unit <> 'user_0'), 0.9))";
    final List<List<Object>> treatments = rows(connection, "SELECT r.variant, v.weight, r.n"
        + " FROM " + results + " AS r JOIN sys.experiment_variants v"
        + " ON v.experiment_name = 'three_arms' AND v.variant_name = r.variant"
        + " WHERE NOT r.is_control ORDER BY r.variant");
    assertEquals(2, treatments.size());
    assertEquals("bold", treatments.get(0).get(0));
    assertEquals("new", treatments.get(1).get(0));
    final long units = c.units().size() - 1;
    final long total = ((Number) rows(connection, "SELECT SUM(n) FROM " + results).get(0)
        .get(0)).longValue();
    assertEquals(units, total);
    // At level 0.9 a treatment is significant when its p-value is below 0.1.
    final List<List<Object>> significant = rows(connection, "WITH r AS (SELECT * FROM "
        + results + ") SELECT COUNT(*) FILTER (WHERE cuped_p_value < 0.1),"
        + " COUNT(*) FILTER (WHERE cuped_significant), COUNT(cuped_p_value) FROM r");
    assertEquals(significant.get(0).get(0), significant.get(0).get(1));
    assertEquals(2L, significant.get(0).get(2));
  }

  @Test
  void aStoppedExperimentIsAnalysedAsItRan() throws Exception {
    final Case c = cases().get("cuped_revenue");
    load(c, "BIGINT", "control WEIGHT 50, treatment WEIGHT 50");
    final String sql = "SELECT variant, n, p_value FROM TABLE(EXPERIMENT_RESULTS("
        + "'cuped_revenue', CURSOR(SELECT unit, revenue FROM outcomes)))";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      final List<List<Object>> running = read(ps);
      exec(connection, "ALTER EXPERIMENT \"cuped_revenue\" START",
          "ALTER EXPERIMENT \"cuped_revenue\" STOP WINNER treatment");
      assertEquals(running, read(ps));
      assertEquals(running, rows(connection, sql));
      exec(connection, "DROP EXPERIMENT \"cuped_revenue\"");
      final SQLException e = assertSqlState(SQLSyntaxErrorException.class, "42S02",
          ps::executeQuery);
      assertTrue(e.getMessage().contains("cuped_revenue"), e.getMessage());
    }
  }

  private static List<List<Object>> read(PreparedStatement ps) throws SQLException {
    final List<List<Object>> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(java.util.Arrays.asList(rs.getString(1), rs.getLong(2), rs.getObject(3)));
      }
    }
    return out;
  }

  @Test
  void nullsAreSkippedAndSmallVariantsGiveNullStatistics() throws Exception {
    exec(connection, "CREATE EXPERIMENT e (control WEIGHT 50, treatment WEIGHT 50)",
        "CREATE TABLE o (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, unit INTEGER,"
            + " revenue DOUBLE, pre DOUBLE)");
    // Units 1, 2, 7, 8 are control, 3 to 6 treatment (the seed's router for experiment E).
    exec(connection, "INSERT INTO o (unit, revenue, pre) VALUES (1, 10.0, 9.0),"
        + " (2, 12.0, 11.5), (7, 9.0, 8.0), (3, 14.0, 12.0), (4, NULL, 12.5), (5, 13.0, NULL),"
        + " (6, NULL, NULL)");
    exec(connection, "INSERT INTO o (unit, revenue, pre) VALUES (NULL, 1.0, 1.0)");
    final List<List<Object>> r = rows(connection, "SELECT variant, n, mean, stddev, mean_diff,"
        + " mean_diff_lower, p_value, significant, cuped_theta FROM TABLE(EXPERIMENT_RESULTS("
        + "'e', CURSOR(SELECT unit, revenue, pre FROM o)))");
    assertEquals(2, r.size());
    assertEquals(List.of("control", 3L), r.get(0).subList(0, 2));
    assertEquals(List.of("treatment", 1L, 14.0), r.get(1).subList(0, 3));
    // One treatment unit: its mean and the difference exist, its spread and tests do not.
    assertNull(r.get(1).get(3));
    assertEquals(14.0 - 31.0 / 3, ((Number) r.get(1).get(4)).doubleValue(), 1e-12);
    assertNull(r.get(1).get(5));
    assertNull(r.get(1).get(6));
    assertNull(r.get(1).get(7));
    assertNotNull(r.get(1).get(8));
    // Without the covariate, unit 5 counts.
    assertEquals(2L, rows(connection, "SELECT n FROM TABLE(EXPERIMENT_RESULTS('e',"
        + " CURSOR(SELECT unit, revenue FROM o))) WHERE variant = 'treatment'").get(0).get(0));
    // No units at all: a row per variant, n = 0, no figures.
    final List<List<Object>> none = rows(connection, "SELECT variant, n, mean, srm_p FROM"
        + " TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT unit, revenue FROM o WHERE 1 = 0)))");
    assertEquals(List.of(List.of("control", 0L), List.of("treatment", 0L)),
        none.stream().map(x -> x.subList(0, 2)).toList());
    assertNull(none.get(0).get(2));
    assertEquals(1.0, none.get(0).get(3));
  }

  @Test
  void mistakesAreSqlExceptionsWithStatesAndPositions() throws Exception {
    exec(connection, "CREATE EXPERIMENT e (control WEIGHT 50, treatment WEIGHT 50)",
        "CREATE TABLE o (unit INTEGER PRIMARY KEY, revenue DOUBLE, pre DOUBLE,"
            + " name VARCHAR(10), price DECIMAL(10, 2))",
        "INSERT INTO o VALUES (1, 1.0, 1.0, 'a', 1.50), (2, 2.0, 2.0, 'a', 2.50)");
    SQLException e = assertSqlState(SQLSyntaxErrorException.class, "42S02", () -> rows(
        connection, "SELECT * FROM TABLE(EXPERIMENT_RESULTS('nosuch', CURSOR(SELECT unit,"
            + " revenue FROM o)))"));
    assertTrue(e.getMessage().contains("experiments: E"), e.getMessage());
    assertTrue(e.getMessage().contains("line 1, column 40"), e.getMessage());
    e = assertSqlState(SQLSyntaxErrorException.class, "42804", () -> rows(connection,
        "SELECT * FROM TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT unit FROM o)))"));
    assertTrue(e.getMessage().contains("gives 1 column;"), e.getMessage());
    assertTrue(e.getMessage().contains("line 1, column 45"), e.getMessage());
    assertSqlState(SQLSyntaxErrorException.class, "42804", () -> rows(connection,
        "SELECT * FROM TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT unit, revenue, pre, pre"
            + " FROM o)))"));
    e = assertSqlState(SQLSyntaxErrorException.class, "42804", () -> rows(connection,
        "SELECT * FROM TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT revenue, pre FROM o)))"));
    assertTrue(e.getMessage().contains("CAST"), e.getMessage());
    e = assertSqlState(SQLSyntaxErrorException.class, "42804", () -> rows(connection,
        "SELECT * FROM TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT unit, name FROM o)))"));
    assertTrue(e.getMessage().contains("must be numeric"), e.getMessage());
    assertSqlState(SQLSyntaxErrorException.class, "42804", () -> rows(connection,
        "SELECT * FROM TABLE(EXPERIMENT_RESULTS('e', 5))"));
    assertSqlState(SQLSyntaxErrorException.class, "42804", () -> rows(connection,
        "SELECT * FROM TABLE(EXPERIMENT_RESULTS(UPPER('e'), CURSOR(SELECT unit, revenue"
            + " FROM o)))"));
    for (String level : List.of("0", "1", "1.5", "-0.5", "'high'")) {
      e = assertSqlState(SQLDataException.class, "22023", () -> rows(connection,
          "SELECT * FROM TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT unit, revenue FROM o), "
              + level + "))"));
      assertTrue(e.getMessage().contains("line 1, column"), e.getMessage());
    }
    exec(connection, "INSERT INTO o VALUES (3, 3.0, 3.0, 'b', 1.00)");
    e = assertSqlState(SQLDataException.class, "21000", () -> rows(
        connection, "SELECT * FROM TABLE(EXPERIMENT_RESULTS('e', CURSOR(SELECT name, revenue"
            + " FROM o)))"));
    assertTrue(e.getMessage().contains("GROUP BY"), e.getMessage());
    // The fix the message suggests works, and decimal values are analysed as doubles.
    assertEquals(List.of(List.of(2L)), rows(connection, "SELECT SUM(n) FROM TABLE("
        + "EXPERIMENT_RESULTS('e', CURSOR(SELECT name, SUM(price) FROM o GROUP BY name)))"));
    // The connection is still usable.
    assertEquals(3, rows(connection, "SELECT * FROM o").size());
  }
}
