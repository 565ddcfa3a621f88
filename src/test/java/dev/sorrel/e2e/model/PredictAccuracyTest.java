package dev.sorrel.e2e.model;

import static dev.sorrel.e2e.model.ModelTestSupport.asDouble;
import static dev.sorrel.e2e.model.ModelTestSupport.assertMessageContains;
import static dev.sorrel.e2e.model.ModelTestSupport.assertSqlState;
import static dev.sorrel.e2e.model.ModelTestSupport.byId;
import static dev.sorrel.e2e.model.ModelTestSupport.close;
import static dev.sorrel.e2e.model.ModelTestSupport.copyModel;
import static dev.sorrel.e2e.model.ModelTestSupport.exec;
import static dev.sorrel.e2e.model.ModelTestSupport.lit;
import static dev.sorrel.e2e.model.ModelTestSupport.mem;
import static dev.sorrel.e2e.model.ModelTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.sorrel.e2e.model.ModelTestSupport.Csv;
import dev.sorrel.e2e.model.ModelTestSupport.Fixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fixture model scored through SQL against scikit-learn's own outputs in the
 * reference CSVs, plus batch-boundary and NULL handling.
 */
class PredictAccuracyTest {

  @TempDir
  Path dir;

  // ------------------------------------------------------------------ helpers

  /** Registers the fixture as `name` (optionally with a WITH clause) and loads its CSV into `table`. */
  private Csv setUp(Connection c, Fixture f, String name, String table) throws SQLException {
    exec(c, "CREATE MODEL " + name + " FROM " + lit(copyModel(dir, f)));
    final Csv csv = f.csv();
    csv.load(c, table);
    return csv;
  }

  /** SELECT id, expr FROM table, every row compared with expected(id - 1). */
  private static Executable numericColumn(Connection c, Csv csv, String table, String expr,
      IntFunction<Double> expected) {
    return () -> {
      final String sql = "SELECT id, " + expr + " FROM " + table;
      final Map<Integer, Object> got = byId(c, sql);
      assertEquals(csv.size(), got.size(), "row count of " + sql);
      final List<String> bad = new ArrayList<>();
      for (int i = 0; i < csv.size(); i++) {
        final int id = i + 1;
        final double want = expected.apply(i);
        final Object v = got.get(id);
        if (!(v instanceof Number) || !close(want, ((Number) v).doubleValue())) {
          bad.add("id " + id + ": expected " + want + " got " + v);
        }
      }
      if (!bad.isEmpty()) {
        fail(bad.size() + " of " + csv.size() + " rows wrong for " + expr + "; first: "
            + bad.subList(0, Math.min(5, bad.size())));
      }
    };
  }

  /** PREDICT_LABEL: BIGINT, equal to the CSV label on every row. */
  private static Executable labelColumn(Connection c, Csv csv, String table, String model) {
    return () -> {
      final String expr = "PREDICT_LABEL(" + model + ", " + csv.args() + ")";
      final String sql = "SELECT id, " + expr + " FROM " + table;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
        assertEquals(Types.BIGINT, rs.getMetaData().getColumnType(2),
            "PREDICT_LABEL column type (" + rs.getMetaData().getColumnTypeName(2) + ")");
      }
      final Map<Integer, Object> got = byId(c, sql);
      assertEquals(csv.size(), got.size(), "row count of " + sql);
      final List<String> bad = new ArrayList<>();
      for (int i = 0; i < csv.size(); i++) {
        final Object v = got.get(i + 1);
        if (!(v instanceof Number) || ((Number) v).longValue() != csv.labels.get(i)
            || ((Number) v).doubleValue() != csv.labels.get(i)) {
          bad.add("id " + (i + 1) + ": expected " + csv.labels.get(i) + " got " + v);
        }
      }
      if (!bad.isEmpty()) {
        fail(bad.size() + " of " + csv.size() + " labels wrong; first: "
            + bad.subList(0, Math.min(5, bad.size())));
      }
    };
  }

  private static Executable[] classifierChecks(Connection c, Csv csv, String table, String model,
      boolean predictDefined, String probaOutput) {
    final List<Executable> checks = new ArrayList<>();
    final String args = csv.args();
    if (predictDefined) {
      checks.add(numericColumn(c, csv, table, "PREDICT(" + model + ", " + args + ")",
          i -> csv.outputs.get(i)[1]));
    }
    checks.add(labelColumn(c, csv, table, model));
    for (int k = 0; k < csv.fixture.classes; k++) {
      final int cls = k;
      checks.add(numericColumn(c, csv, table, "PREDICT_PROBA(" + model + ", " + k + ", " + args + ")",
          i -> csv.outputs.get(i)[cls]));
      if (probaOutput != null) {
        checks.add(numericColumn(c, csv, table,
            "PREDICT_OUTPUT(" + model + ", '" + probaOutput + "[" + k + "]', " + args + ")",
            i -> csv.outputs.get(i)[cls]));
      }
    }
    return checks.toArray(new Executable[0]);
  }

  // ------------------------------------------------------------------ one test per fixture

  @Test
  void logisticRegressionMatchesSklearn() throws SQLException {
    try (Connection c = mem("acc_logreg")) {
      final Csv csv = setUp(c, Fixture.LOGREG, "lr", "t");
      assertAll(classifierChecks(c, csv, "t", "'lr'", true, "probabilities"));
      assertAll(numericColumn(c, csv, "t", "PREDICT_OUTPUT('lr', 'label', " + csv.args() + ")",
          i -> (double) csv.labels.get(i)));
    }
  }

  @Test
  void zipMapLogisticRegressionMatchesSklearn() throws SQLException {
    try (Connection c = mem("acc_zipmap")) {
      final Csv csv = setUp(c, Fixture.ZIPMAP, "lrz", "t");
      // PREDICT on a ZipMap model = value under key 1 = p1.
      assertAll(classifierChecks(c, csv, "t", "'lrz'", true, null));
      assertAll(numericColumn(c, csv, "t",
          "PREDICT_OUTPUT('lrz', 'output_label', " + csv.args() + ")",
          i -> (double) csv.labels.get(i)));
    }
  }

  @Test
  void randomForestMatchesSklearn() throws SQLException {
    try (Connection c = mem("acc_forest")) {
      final Csv csv = setUp(c, Fixture.FOREST, "rf", "t");
      assertAll(classifierChecks(c, csv, "t", "'rf'", true, "probabilities"));
    }
  }

  @Test
  void gradientBoostingRegressorMatchesSklearn() throws SQLException {
    try (Connection c = mem("acc_gbr")) {
      final Csv csv = setUp(c, Fixture.GBR, "gbr", "t");
      final String args = csv.args();
      assertAll(
          numericColumn(c, csv, "t", "PREDICT('gbr', " + args + ")", i -> csv.outputs.get(i)[0]),
          numericColumn(c, csv, "t", "PREDICT_OUTPUT('gbr', 'variable', " + args + ")",
              i -> csv.outputs.get(i)[0]),
          numericColumn(c, csv, "t", "PREDICT_OUTPUT('gbr', 'variable[0]', " + args + ")",
              i -> csv.outputs.get(i)[0]),
          () -> {
            try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT PREDICT('gbr', " + args + ") FROM t")) {
              assertEquals(Types.DOUBLE, rs.getMetaData().getColumnType(1), "PREDICT type");
            }
          });
    }
  }

  @Test
  void multiClassMlpMatchesSklearnAndPredictIsAmbiguous() throws SQLException {
    try (Connection c = mem("acc_mlp")) {
      final Csv csv = setUp(c, Fixture.MLP, "iris", "t");
      assertAll(classifierChecks(c, csv, "t", "'iris'", false, "probabilities"));
      final SQLException e = assertSqlState("42804",
          () -> rows(c, "SELECT id, PREDICT('iris', " + csv.args() + ") FROM t"));
      assertMessageContains(e, "ambiguous");
    }
  }

  @Test
  void multiInputTipsModelMatchesSklearn() throws SQLException {
    try (Connection c = mem("acc_tips")) {
      final Csv csv = setUp(c, Fixture.TIPS, "tips", "t");
      assertAll(classifierChecks(c, csv, "t", "'tips'", true, "probabilities"));
      assertAll(numericColumn(c, csv, "t", "PREDICT_OUTPUT('tips', 'label', " + csv.args() + ")",
          i -> (double) csv.labels.get(i)));
    }
  }

  @Test
  void challengerTipsModelMatchesSklearn() throws SQLException {
    try (Connection c = mem("acc_challenger")) {
      final Csv csv = setUp(c, Fixture.CHALLENGER_TIPS, "challenger", "t");
      assertAll(classifierChecks(c, csv, "t", "'challenger'", true, "probabilities"));
    }
  }

  // ------------------------------------------------------------------ batching and NULLs

  @Test
  void smallBatchSizeGivesIdenticalResults() throws SQLException {
    try (Connection c = mem("acc_batch")) {
      for (Fixture f : List.of(Fixture.LOGREG, Fixture.FOREST, Fixture.TIPS, Fixture.ZIPMAP)) {
        final String table = "t_" + f.name();
        final Csv csv = f.csv();
        final String path = lit(copyModel(dir, f));
        exec(c, "CREATE MODEL m_" + f.name() + " FROM " + path,
            "CREATE MODEL b7_" + f.name() + " FROM " + path + " WITH (batch_size = 7)");
        csv.load(c, table);
        final String args = csv.args();
        for (String fn : List.of("PREDICT(%s, " + args + ")", "PREDICT_LABEL(%s, " + args + ")",
            "PREDICT_PROBA(%s, 0, " + args + ")")) {
          final String dflt = String.format(fn, "'m_" + f.name() + "'");
          final String small = String.format(fn, "'b7_" + f.name() + "'");
          final Map<Integer, Object> a = byId(c, "SELECT id, " + dflt + " FROM " + table);
          final Map<Integer, Object> b = byId(c, "SELECT id, " + small + " FROM " + table);
          assertEquals(csv.size(), a.size(), dflt);
          assertEquals(a, b, "batch_size = 7 vs default for " + small);
        }
        assertAll(numericColumn(c, csv, table, "PREDICT('b7_" + f.name() + "', " + args + ")",
            i -> csv.outputs.get(i)[1]));
        final String plan = explain(c, "SELECT id, PREDICT('b7_" + f.name() + "', " + args
            + ") FROM " + table);
        assertTrue(plan.contains("SorrelBatchCall") && plan.contains("batch=[7]"), plan);
      }
      final List<List<Object>> opts = rows(c,
          "SELECT OPTIONS FROM SYS.MODELS WHERE MODEL_NAME = 'B7_LOGREG'");
      assertEquals(1, opts.size());
      assertTrue(String.valueOf(opts.get(0).get(0)).contains("batch_size"), "OPTIONS " + opts);
    }
  }

  /** Rows 3, 10-11, 14, whole batch 15-21, 29, 30, 50, 200, 217 (the last row) get a NULL feature. */
  private static final Set<Integer> LOGREG_NULL_ROWS =
      Set.of(3, 10, 11, 14, 15, 16, 17, 18, 19, 20, 21, 29, 30, 50, 200, 217);

  @Test
  void nullFeatureGivesNullOnlyForThatRow() throws SQLException {
    try (Connection c = mem("acc_nulls")) {
      final Csv csv = Fixture.LOGREG.csv();
      final String path = lit(copyModel(dir, Fixture.LOGREG));
      exec(c, "CREATE MODEL lr FROM " + path,
          "CREATE MODEL lr7 FROM " + path + " WITH (batch_size = 7)");
      assertEquals(217, csv.size(), "logreg reference rows");
      csv.load(c, "t", LOGREG_NULL_ROWS);
      final List<Executable> checks = new ArrayList<>();
      for (String model : List.of("'lr'", "'lr7'")) {
        final String args = csv.args();
        checks.add(nullAware(c, csv, "PREDICT(" + model + ", " + args + ")", LOGREG_NULL_ROWS,
            i -> csv.outputs.get(i)[1]));
        checks.add(nullAware(c, csv, "PREDICT_LABEL(" + model + ", " + args + ")",
            LOGREG_NULL_ROWS, i -> (double) csv.labels.get(i)));
        checks.add(nullAware(c, csv, "PREDICT_PROBA(" + model + ", 0, " + args + ")",
            LOGREG_NULL_ROWS, i -> csv.outputs.get(i)[0]));
        checks.add(nullAware(c, csv,
            "PREDICT_OUTPUT(" + model + ", 'probabilities[1]', " + args + ")", LOGREG_NULL_ROWS,
            i -> csv.outputs.get(i)[1]));
      }
      assertAll(checks.toArray(new Executable[0]));
    }
  }

  @Test
  void nullInAnyInputOfMultiInputModelGivesNull() throws SQLException {
    // 2, 5, 8: channel (VARCHAR) NULL; 3: amount NULL; 4, 100: age NULL.
    final Set<Integer> nulls = Set.of(2, 3, 4, 5, 8, 100);
    try (Connection c = mem("acc_nulls_tips")) {
      final Csv csv = Fixture.TIPS.csv();
      final String path = lit(copyModel(dir, Fixture.TIPS));
      exec(c, "CREATE MODEL tips FROM " + path,
          "CREATE MODEL tips7 FROM " + path + " WITH (batch_size = 7)");
      csv.load(c, "t", nulls);
      assertEquals(3, ModelTestSupport.count(c, "SELECT COUNT(*) FROM t WHERE channel IS NULL"));
      final List<Executable> checks = new ArrayList<>();
      for (String model : List.of("'tips'", "'tips7'")) {
        checks.add(nullAware(c, csv, "PREDICT(" + model + ", " + csv.args() + ")", nulls,
            i -> csv.outputs.get(i)[1]));
        checks.add(nullAware(c, csv, "PREDICT_LABEL(" + model + ", " + csv.args() + ")", nulls,
            i -> (double) csv.labels.get(i)));
      }
      assertAll(checks.toArray(new Executable[0]));
    }
  }

  private static Executable nullAware(Connection c, Csv csv, String expr, Set<Integer> nulls,
      IntFunction<Double> expected) {
    return () -> {
      final String sql = "SELECT id, " + expr + " FROM t";
      final Map<Integer, Object> got = byId(c, sql);
      assertEquals(csv.size(), got.size(), "row count of " + sql);
      final List<String> bad = new ArrayList<>();
      final Set<Integer> gotNull = new TreeSet<>();
      for (int i = 0; i < csv.size(); i++) {
        final int id = i + 1;
        final Object v = got.get(id);
        if (v == null) {
          gotNull.add(id);
        } else if (!nulls.contains(id) && !close(expected.apply(i), asDouble(v, expr))) {
          bad.add("id " + id + ": expected " + expected.apply(i) + " got " + v);
        }
      }
      assertEquals(new TreeSet<>(nulls), gotNull, "rows with NULL result for " + expr);
      assertTrue(bad.isEmpty(), bad.size() + " non-null rows wrong for " + expr + ": "
          + bad.subList(0, Math.min(5, bad.size())));
    };
  }

  @Test
  void singleRowCallWithNullLiteralIsNull() throws SQLException {
    try (Connection c = mem("acc_null_lit")) {
      exec(c, "CREATE MODEL tips FROM " + lit(copyModel(dir, Fixture.TIPS)));
      final List<List<Object>> r = rows(c,
          "SELECT PREDICT('tips', CAST(NULL AS DOUBLE), 30.0, 'web'),"
              + " PREDICT('tips', 22.6, 64.0, CAST(NULL AS VARCHAR)),"
              + " PREDICT('tips', 22.6, 64.0, 'web')");
      assertEquals(1, r.size());
      assertNull(r.get(0).get(0), "NULL amount");
      assertNull(r.get(0).get(1), "NULL channel");
      // First CSV row: 22.6, 64, web -> p1 0.24017062721707277
      ModelTestSupport.assertClose(0.24017062721707277, asDouble(r.get(0).get(2), "web row"),
          "PREDICT tips row 1 with literals");
    }
  }

  static String explain(Connection c, String sql) throws SQLException {
    final StringBuilder sb = new StringBuilder();
    for (List<Object> row : rows(c, "EXPLAIN PLAN FOR " + sql)) {
      for (Object o : row) {
        sb.append(o).append('\n');
      }
    }
    return sb.toString();
  }
}
