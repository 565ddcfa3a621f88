package dev.sorrel.e2e.model;

import static dev.sorrel.e2e.model.ModelTestSupport.asDouble;
import static dev.sorrel.e2e.model.ModelTestSupport.assertClose;
import static dev.sorrel.e2e.model.ModelTestSupport.assertMessageContains;
import static dev.sorrel.e2e.model.ModelTestSupport.assertSqlState;
import static dev.sorrel.e2e.model.ModelTestSupport.byId;
import static dev.sorrel.e2e.model.ModelTestSupport.copyModel;
import static dev.sorrel.e2e.model.ModelTestSupport.copyResource;
import static dev.sorrel.e2e.model.ModelTestSupport.count;
import static dev.sorrel.e2e.model.ModelTestSupport.exec;
import static dev.sorrel.e2e.model.ModelTestSupport.lit;
import static dev.sorrel.e2e.model.ModelTestSupport.mem;
import static dev.sorrel.e2e.model.ModelTestSupport.records;
import static dev.sorrel.e2e.model.ModelTestSupport.rows;
import static dev.sorrel.e2e.model.ModelTestSupport.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sorrel.e2e.model.ModelTestSupport.Csv;
import dev.sorrel.e2e.model.ModelTestSupport.Fixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE / ALTER / DROP MODEL, versions, aliases, system tables and persistence. */
class ModelRegistryTest {

  @TempDir
  Path dir;

  /** Row index 0 of the breast-cancer CSVs: logreg p1 vs forest p1 differ (0.928 vs 0.96). */
  private static final int ROW = 0;

  private static double logregP1(int row) {
    return Fixture.LOGREG.csv().outputs.get(row)[1];
  }

  private static double forestP1(int row) {
    return Fixture.FOREST.csv().outputs.get(row)[1];
  }

  /** Scores row ROW + 1 of table t with the given model reference. */
  private static double score(Connection c, String ref) throws SQLException {
    final List<List<Object>> r = rows(c, "SELECT PREDICT('" + ref + "', "
        + Fixture.LOGREG.csv().args() + ") FROM t WHERE id = " + (ROW + 1));
    assertEquals(1, r.size(), "rows scored with " + ref);
    return asDouble(r.get(0).get(0), "PREDICT('" + ref + "')");
  }

  private static void assertScoresLogreg(Connection c, String ref) throws SQLException {
    assertClose(logregP1(ROW), score(c, ref), "'" + ref + "' should resolve to the logreg version");
  }

  private static void assertScoresForest(Connection c, String ref) throws SQLException {
    assertClose(forestP1(ROW), score(c, ref), "'" + ref + "' should resolve to the forest version");
  }

  private static Map<String, Object> modelRow(Connection c, String name) throws SQLException {
    final List<Map<String, Object>> r =
        records(c, "SELECT * FROM SYS.MODELS WHERE MODEL_NAME = '" + name + "'");
    assertEquals(1, r.size(), "SYS.MODELS rows for " + name + ": " + r);
    return r.get(0);
  }

  private static List<Map<String, Object>> versionRows(Connection c, String name)
      throws SQLException {
    return records(c, "SELECT * FROM SYS.MODEL_VERSIONS WHERE MODEL_NAME = '" + name
        + "' ORDER BY VERSION");
  }

  /** History rows as "alias:from->to" strings (null printed as "null"). */
  private static List<String> history(Connection c, String name) throws SQLException {
    final List<String> out = new ArrayList<>();
    for (Map<String, Object> r : records(c,
        "SELECT * FROM SYS.MODEL_ALIAS_HISTORY WHERE MODEL_NAME = '" + name + "' ORDER BY CHANGED")) {
      out.add(r.get("ALIAS") + ":" + num(r.get("FROM_VERSION")) + "->" + num(r.get("TO_VERSION")));
    }
    return out;
  }

  private static String num(Object o) {
    return o == null ? "null" : String.valueOf(((Number) o).longValue());
  }

  private void twoVersionModel(Connection c, String name) throws SQLException {
    exec(c, "CREATE MODEL " + name + " FROM " + lit(copyModel(dir, Fixture.LOGREG))
            + " COMMENT 'logistic regression'",
        "ALTER MODEL " + name + " ADD VERSION FROM " + lit(copyModel(dir, Fixture.FOREST))
            + " COMMENT 'random forest'");
  }

  private static void loadBreastCancer(Connection c) throws SQLException {
    Fixture.LOGREG.csv().load(c, "t");
  }

  // ------------------------------------------------------------------ versions and aliases

  @Test
  void versionsAliasesAndResolution() throws SQLException {
    try (Connection c = mem("reg_alias")) {
      loadBreastCancer(c);
      twoVersionModel(c, "fraud");

      Map<String, Object> m = modelRow(c, "FRAUD");
      assertEquals(2L, ((Number) m.get("LATEST_VERSION")).longValue());
      assertEquals(2L, ((Number) m.get("VERSION_COUNT")).longValue());
      assertEquals("logistic regression", m.get("COMMENT"));
      assertEquals(0, count(c, "SELECT COUNT(*) FROM SYS.MODELS WHERE MODEL_NAME = 'fraud'"),
          "unquoted names are upper-cased");

      // No alias: the bare name is the latest version.
      assertScoresForest(c, "fraud");
      assertScoresForest(c, "FRAUD");
      assertScoresLogreg(c, "fraud:1");
      assertScoresForest(c, "fraud:2");

      exec(c, "ALTER MODEL fraud SET ALIAS Production = 1");
      assertScoresLogreg(c, "fraud");
      assertScoresLogreg(c, "fraud@production");
      assertScoresLogreg(c, "fraud@PRODUCTION");

      exec(c, "ALTER MODEL fraud SET ALIAS staging = 2");
      assertScoresForest(c, "fraud@staging");
      assertScoresLogreg(c, "fraud");
      final String aliases = String.valueOf(modelRow(c, "FRAUD").get("ALIASES"));
      assertTrue(aliases.contains("production") && aliases.contains("staging"), aliases);
      assertFalse(aliases.contains("Production"), "aliases are stored lower-case: " + aliases);

      // Move production to version 2.
      exec(c, "ALTER MODEL fraud SET ALIAS production = 2");
      assertScoresForest(c, "fraud");
      assertScoresForest(c, "fraud@production");
      final List<Map<String, Object>> versions = versionRows(c, "FRAUD");
      assertEquals(2, versions.size());
      final String v1Aliases = String.valueOf(versions.get(0).get("ALIASES"));
      final String v2Aliases = String.valueOf(versions.get(1).get("ALIASES"));
      assertFalse(v1Aliases.contains("production"), "v1 aliases after move: " + v1Aliases);
      assertTrue(v2Aliases.contains("production") && v2Aliases.contains("staging"),
          "v2 aliases: " + v2Aliases);

      // Back to 1, then drop: the bare name falls back to the latest version.
      exec(c, "ALTER MODEL fraud SET ALIAS production = 1");
      assertScoresLogreg(c, "fraud");
      exec(c, "ALTER MODEL fraud DROP ALIAS PRODUCTION");
      assertScoresForest(c, "fraud");
      final SQLException e = assertSqlState("42S02", () -> score(c, "fraud@production"));
      assertMessageContains(e, "production", "staging");
      final String after = String.valueOf(modelRow(c, "FRAUD").get("ALIASES"));
      assertFalse(after.contains("production"), after);
      assertTrue(after.contains("staging"), after);

      final List<String> h = history(c, "FRAUD");
      assertEquals(List.of("production:null->1", "staging:null->2", "production:1->2",
          "production:2->1", "production:1->null"), h,
          "SYS.MODEL_ALIAS_HISTORY (set, set, move, move, drop)");
    }
  }

  @Test
  void unknownReferencesAre42S02NamingWhatExists() throws SQLException {
    try (Connection c = mem("reg_unknown")) {
      loadBreastCancer(c);
      twoVersionModel(c, "fraud");
      exec(c, "ALTER MODEL fraud SET ALIAS staging = 1");
      SQLException e = assertSqlState("42S02", () -> score(c, "nosuch"));
      assertMessageContains(e, "nosuch", "FRAUD");
      e = assertSqlState("42S02", () -> score(c, "fraud:3"));
      assertMessageContains(e, "3", "1", "2");
      e = assertSqlState("42S02", () -> score(c, "fraud@canary"));
      assertMessageContains(e, "canary", "staging");
      assertSqlState("42S02", () -> exec(c, "ALTER MODEL fraud SET ALIAS production = 7"));
      assertSqlState("42S02", () -> exec(c, "ALTER MODEL nosuch SET ALIAS production = 1"));
      assertEquals(List.of("staging:null->1"), history(c, "FRAUD"),
          "failed alias changes leave no history");
    }
  }

  @Test
  void versionMetadataMatchesTheFiles() throws SQLException, IOException {
    try (Connection c = mem("reg_meta")) {
      final Path lr = copyModel(dir, Fixture.LOGREG);
      final Path rf = copyModel(dir, Fixture.FOREST);
      final Path tips = copyModel(dir, Fixture.TIPS);
      exec(c, "CREATE MODEL fraud FROM " + lit(lr) + " COMMENT 'v one'",
          "ALTER MODEL fraud ADD VERSION FROM " + lit(rf) + " COMMENT 'v two'",
          "CREATE MODEL tips FROM " + lit(tips)
              + " WITH (intra_op_threads = 1, optimization_level = 'all', batch_size = 256)");

      final List<Map<String, Object>> v = versionRows(c, "FRAUD");
      assertEquals(2, v.size());
      final Path[] files = {lr, rf};
      final String[] comments = {"v one", "v two"};
      for (int i = 0; i < 2; i++) {
        final Map<String, Object> r = v.get(i);
        assertEquals(i + 1L, ((Number) r.get("VERSION")).longValue());
        assertEquals(sha256(files[i]), String.valueOf(r.get("SHA256")).toLowerCase(), "SHA256 v" + (i + 1));
        assertEquals(Files.size(files[i]), ((Number) r.get("SIZE_BYTES")).longValue(), "SIZE_BYTES");
        assertTrue(String.valueOf(r.get("INPUTS")).contains("float_input"), "INPUTS " + r.get("INPUTS"));
        final String outputs = String.valueOf(r.get("OUTPUTS"));
        assertTrue(outputs.contains("label") && outputs.contains("probabilities"), "OUTPUTS " + outputs);
        assertTrue(String.valueOf(r.get("SOURCE")).contains(files[i].getFileName().toString()),
            "SOURCE " + r.get("SOURCE"));
        assertEquals(comments[i], r.get("COMMENT"));
        assertTrue(r.get("CREATED") != null, "CREATED");
      }

      final List<Map<String, Object>> t = versionRows(c, "TIPS");
      assertEquals(1, t.size());
      assertEquals(sha256(tips), String.valueOf(t.get(0).get("SHA256")).toLowerCase());
      assertEquals(Files.size(tips), ((Number) t.get(0).get("SIZE_BYTES")).longValue());
      final String inputs = String.valueOf(t.get(0).get("INPUTS"));
      for (String name : List.of("amount", "age", "channel")) {
        assertTrue(inputs.contains(name), "INPUTS " + inputs);
      }
      final String options = String.valueOf(modelRow(c, "TIPS").get("OPTIONS"));
      for (String o : List.of("intra_op_threads", "optimization_level", "batch_size", "256")) {
        assertTrue(options.contains(o), "OPTIONS " + options);
      }
      assertNull(modelRow(c, "TIPS").get("COMMENT"), "no COMMENT given");
    }
  }

  // ------------------------------------------------------------------ drops

  @Test
  void dropVersionRemovesItAndItsAliases() throws SQLException {
    try (Connection c = mem("reg_dropv")) {
      loadBreastCancer(c);
      twoVersionModel(c, "fraud");
      exec(c, "ALTER MODEL fraud SET ALIAS production = 1", "ALTER MODEL fraud SET ALIAS staging = 2");
      assertScoresLogreg(c, "fraud");

      exec(c, "DROP MODEL fraud VERSION 1");
      final List<Map<String, Object>> v = versionRows(c, "FRAUD");
      assertEquals(1, v.size(), "versions after drop: " + v);
      assertEquals(2L, ((Number) v.get(0).get("VERSION")).longValue());
      final Map<String, Object> m = modelRow(c, "FRAUD");
      assertEquals(1L, ((Number) m.get("VERSION_COUNT")).longValue());
      assertEquals(2L, ((Number) m.get("LATEST_VERSION")).longValue());
      final String aliases = String.valueOf(m.get("ALIASES"));
      assertFalse(aliases.contains("production"), "alias on the dropped version: " + aliases);
      assertTrue(aliases.contains("staging"), aliases);

      assertSqlState("42S02", () -> score(c, "fraud:1"));
      assertSqlState("42S02", () -> score(c, "fraud@production"));
      assertScoresForest(c, "fraud");
      assertScoresForest(c, "fraud@staging");
      assertScoresForest(c, "fraud:2");

      // Version numbers are not reused.
      exec(c, "ALTER MODEL fraud ADD VERSION FROM " + lit(copyModel(dir, Fixture.LOGREG)));
      assertEquals(3L, ((Number) modelRow(c, "FRAUD").get("LATEST_VERSION")).longValue());
      assertScoresLogreg(c, "fraud:3");
      assertScoresLogreg(c, "fraud");
      assertSqlState("42S02", () -> exec(c, "DROP MODEL fraud VERSION 1"));

      // Not even the latest: dropping version 3 and adding one gives version 4.
      exec(c, "DROP MODEL fraud VERSION 3");
      exec(c, "ALTER MODEL fraud ADD VERSION FROM " + lit(copyModel(dir, Fixture.LOGREG)));
      assertEquals(4L, ((Number) modelRow(c, "FRAUD").get("LATEST_VERSION")).longValue());
      assertSqlState("42S02", () -> score(c, "fraud:3"));
      assertScoresLogreg(c, "fraud:4");
    }
  }

  @Test
  void dropModelRemovesEverything() throws SQLException {
    try (Connection c = mem("reg_drop")) {
      loadBreastCancer(c);
      twoVersionModel(c, "fraud");
      exec(c, "ALTER MODEL fraud SET ALIAS production = 1");
      assertScoresLogreg(c, "fraud");

      exec(c, "DROP MODEL fraud");
      assertEquals(0, count(c, "SELECT COUNT(*) FROM SYS.MODELS WHERE MODEL_NAME = 'FRAUD'"));
      assertEquals(0, count(c, "SELECT COUNT(*) FROM SYS.MODEL_VERSIONS WHERE MODEL_NAME = 'FRAUD'"));
      for (String ref : List.of("fraud", "fraud:1", "fraud:2", "fraud@production")) {
        final SQLException e = assertSqlState("42S02", () -> score(c, ref));
        assertMessageContains(e, "fraud");
      }
      assertSqlState("42S02", () -> exec(c, "DROP MODEL fraud"));
      exec(c, "DROP MODEL IF EXISTS fraud");

      // The name can be reused and starts again at version 1.
      exec(c, "CREATE MODEL fraud FROM " + lit(copyModel(dir, Fixture.FOREST)));
      final Map<String, Object> m = modelRow(c, "FRAUD");
      assertEquals(1L, ((Number) m.get("LATEST_VERSION")).longValue());
      assertScoresForest(c, "fraud");
      assertScoresForest(c, "fraud:1");
    }
  }

  @Test
  void createTwiceIsAnError() throws SQLException {
    try (Connection c = mem("reg_twice")) {
      exec(c, "CREATE MODEL fraud FROM " + lit(copyModel(dir, Fixture.LOGREG)));
      final SQLException e = assertVendorError(() ->
          exec(c, "CREATE MODEL fraud FROM " + lit(copyModel(dir, Fixture.FOREST))));
      assertMessageContains(e, "FRAUD");
      assertEquals(1, versionRows(c, "FRAUD").size());
    }
  }

  /** An SQLException that is not an internal error. */
  private static SQLException assertVendorError(org.junit.jupiter.api.function.Executable code) {
    final SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, code);
    assertFalse("XX000".equals(e.getSQLState()), "internal error: " + e.getMessage());
    return e;
  }

  // ------------------------------------------------------------------ bad input

  @Test
  void invalidOnnxFileIsRejectedAndNothingIsRegistered() throws SQLException {
    try (Connection c = mem("reg_broken")) {
      final Path broken = copyResource(dir, "/models/broken.onnx", "broken.onnx");
      final SQLException e = assertSqlState("22023",
          () -> exec(c, "CREATE MODEL bad FROM " + lit(broken)));
      assertMessageContains(e, "broken.onnx");
      assertEquals(0, count(c, "SELECT COUNT(*) FROM SYS.MODELS"));
      assertEquals(0, count(c, "SELECT COUNT(*) FROM SYS.MODEL_VERSIONS"));

      // A broken new version leaves the model as it was.
      exec(c, "CREATE MODEL good FROM " + lit(copyModel(dir, Fixture.LOGREG)));
      assertSqlState("22023", () -> exec(c, "ALTER MODEL good ADD VERSION FROM " + lit(broken)));
      assertEquals(1, versionRows(c, "GOOD").size());
      assertEquals(1L, ((Number) modelRow(c, "GOOD").get("LATEST_VERSION")).longValue());
      // A later successful ADD VERSION gets number 2.
      exec(c, "ALTER MODEL good ADD VERSION FROM " + lit(copyModel(dir, Fixture.FOREST)));
      assertEquals(2L, ((Number) modelRow(c, "GOOD").get("LATEST_VERSION")).longValue());
    }
  }

  @Test
  void missingFileIs58030() throws SQLException {
    try (Connection c = mem("reg_missing")) {
      final Path missing = dir.resolve("does_not_exist.onnx");
      final SQLException e = assertSqlState("58030",
          () -> exec(c, "CREATE MODEL m FROM " + lit(missing)));
      assertMessageContains(e, "does_not_exist.onnx");
      assertEquals(0, count(c, "SELECT COUNT(*) FROM SYS.MODELS"));
      exec(c, "CREATE MODEL good FROM " + lit(copyModel(dir, Fixture.LOGREG)));
      assertSqlState("58030", () -> exec(c, "ALTER MODEL good ADD VERSION FROM " + lit(missing)));
      assertEquals(1, versionRows(c, "GOOD").size());
    }
  }

  @Test
  void badOptionIs22023AndOtherKeysAreTags() throws SQLException {
    try (Connection c = mem("reg_option")) {
      final Path lr = copyModel(dir, Fixture.LOGREG);
      assertSqlState("22023",
          () -> exec(c, "CREATE MODEL m FROM " + lit(lr) + " WITH (batch_size = 0)"));
      assertSqlState("22023",
          () -> exec(c, "CREATE MODEL m FROM " + lit(lr) + " WITH (optimization_level = 'extreme')"));
      assertEquals(0, count(c, "SELECT COUNT(*) FROM SYS.MODELS"));
      exec(c, "CREATE MODEL m FROM " + lit(lr)
          + " WITH (owner = 'fraud-team', run = 42, batch_size = 16)");
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT options, tags FROM SYS.MODELS")) {
        assertTrue(rs.next());
        assertEquals("{batch_size=16}", rs.getString(1));
        assertEquals("{owner=fraud-team, run=42}", rs.getString(2));
      }
    }
  }

  // ------------------------------------------------------------------ persistence

  @Test
  void modelSurvivesReopenAfterSourceFileIsDeleted() throws SQLException, IOException {
    final Path src = Files.createDirectories(dir.resolve("src"));
    final String url = "jdbc:sorrel:" + dir.resolve("db").toAbsolutePath();
    final Path lr = copyModel(src, Fixture.LOGREG);
    final Path rf = copyModel(src, Fixture.FOREST);
    final String sha1 = sha256(lr);
    final Csv csv = Fixture.LOGREG.csv();
    final String query = "SELECT id, PREDICT('fraud', " + csv.args() + ") FROM t";
    final Map<Integer, Object> before;
    final Map<Integer, Object> beforeV2;
    try (Connection c = DriverManager.getConnection(url)) {
      csv.load(c, "t");
      exec(c, "CREATE MODEL fraud FROM " + lit(lr) + " COMMENT 'persisted' WITH (batch_size = 16)",
          "ALTER MODEL fraud ADD VERSION FROM " + lit(rf),
          "ALTER MODEL fraud SET ALIAS production = 1");
      before = byId(c, query);
      beforeV2 = byId(c, query.replace("'fraud'", "'fraud:2'"));
      assertEquals(csv.size(), before.size());
      for (int i = 0; i < csv.size(); i++) {
        assertClose(csv.outputs.get(i)[1], asDouble(before.get(i + 1), "before reopen"), "row " + (i + 1));
      }
    }
    Files.delete(lr);
    Files.delete(rf);
    assertFalse(Files.exists(lr));
    try (Connection c = DriverManager.getConnection(url)) {
      final Map<String, Object> m = modelRow(c, "FRAUD");
      assertEquals(2L, ((Number) m.get("LATEST_VERSION")).longValue());
      assertEquals("persisted", m.get("COMMENT"));
      assertTrue(String.valueOf(m.get("OPTIONS")).contains("16"), "OPTIONS " + m.get("OPTIONS"));
      assertTrue(String.valueOf(m.get("ALIASES")).contains("production"), "ALIASES " + m.get("ALIASES"));
      assertEquals(sha1, String.valueOf(versionRows(c, "FRAUD").get(0).get("SHA256")).toLowerCase());
      assertEquals(List.of("production:null->1"), history(c, "FRAUD"));
      assertEquals(before, byId(c, query), "scores after reopen (production = v1)");
      assertEquals(beforeV2, byId(c, query.replace("'fraud'", "'fraud:2'")), "v2 after reopen");
      assertTrue(PredictAccuracyTest.explain(c, query.substring(0, query.length() - 7) + " FROM t")
          .contains("batch=[16]"), "batch_size option survives reopen");

      // Changes after reopen persist as well.
      exec(c, "ALTER MODEL fraud SET ALIAS production = 2", "DROP MODEL fraud VERSION 1");
    }
    try (Connection c = DriverManager.getConnection(url)) {
      final List<Map<String, Object>> v = versionRows(c, "FRAUD");
      assertEquals(1, v.size(), "versions after second reopen: " + v);
      assertEquals(beforeV2, byId(c, query), "'fraud' = production = v2 after second reopen");
      final Set<String> h = new HashSet<>(history(c, "FRAUD"));
      assertTrue(h.contains("production:1->2"), "history " + h);
    }
  }

  // ------------------------------------------------------------------ cached plans

  private static final String POINT_SQL =
      "SELECT PREDICT('fraud', " + Fixture.LOGREG.csv().args() + ") FROM t WHERE id = ?";

  @Test
  void aliasMoveIsSeenBySameSqlTextAndByPreparedStatements() throws SQLException {
    try (Connection c = mem("reg_plancache")) {
      loadBreastCancer(c);
      twoVersionModel(c, "fraud");
      exec(c, "ALTER MODEL fraud SET ALIAS production = 1");
      try (java.sql.PreparedStatement ps = c.prepareStatement(POINT_SQL)) {
        ps.setInt(1, ROW + 1);
        assertClose(logregP1(ROW), single(ps), "prepared, production = 1");
        assertScoresLogreg(c, "fraud");

        exec(c, "ALTER MODEL fraud SET ALIAS production = 2");
        assertScoresForest(c, "fraud"); // same SQL text as before the move, new statement
        assertClose(forestP1(ROW), single(ps), "same PreparedStatement after moving production to 2");
      }
    }
  }

  @Test
  void preparedStatementAfterItsVersionIsDropped() throws SQLException {
    try (Connection c = mem("reg_plancache_dropv")) {
      loadBreastCancer(c);
      twoVersionModel(c, "fraud");
      try (java.sql.PreparedStatement ps = c.prepareStatement(POINT_SQL)) {
        ps.setInt(1, ROW + 1);
        assertClose(forestP1(ROW), single(ps), "prepared, latest = 2");
        exec(c, "DROP MODEL fraud VERSION 2");
        assertScoresLogreg(c, "fraud");
        assertClose(logregP1(ROW), single(ps), "same PreparedStatement after dropping version 2");
      }
    }
  }

  @Test
  void preparedStatementAfterDropModelFails42S02() throws SQLException {
    try (Connection c = mem("reg_plancache_drop")) {
      loadBreastCancer(c);
      twoVersionModel(c, "fraud");
      try (java.sql.PreparedStatement ps = c.prepareStatement(POINT_SQL)) {
        ps.setInt(1, ROW + 1);
        assertClose(forestP1(ROW), single(ps), "prepared");
        exec(c, "DROP MODEL fraud");
        assertSqlState("42S02", () -> score(c, "fraud"));
        assertSqlState("42S02", () -> single(ps));
      }
    }
  }

  @Test
  void otherConnectionSeesRegistryChanges() throws SQLException {
    final String url = ModelTestSupport.memUrl("reg_twoconn");
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
      loadBreastCancer(a);
      twoVersionModel(a, "fraud");
      assertScoresForest(b, "fraud");
      exec(a, "ALTER MODEL fraud SET ALIAS production = 1");
      assertScoresLogreg(b, "fraud");
      exec(b, "DROP MODEL fraud");
      assertSqlState("42S02", () -> score(a, "fraud"));
    }
  }

  private static double single(java.sql.PreparedStatement ps) throws SQLException {
    try (java.sql.ResultSet rs = ps.executeQuery()) {
      assertTrue(rs.next(), "one row");
      final double v = rs.getDouble(1);
      assertFalse(rs.next(), "only one row");
      return v;
    }
  }
}
