package dev.sorrel.e2e.model;

import static dev.sorrel.e2e.model.ModelTestSupport.asDouble;
import static dev.sorrel.e2e.model.ModelTestSupport.assertClose;
import static dev.sorrel.e2e.model.ModelTestSupport.assertMessageContains;
import static dev.sorrel.e2e.model.ModelTestSupport.assertSqlState;
import static dev.sorrel.e2e.model.ModelTestSupport.byId;
import static dev.sorrel.e2e.model.ModelTestSupport.copyModel;
import static dev.sorrel.e2e.model.ModelTestSupport.count;
import static dev.sorrel.e2e.model.ModelTestSupport.exec;
import static dev.sorrel.e2e.model.ModelTestSupport.lit;
import static dev.sorrel.e2e.model.ModelTestSupport.mem;
import static dev.sorrel.e2e.model.ModelTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sorrel.e2e.model.ModelTestSupport.Csv;
import dev.sorrel.e2e.model.ModelTestSupport.Fixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PREDICT used in the different places of a SQL statement. */
class PredictSqlTest {

  @TempDir
  Path dir;

  private Connection c;
  private final Csv lr = Fixture.LOGREG.csv();
  private final Csv rf = Fixture.FOREST.csv();
  private String p;
  private String prf;

  /** Table t = logreg CSV (217 rows, f0..f29); models lr (logreg) and rf (forest). */
  @BeforeEach
  void setUp() throws SQLException {
    c = mem("sql");
    lr.load(c, "t");
    exec(c, "CREATE MODEL lr FROM " + lit(copyModel(dir, Fixture.LOGREG)),
        "CREATE MODEL rf FROM " + lit(copyModel(dir, Fixture.FOREST)));
    p = "PREDICT('lr', " + lr.args() + ")";
    prf = "PREDICT('rf', " + lr.args() + ")";
  }

  @AfterEach
  void tearDown() throws SQLException {
    c.close();
  }

  private double p1(int id) {
    return lr.outputs.get(id - 1)[1];
  }

  /** Forest p1; rows 1-200 of both breast-cancer CSVs are the same held-out rows. */
  private double rfP1(int id) {
    assertTrue(id <= HELD_OUT, "forest reference only for the shared rows 1-200");
    return rf.outputs.get(id - 1)[1];
  }

  private static final int HELD_OUT = 200;

  @Test
  void predictInWhere() throws SQLException {
    final TreeSet<Integer> expected = new TreeSet<>();
    for (int id = 1; id <= lr.size(); id++) {
      if (p1(id) > 0.5) {
        expected.add(id);
      }
    }
    assertTrue(expected.size() > 20 && expected.size() < lr.size() - 20, "both classes present");
    final TreeSet<Integer> got = new TreeSet<>(byId(c, "SELECT id, 1 FROM t WHERE " + p + " > 0.5").keySet());
    assertEquals(expected, got);
    // Combined with an ordinary predicate and PREDICT_LABEL.
    final TreeSet<Integer> label1 = new TreeSet<>(byId(c,
        "SELECT id, 1 FROM t WHERE id <= 100 AND PREDICT_LABEL('lr', " + lr.args() + ") = 1").keySet());
    assertEquals(expected.headSet(101), label1);
  }

  @Test
  void orderByAPredictionOfTheSortedKeyIsSorted() throws SQLException {
    // The scan is in id order and id is only a model argument here: the
    // scores are not in id order, so the sort must stay.
    final String byId = "PREDICT('lr', id" + lr.args().substring(lr.args().indexOf(',')) + ")";
    final List<Double> scores = rows(c, "SELECT " + byId + " AS s FROM t ORDER BY s").stream()
        .map(r -> ((Number) r.get(0)).doubleValue()).collect(Collectors.toList());
    assertEquals(lr.size(), scores.size());
    for (int i = 1; i < scores.size(); i++) {
      assertTrue(scores.get(i - 1) <= scores.get(i), "ascending at position " + i + ": " + scores);
    }
  }

  @Test
  void predictInOrderBy() throws SQLException {
    final List<Integer> ids = new ArrayList<>();
    final List<Double> scores = new ArrayList<>();
    try (java.sql.Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id, " + p + " AS score FROM t ORDER BY " + p + " DESC, id")) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
        scores.add(rs.getDouble(2));
      }
    }
    assertEquals(lr.size(), ids.size());
    assertEquals(lr.size(), new TreeSet<>(ids).size(), "every id once");
    for (int i = 0; i < ids.size(); i++) {
      assertClose(p1(ids.get(i)), scores.get(i), "score of id " + ids.get(i));
      if (i > 0) {
        assertTrue(scores.get(i - 1) >= scores.get(i), "descending at position " + i + ": " + scores);
      }
    }
    // The returned order agrees with scikit-learn's scores (ties within tolerance allowed).
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(p1(ids.get(i - 1)) >= p1(ids.get(i)) - 1e-5,
          "id " + ids.get(i - 1) + " sorted before id " + ids.get(i));
    }
    // ORDER BY PREDICT without selecting it, with LIMIT: the 5 lowest scores.
    final double[] sorted = IntStream.rangeClosed(1, lr.size()).mapToDouble(this::p1).sorted().toArray();
    final List<Integer> got = rows(c, "SELECT id FROM t ORDER BY " + p + " LIMIT 5").stream()
        .map(r -> ((Number) r.get(0)).intValue()).collect(Collectors.toList());
    assertEquals(5, got.size());
    for (int id : got) {
      assertTrue(p1(id) <= sorted[5] + 1e-5, "id " + id + " (p1 " + p1(id) + ") is not among the 5 lowest");
    }
  }

  @Test
  void predictInsideAggregates() throws SQLException {
    double sum = 0;
    long positives = 0;
    for (int id = 1; id <= lr.size(); id++) {
      sum += p1(id);
      positives += lr.labels.get(id - 1);
    }
    final List<List<Object>> r = rows(c,
        "SELECT SUM(" + p + "), AVG(" + p + "), COUNT(*), MAX(" + p + "), SUM(PREDICT_LABEL('lr', "
            + lr.args() + ")) FROM t");
    assertEquals(1, r.size());
    assertEquals(sum, asDouble(r.get(0).get(0), "SUM"), 1e-5 * lr.size(), "SUM(PREDICT)");
    assertEquals(sum / lr.size(), asDouble(r.get(0).get(1), "AVG"), 1e-5, "AVG(PREDICT)");
    assertEquals(lr.size(), ((Number) r.get(0).get(2)).longValue());
    final double max = IntStream.rangeClosed(1, lr.size()).mapToDouble(this::p1).max().orElseThrow();
    assertClose(max, asDouble(r.get(0).get(3), "MAX"), "MAX(PREDICT)");
    assertEquals(positives, ((Number) r.get(0).get(4)).longValue(), "SUM(PREDICT_LABEL)");

    // GROUP BY the predicted label.
    final Map<Long, Long> expected = new TreeMap<>();
    for (Long l : lr.labels) {
      expected.merge(l, 1L, Long::sum);
    }
    final Map<Long, Long> got = new TreeMap<>();
    for (List<Object> row : rows(c, "SELECT PREDICT_LABEL('lr', " + lr.args() + ") AS lbl, COUNT(*)"
        + " FROM t GROUP BY PREDICT_LABEL('lr', " + lr.args() + ")")) {
      got.put(((Number) row.get(0)).longValue(), ((Number) row.get(1)).longValue());
    }
    assertEquals(expected, got, "GROUP BY PREDICT_LABEL");

    // Aggregate over a filtered subset.
    final double sub = IntStream.rangeClosed(1, 50).mapToDouble(this::p1).sum();
    assertEquals(sub, asDouble(rows(c, "SELECT SUM(" + p + ") FROM t WHERE id <= 50").get(0).get(0),
        "SUM subset"), 1e-5 * 50);
  }

  @Test
  void insertSelectBatchScoring() throws SQLException {
    exec(c, "CREATE TABLE scores (id INTEGER PRIMARY KEY, score DOUBLE, label BIGINT)");
    final int n;
    try (java.sql.Statement s = c.createStatement()) {
      n = s.executeUpdate("INSERT INTO scores SELECT id, " + p + ", PREDICT_LABEL('lr', "
          + lr.args() + ") FROM t");
    }
    assertEquals(lr.size(), n, "update count of INSERT ... SELECT");
    assertEquals(lr.size(), count(c, "SELECT COUNT(*) FROM scores"));
    final Map<Integer, Object> got = byId(c, "SELECT id, score FROM scores");
    final Map<Integer, Object> labels = byId(c, "SELECT id, label FROM scores");
    for (int id = 1; id <= lr.size(); id++) {
      assertClose(p1(id), asDouble(got.get(id), "score"), "stored score of id " + id);
      assertEquals(lr.labels.get(id - 1), ((Number) labels.get(id)).longValue(), "stored label " + id);
    }
    // A second INSERT with a WHERE on the score.
    exec(c, "CREATE TABLE flagged (id INTEGER PRIMARY KEY, score DOUBLE)");
    final long expectedFlagged = IntStream.rangeClosed(1, lr.size()).filter(id -> p1(id) < 0.1).count();
    try (java.sql.Statement s = c.createStatement()) {
      assertEquals(expectedFlagged, s.executeUpdate(
          "INSERT INTO flagged (id, score) SELECT id, " + p + " FROM t WHERE " + p + " < 0.1"));
    }
  }

  @Test
  void twoModelsInOneQuery() throws SQLException {
    final String sql = "SELECT id, " + p + ", " + prf + ", " + p + " - " + prf + " FROM t";
    int n = 0;
    try (java.sql.Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        final int id = rs.getInt(1);
        assertClose(p1(id), rs.getDouble(2), "lr id " + id);
        if (id <= HELD_OUT) {
          assertClose(rfP1(id), rs.getDouble(3), "rf id " + id);
          assertEquals(p1(id) - rfP1(id), rs.getDouble(4), 2e-5, "difference id " + id);
        } else {
          assertEquals(rs.getDouble(2) - rs.getDouble(3), rs.getDouble(4), 1e-12, "difference id " + id);
        }
        n++;
      }
    }
    assertEquals(lr.size(), n);
    assertTrue(PredictAccuracyTest.explain(c, sql).contains("SorrelBatchCall"));
    // Same model twice with different outputs.
    final Map<Integer, Object> sum = byId(c, "SELECT id, PREDICT_PROBA('lr', 0, " + lr.args()
        + ") + PREDICT_PROBA('lr', 1, " + lr.args() + ") FROM t");
    for (int id = 1; id <= lr.size(); id++) {
      assertEquals(1.0, asDouble(sum.get(id), "p0 + p1"), 1e-5, "p0 + p1 of id " + id);
    }
  }

  @Test
  void predictOverJoin() throws SQLException {
    final String left = IntStream.range(0, 15).mapToObj(k -> "f" + k).collect(Collectors.joining(", "));
    final String right = IntStream.range(15, 30).mapToObj(k -> "f" + k).collect(Collectors.joining(", "));
    exec(c, "CREATE TABLE a (id INTEGER PRIMARY KEY, " + IntStream.range(0, 15)
            .mapToObj(k -> "f" + k + " DOUBLE").collect(Collectors.joining(", ")) + ")",
        "CREATE TABLE b (bid INTEGER PRIMARY KEY, " + IntStream.range(15, 30)
            .mapToObj(k -> "f" + k + " DOUBLE").collect(Collectors.joining(", ")) + ")",
        "INSERT INTO a SELECT id, " + left + " FROM t",
        // b is inserted in reverse order so the join cannot rely on matching positions.
        "INSERT INTO b SELECT id, " + right + " FROM t ORDER BY id DESC");
    final String args = IntStream.range(0, 30).mapToObj(k -> (k < 15 ? "a.f" : "b.f") + k)
        .collect(Collectors.joining(", "));
    final String sql = "SELECT a.id, PREDICT('lr', " + args + ") FROM a JOIN b ON a.id = b.bid";
    final Map<Integer, Object> got = byId(c, sql);
    assertEquals(lr.size(), got.size());
    for (int id = 1; id <= lr.size(); id++) {
      assertClose(p1(id), asDouble(got.get(id), "join"), "join id " + id);
    }
    // Join with a filter on the other side and a prediction used in WHERE.
    final Map<Integer, Object> filtered = byId(c, "SELECT a.id, PREDICT('lr', " + args
        + ") FROM a JOIN b ON a.id = b.bid WHERE b.bid > 200 AND PREDICT('lr', " + args + ") > 0.5");
    final TreeSet<Integer> expected = new TreeSet<>();
    for (int id = 201; id <= lr.size(); id++) {
      if (p1(id) > 0.5) {
        expected.add(id);
      }
    }
    assertEquals(expected, new TreeSet<>(filtered.keySet()));
  }

  @Test
  void pointLookupPreparedStatementReusedForManyIds() throws SQLException {
    final List<Integer> ids = IntStream.rangeClosed(1, lr.size()).boxed().collect(Collectors.toList());
    Collections.shuffle(ids, new Random(20240607));
    try (PreparedStatement ps = c.prepareStatement("SELECT " + p + ", PREDICT_LABEL('lr', "
        + lr.args() + "), " + prf + " FROM t WHERE id = ?")) {
      for (int id : ids) {
        ps.setInt(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next(), "row for id " + id);
          assertClose(p1(id), rs.getDouble(1), "point lookup id " + id);
          assertEquals(lr.labels.get(id - 1).longValue(), rs.getLong(2), "label id " + id);
          if (id <= HELD_OUT) {
            assertClose(rfP1(id), rs.getDouble(3), "rf point lookup id " + id);
          }
          assertFalse(rs.next(), "one row for id " + id);
        }
      }
      ps.setInt(1, 100000);
      try (ResultSet rs = ps.executeQuery()) {
        assertFalse(rs.next(), "no row for a missing id");
      }
    }
  }

  @Test
  void predictWithParameterMarkersAsArguments() throws SQLException {
    final Csv tips = Fixture.TIPS.csv();
    exec(c, "CREATE MODEL tips FROM " + lit(copyModel(dir, Fixture.TIPS)));
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT PREDICT('tips', CAST(? AS DOUBLE), CAST(? AS DOUBLE), CAST(? AS VARCHAR(20)))")) {
      for (int i = 0; i < tips.size(); i += 7) {
        final String[] in = tips.inputs.get(i);
        ps.setDouble(1, Double.parseDouble(in[0]));
        ps.setDouble(2, Double.parseDouble(in[1]));
        ps.setString(3, in[2]);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertClose(tips.outputs.get(i)[1], rs.getDouble(1), "tips row " + (i + 1));
        }
      }
    }
  }

  @Test
  void explainShowsSorrelBatchCall() throws SQLException {
    final String plan = PredictAccuracyTest.explain(c, "SELECT id, " + p + " FROM t WHERE id < 10");
    assertTrue(plan.contains("SorrelBatchCall"), plan);
    assertTrue(plan.contains("LR:1"), plan);
    assertTrue(plan.contains("probabilities[1]"), plan);
    assertTrue(plan.contains("batch=[1024]"), "default batch size: " + plan);
    final String two = PredictAccuracyTest.explain(c, "SELECT " + p + ", " + prf + " FROM t");
    assertTrue(two.contains("LR:1") && two.contains("RF:1"), two);
  }

  @Test
  void preparedStatementReusedHundredTimesIsStable() throws SQLException {
    Map<Integer, Object> first = null;
    try (PreparedStatement ps = c.prepareStatement("SELECT id, " + p + " FROM t WHERE id <= ? ORDER BY id")) {
      for (int run = 0; run < 100; run++) {
        ps.setInt(1, lr.size());
        final Map<Integer, Object> got = new TreeMap<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            got.put(rs.getInt(1), rs.getObject(2));
          }
        }
        assertEquals(lr.size(), got.size(), "run " + run);
        if (first == null) {
          first = got;
          for (int id = 1; id <= lr.size(); id++) {
            assertClose(p1(id), asDouble(got.get(id), "first run"), "id " + id);
          }
        } else {
          assertEquals(first, got, "run " + run + " differs from run 0");
        }
      }
    }
  }

  @Test
  void wrongArgumentsAre42804WithSignature() throws SQLException {
    final String args29 = IntStream.range(0, 29).mapToObj(k -> "f" + k).collect(Collectors.joining(", "));
    SQLException e = assertSqlState("42804", () -> rows(c, "SELECT PREDICT('lr', " + args29 + ") FROM t"));
    assertMessageContains(e, "float_input", "30");
    e = assertSqlState("42804", () -> rows(c,
        "SELECT PREDICT('lr', " + lr.args() + ", f0) FROM t"));
    assertMessageContains(e, "float_input");
    e = assertSqlState("42804", () -> rows(c,
        "SELECT PREDICT('lr', 'text', " + args29.substring(args29.indexOf(',') + 1) + ") FROM t"));
    assertMessageContains(e, "float_input");

    exec(c, "CREATE MODEL tips FROM " + lit(copyModel(dir, Fixture.TIPS)));
    e = assertSqlState("42804", () -> rows(c, "SELECT PREDICT('tips', 1.0, 2.0) FROM t"));
    assertMessageContains(e, "amount", "age", "channel");
    e = assertSqlState("42804", () -> rows(c, "SELECT PREDICT('tips', 'x', 2.0, 'web') FROM t"));
    assertMessageContains(e, "amount", "channel");
    e = assertSqlState("42804", () -> rows(c, "SELECT PREDICT_OUTPUT('lr', 'no_such_output', "
        + lr.args() + ") FROM t"));
    assertMessageContains(e, "probabilities");
    e = assertSqlState("42804", () -> rows(c, "SELECT PREDICT_PROBA('lr', 2, " + lr.args() + ") FROM t"));
  }
}
