package dev.sorrel.e2e.model;

import static dev.sorrel.e2e.model.ModelTestSupport.assertClose;
import static dev.sorrel.e2e.model.ModelTestSupport.assertMessageContains;
import static dev.sorrel.e2e.model.ModelTestSupport.assertSqlState;
import static dev.sorrel.e2e.model.ModelTestSupport.copyModel;
import static dev.sorrel.e2e.model.ModelTestSupport.exec;
import static dev.sorrel.e2e.model.ModelTestSupport.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.model.ModelTestSupport.Csv;
import dev.sorrel.e2e.model.ModelTestSupport.Fixture;

/**
 * PREDICT_VARIANT through JDBC: every row scored with the model of its unit's
 * variant (checked against ASSIGN_VARIANT and PREDICT with each model, and
 * against scikit-learn's probabilities), one model call per variant and
 * batch, batch scoring, key and online lookups with parameters, and
 * prepared statements over experiments that change or disappear.
 */
class PredictVariantTest {
  /** Units in the scored table: three batches of the default 1024 rows. */
  private static final int UNITS = 3000;
  private static final Csv LOGREG = Fixture.LOGREG.csv();
  private static final Csv FOREST = Fixture.FOREST.csv();
  private static final String F = LOGREG.args();

  @TempDir Path dir;
  private Connection c;

  @BeforeEach void open() throws SQLException {
    c = ModelTestSupport.mem("pv");
    // fraud:1 logistic regression, fraud:2 random forest, fraud:3 the logistic
    // regression again with ZipMap outputs: three versions, three sessions.
    exec(c, "CREATE MODEL fraud FROM " + lit(copyModel(dir, Fixture.LOGREG)),
        "ALTER MODEL fraud ADD VERSION FROM " + lit(copyModel(dir, Fixture.FOREST)),
        "ALTER MODEL fraud ADD VERSION FROM " + lit(copyModel(dir, Fixture.ZIPMAP)),
        "ALTER MODEL fraud SET ALIAS challenger = 2");
    exec(c, LOGREG.createTableSql("t").replace("id INTEGER", "id BIGINT"));
    final String marks = IntStream.range(0, 30).mapToObj(i -> "?")
        .collect(Collectors.joining(", "));
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, " + F + ") VALUES (?, "
        + marks + ")")) {
      for (int id = 1; id <= UNITS; id++) {
        ps.setLong(1, id);
        final String[] row = LOGREG.inputs.get(referenceRow(id));
        for (int k = 0; k < 30; k++) {
          ps.setDouble(k + 2, Double.parseDouble(row[k]));
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  @AfterEach void close() throws SQLException {
    c.close();
  }

  /** The reference CSV row (0-based) whose features unit {@code id} has. */
  private static int referenceRow(long id) {
    return (int) ((id - 1) % LOGREG.size());
  }

  @Test void scoresEachRowWithItsVariantsModelForTwoAndThreeVariants() throws SQLException {
    exec(c, "CREATE EXPERIMENT two (control MODEL 'fraud:1' WEIGHT 70,"
        + " treatment MODEL 'fraud@challenger' WEIGHT 30)");
    exec(c, "CREATE EXPERIMENT three (a MODEL 'fraud:1' WEIGHT 5, b MODEL 'fraud:2' WEIGHT 3,"
        + " c MODEL 'fraud:3' WEIGHT 2) HASH 'fnv1a'");
    checkAgainstPredict("two", Map.of("control", 1, "treatment", 2));
    checkAgainstPredict("three", Map.of("a", 1, "b", 2, "c", 3));
  }

  /**
   * Compares every row with PREDICT by the model of the variant
   * ASSIGN_VARIANT gives, and rows from the reference CSVs with
   * scikit-learn's probabilities.
   */
  private void checkAgainstPredict(String experiment, Map<String, Integer> versionOf)
      throws SQLException {
    final String sql = "SELECT id, ASSIGN_VARIANT('" + experiment + "', id),"
        + " PREDICT_VARIANT('" + experiment + "', id, " + F + "), PREDICT('fraud:1', " + F
        + "), PREDICT('fraud:2', " + F + "), PREDICT('fraud:3', " + F + ") FROM t";
    final Map<String, Integer> units = new TreeMap<>();
    int checkedAgainstCsv = 0;
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        final long id = rs.getLong(1);
        final String variant = rs.getString(2);
        final double score = rs.getDouble(3);
        final int version = versionOf.get(variant);
        assertEquals(rs.getDouble(3 + version), score, 1e-12,
            experiment + ": unit " + id + " in " + variant);
        units.merge(variant, 1, Integer::sum);
        final int row = referenceRow(id);
        if (row < 200) { // the held-out rows, the same inputs in both CSVs
          final Csv csv = version == 2 ? FOREST : LOGREG;
          assertClose(csv.outputs.get(row)[1], score, experiment + ": unit " + id);
          checkedAgainstCsv++;
        }
      }
    }
    assertEquals(versionOf.keySet(), units.keySet(), experiment + ": every variant has units");
    assertEquals(UNITS, units.values().stream().mapToInt(Integer::intValue).sum());
    assertTrue(checkedAgainstCsv > 2000, "rows checked against scikit-learn: " + checkedAgainstCsv);
  }

  @Test void makesOneModelCallPerVariantAndBatch() throws SQLException {
    exec(c, "CREATE EXPERIMENT three (a MODEL 'fraud:1' WEIGHT 50, b MODEL 'fraud:2' WEIGHT 30,"
        + " c MODEL 'fraud:3' WEIGHT 20)");
    final Map<Integer, long[]> before = scoringCalls();
    final Map<String, Long> perVariant = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT ASSIGN_VARIANT('three', id) AS v, COUNT(*), COUNT(PREDICT_VARIANT('three', id, "
            + F + ")) FROM t GROUP BY ASSIGN_VARIANT('three', id)")) {
      while (rs.next()) {
        assertEquals(rs.getLong(2), rs.getLong(3), "every unit scored");
        perVariant.put(rs.getString(1), rs.getLong(2));
      }
    }
    final Map<Integer, long[]> after = scoringCalls();
    final int batches = (UNITS + 1023) / 1024;
    final Map<Integer, String> variantOf = Map.of(1, "a", 2, "b", 3, "c");
    for (int version = 1; version <= 3; version++) {
      assertEquals(batches, after.get(version)[0] - before.get(version)[0],
          "model calls of fraud:" + version);
      assertEquals(perVariant.get(variantOf.get(version)),
          after.get(version)[1] - before.get(version)[1], "rows scored by fraud:" + version);
    }
  }

  @Test void variantsOnTheSameModelVersionShareItsCall() throws SQLException {
    exec(c, "ALTER MODEL fraud SET ALIAS production = 1",
        "CREATE EXPERIMENT same (control MODEL 'fraud:1' WEIGHT 50,"
            + " treatment MODEL 'fraud@production' WEIGHT 50)");
    final Map<Integer, long[]> before = scoringCalls();
    assertEquals(UNITS, ModelTestSupport.count(c, "SELECT COUNT(PREDICT_VARIANT('same', id, " + F
        + ")) FROM t"));
    final Map<Integer, long[]> after = scoringCalls();
    assertEquals((UNITS + 1023) / 1024, after.get(1)[0] - before.get(1)[0]);
    assertEquals(UNITS, after.get(1)[1] - before.get(1)[1]);
  }

  /** Per version of model FRAUD: ONNX Runtime calls and rows scored so far (0 if not loaded). */
  private Map<Integer, long[]> scoringCalls() throws SQLException {
    final Map<Integer, long[]> calls = new HashMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT version, scoring_calls, rows_scored FROM sys.model_versions"
            + " WHERE model_name = 'FRAUD'")) {
      while (rs.next()) {
        calls.put(rs.getInt(1), new long[] {rs.getLong(2), rs.getLong(3)});
      }
    }
    return calls;
  }

  @Test void scoresABatchIntoATable() throws SQLException {
    exec(c, "CREATE EXPERIMENT two (control MODEL 'fraud:1' WEIGHT 70,"
            + " treatment MODEL 'fraud:2' WEIGHT 30)",
        "CREATE TABLE scores (id BIGINT PRIMARY KEY, variant VARCHAR(20), p DOUBLE)");
    try (Statement s = c.createStatement()) {
      assertEquals(UNITS, s.executeUpdate("INSERT INTO scores SELECT id,"
          + " ASSIGN_VARIANT('two', id), PREDICT_VARIANT('two', id, " + F + ") FROM t"));
    }
    assertEquals(0, ModelTestSupport.count(c, "SELECT COUNT(*) FROM scores s JOIN t ON s.id = t.id"
        + " WHERE s.p IS NULL OR s.p <> CASE s.variant WHEN 'control' THEN PREDICT('fraud:1', "
        + F + ") ELSE PREDICT('fraud:2', " + F + ") END"));
  }

  @Test void scoresOneRowByKeyWithParameters() throws SQLException {
    exec(c, "CREATE EXPERIMENT two (control MODEL 'fraud:1' WEIGHT 50,"
        + " treatment MODEL 'fraud:2' WEIGHT 50)");
    final String sql = "SELECT ASSIGN_VARIANT('two', id), PREDICT_VARIANT('two', id, " + F
        + ") FROM t WHERE id = ?";
    try (Statement s = c.createStatement(); ResultSet plan = s.executeQuery(
        "EXPLAIN PLAN FOR " + sql.replace("?", "7"))) {
      plan.next();
      assertTrue(plan.getString(1).contains("point lookup"), plan.getString(1));
    }
    // The unit and every feature as bare parameters: typed from the experiment's models.
    final String marks = IntStream.range(0, 30).mapToObj(i -> "?")
        .collect(Collectors.joining(", "));
    try (PreparedStatement byKey = c.prepareStatement(sql);
         PreparedStatement byValues = c.prepareStatement(
             "SELECT ASSIGN_VARIANT('two', ?), PREDICT_VARIANT('two', ?, " + marks + ")")) {
      for (long id : new long[] {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 199}) {
        byKey.setLong(1, id);
        final String variant;
        final double score;
        try (ResultSet rs = byKey.executeQuery()) {
          assertTrue(rs.next());
          variant = rs.getString(1);
          score = rs.getDouble(2);
        }
        final Csv csv = variant.equals("control") ? LOGREG : FOREST;
        assertClose(csv.outputs.get(referenceRow(id))[1], score, "unit " + id);
        byValues.setLong(1, id);
        byValues.setLong(2, id);
        final String[] row = LOGREG.inputs.get(referenceRow(id));
        for (int k = 0; k < 30; k++) {
          byValues.setDouble(k + 3, Double.parseDouble(row[k]));
        }
        try (ResultSet rs = byValues.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(variant, rs.getString(1), "an integer bound as the unit hashes as digits");
          assertEquals(score, rs.getDouble(2), 1e-12, "unit " + id);
        }
      }
    }
  }

  @Test void scoresAnOnlineFeatureLookup() throws SQLException {
    final String features = IntStream.range(0, 30).mapToObj(i -> "f" + i + " DOUBLE")
        .collect(Collectors.joining(", "));
    exec(c, "CREATE ENTITY patient (patient_id BIGINT)",
        "CREATE FEATURE VIEW patient_features ENTITY patient (" + features + ")",
        "INSERT INTO patient_features (patient_id, event_timestamp, " + F + ") SELECT id,"
            + " TIMESTAMP '2026-01-01 00:00:00', " + F + " FROM t WHERE id <= 300",
        "CREATE EXPERIMENT serving (control MODEL 'fraud:1' WEIGHT 50,"
            + " treatment MODEL 'fraud:2' WEIGHT 50)");
    try (PreparedStatement ps = c.prepareStatement("SELECT ASSIGN_VARIANT('serving', patient_id),"
        + " PREDICT_VARIANT('serving', patient_id, " + F + ")"
        + " FROM online.patient_features WHERE patient_id = ?")) {
      for (long id = 1; id <= 300; id += 7) {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next(), "patient " + id);
          final Csv csv = rs.getString(1).equals("control") ? LOGREG : FOREST;
          final int row = referenceRow(id);
          if (row < 200) {
            assertClose(csv.outputs.get(row)[1], rs.getDouble(2), "patient " + id);
          }
        }
      }
      ps.setLong(1, 100_000);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(!rs.next(), "an unknown patient has no row");
      }
    }
  }

  @Test void preparedStatementsFollowTheExperimentOrFailOnceItIsDropped() throws SQLException {
    exec(c, "CREATE EXPERIMENT e (control MODEL 'fraud:1' WEIGHT 50,"
        + " treatment MODEL 'fraud@challenger' WEIGHT 50)");
    final long unit = 1;
    try (PreparedStatement score = c.prepareStatement("SELECT ASSIGN_VARIANT('e', id),"
            + " PREDICT_VARIANT('e', id, " + F + ") FROM t WHERE id = ?");
         PreparedStatement assign = c.prepareStatement(
             "SELECT ASSIGN_VARIANT('e', id) FROM t WHERE id = ?")) {
      score.setLong(1, unit);
      assign.setLong(1, unit);
      final String variant = (String) first(score).get(0);
      assertEquals(variant, first(assign).get(0));
      final double logreg = LOGREG.outputs.get(referenceRow(unit))[1];
      final double forest = FOREST.outputs.get(referenceRow(unit))[1];

      // Stopped with a winner: everyone gets the winner and its model.
      exec(c, "ALTER EXPERIMENT e STOP WINNER treatment");
      assertEquals("treatment", first(assign).get(0));
      assertClose(forest, (Double) first(score).get(1), "winner's model");

      // The alias the treatment uses moves to the logistic regression (ZipMap form).
      exec(c, "ALTER MODEL fraud SET ALIAS challenger = 3");
      assertClose(logreg, (Double) first(score).get(1), "alias moved");

      // Dropped: the next execution fails clearly, and the connection stays usable.
      exec(c, "DROP EXPERIMENT e");
      for (PreparedStatement ps : List.of(score, assign)) {
        final SQLException e = assertSqlState("42S02", () -> first(ps));
        assertMessageContains(e, "experiment E has been dropped since the statement was"
            + " prepared", "there are no experiments");
      }
      assertEquals(1, ModelTestSupport.count(c, "VALUES 1"));

      // Created again under the same name: the statements use the new definition.
      exec(c, "CREATE EXPERIMENT e (x MODEL 'fraud:2' WEIGHT 1, y MODEL 'fraud:2' WEIGHT 1)");
      final List<Object> again = first(score);
      assertTrue(List.of("x", "y").contains(again.get(0)), again.toString());
      assertClose(forest, (Double) again.get(1), "re-created experiment");
      assertEquals(again.get(0), first(assign).get(0));

      // Created again with models that do not take the statement's arguments.
      exec(c, "DROP EXPERIMENT e",
          "CREATE MODEL iris FROM " + lit(copyModel(dir, Fixture.MLP)),
          "CREATE EXPERIMENT e (x MODEL 'iris' WEIGHT 1, y MODEL 'iris' WEIGHT 1)");
      final SQLException e = assertSqlState("42804", () -> first(score));
      assertMessageContains(e, "experiment E has changed since the statement was prepared",
          "prepare the statement again");
      assertTrue(List.of("x", "y").contains(first(assign).get(0)));
    }
  }

  @Test void aStoppedExperimentNeedsOnlyTheModelEveryoneGets() throws SQLException {
    exec(c, "CREATE EXPERIMENT e (control MODEL 'fraud:1' WEIGHT 50,"
            + " treatment MODEL 'fraud:3' WEIGHT 50)",
        "ALTER EXPERIMENT e START", "ALTER EXPERIMENT e STOP WINNER control",
        "DROP MODEL fraud VERSION 3");
    assertEquals(0, ModelTestSupport.count(c, "SELECT COUNT(*) FROM t WHERE"
        + " PREDICT_VARIANT('e', id, " + F + ") <> PREDICT('fraud:1', " + F + ")"));
    // Restarting it needs every model again.
    final SQLException e = assertSqlState("42S02", () -> exec(c, "ALTER EXPERIMENT e START"));
    assertMessageContains(e, "model fraud has no version 3");
  }

  @Test void refusesBadCallsWithStateAndPosition() throws SQLException {
    exec(c, "CREATE EXPERIMENT two (control MODEL 'fraud:1' WEIGHT 50,"
        + " treatment MODEL 'fraud:2' WEIGHT 50)",
        "CREATE EXPERIMENT bare (control WEIGHT 50, treatment WEIGHT 50)");
    SQLException e = assertSqlState("42S02", () -> first(c.prepareStatement(
        "SELECT PREDICT_VARIANT('nosuch', id, " + F + ") FROM t")));
    assertMessageContains(e, "experiment nosuch does not exist; experiments: BARE, TWO",
        "at line 1, column 24");
    e = assertSqlState("42804", () -> first(c.prepareStatement(
        "SELECT PREDICT_VARIANT('two', id, f0, f1, f2) FROM t")));
    assertMessageContains(e, "takes 30 model arguments, not 3", "at line 1, column 8");
    e = assertSqlState("42804", () -> first(c.prepareStatement(
        "SELECT PREDICT_VARIANT('two', CURRENT_DATE, " + F + ") FROM t")));
    assertMessageContains(e, "a unit is a string or an integer, not DATE; CAST it",
        "at line 1, column 31");
    e = assertSqlState("42809", () -> first(c.prepareStatement(
        "SELECT PREDICT_VARIANT('bare', id, " + F + ") FROM t")));
    assertMessageContains(e, "variant control has no model");
    assertNull(first(c.prepareStatement("SELECT PREDICT_VARIANT('two', CAST(NULL AS VARCHAR), "
        + F + ") FROM t WHERE id = 1")).get(0));
  }

  /** The first row of a query, as getObject values. */
  private static List<Object> first(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next(), "a row");
      final int n = rs.getMetaData().getColumnCount();
      final Object[] row = new Object[n];
      for (int i = 0; i < n; i++) {
        row[i] = rs.getObject(i + 1);
      }
      return java.util.Arrays.asList(row);
    }
  }
}
