package dev.sorrel.e2e.model;

import static dev.sorrel.e2e.Queries.assertSameRows;
import static dev.sorrel.e2e.Queries.explain;
import static dev.sorrel.e2e.model.ModelTestSupport.copyModel;
import static dev.sorrel.e2e.model.ModelTestSupport.exec;
import static dev.sorrel.e2e.model.ModelTestSupport.lit;
import static dev.sorrel.e2e.model.ModelTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.model.ModelTestSupport.Csv;
import dev.sorrel.e2e.model.ModelTestSupport.Fixture;

/**
 * PREDICT, its family and ASSIGN_VARIANT inside aggregates over a table's
 * segment, through JDBC: every query answers exactly as a connection that
 * reads rows only ({@code table_segments=false}, the batch call operator
 * over the row scan) on the same data, also with NULL features, after
 * writes the segment does not cover, across alias moves and replaced models
 * and with bad arguments; EXPLAIN shows the batch path.
 */
class PredictBatchAggregateTest {
  private static final Csv LOGREG = Fixture.LOGREG.csv();
  private static final String F = LOGREG.args();
  /** Copies of the 217 reference rows: a little over two segment blocks. */
  private static final int COPIES = 40;

  @TempDir Path dir;
  private Connection b;
  private Connection r;

  private static final List<String> QUERIES = List.of(
      "SELECT SUM(PREDICT('lr', " + F + ")) FROM t",
      "SELECT COUNT(*), COUNT(PREDICT('lr', " + F + ")), AVG(PREDICT('lr', " + F + ")),"
          + " MIN(PREDICT('fo', " + F + ")), MAX(PREDICT('fo', " + F + ")) FROM t",
      "SELECT SUM(PREDICT('fo', " + F + ")) FROM t",
      "SELECT PREDICT_LABEL('lr', " + F + ") AS label, COUNT(*), SUM(f0) FROM t"
          + " GROUP BY PREDICT_LABEL('lr', " + F + ") ORDER BY label",
      "SELECT AVG(PREDICT_PROBA('fo', 0, " + F + ")), SUM(PREDICT_PROBA('lr', 1, " + F + "))"
          + " FROM t WHERE f0 > 13.5 AND f1 < 20",
      "SELECT id < 3000 AS low, SUM(PREDICT('cached', " + F + ")) FROM t GROUP BY id < 3000"
          + " ORDER BY low",
      "SELECT SUM(PREDICT('lr@production', " + F + ")) FROM t WHERE f1 IS NOT NULL");

  @BeforeEach void open() throws SQLException {
    final String url = "jdbc:sorrel:" + dir.resolve("db");
    b = DriverManager.getConnection(url);
    r = DriverManager.getConnection(url + ";table_segments=false");
    exec(b, "CREATE MODEL lr FROM " + lit(copyModel(dir, Fixture.LOGREG)),
        "CREATE MODEL fo FROM " + lit(copyModel(dir, Fixture.FOREST)) + " WITH (batch_size = 300)",
        "CREATE MODEL cached FROM " + lit(copyModel(dir, Fixture.LOGREG))
            + " WITH (cache_size = 100)",
        "ALTER MODEL lr SET ALIAS production = 1");
    // Every 25th row has a NULL in one feature.
    LOGREG.load(b, "t", IntStream.rangeClosed(1, LOGREG.size()).filter(id -> id % 25 == 0)
        .boxed().collect(Collectors.toSet()));
    for (int copy = 1; copy < COPIES; copy++) {
      exec(b, "INSERT INTO t SELECT id + " + copy * 1000 + ", " + F + " FROM t WHERE id < 1000");
    }
    exec(b, "ALTER TABLE t COMPACT");
  }

  @AfterEach void close() throws SQLException {
    b.close();
    r.close();
  }

  private void assertSameAnswers(String step) throws SQLException {
    for (String query : QUERIES) {
      // The batch path scores the same rows as the row path; sums of doubles over several
      // blocks add the halves the two threads read apart, so they agree to rounding.
      assertSameRows(rows(r, query), rows(b, query), step + ": " + query);
    }
  }

  @Test void everyQueryAnswersAsTheRowPathAndExplainShowsTheBatchPath() throws SQLException {
    for (String query : QUERIES) {
      final String plan = explain(b, query);
      assertTrue(plan.contains("SorrelBatchAggregate") && plan.contains("batches=[segment (current")
          && !plan.contains("SorrelBatchCall"), query + "\n" + plan);
      final String rowPlan = explain(r, query);
      assertTrue(rowPlan.contains("SorrelBatchCall") && !rowPlan.contains("SorrelBatchAggregate"),
          query + "\n" + rowPlan);
    }
    assertTrue(explain(b, QUERIES.get(0)).contains("LR:1.probabilities[1]($"),
        explain(b, QUERIES.get(0)));
    assertSameAnswers("compacted");
    // NULL features give NULL predictions, left out of COUNT and SUM.
    final List<Object> counts = rows(b, QUERIES.get(1)).get(0);
    assertEquals((long) LOGREG.size() * COPIES, counts.get(0));
    assertEquals((long) (LOGREG.size() - LOGREG.size() / 25) * COPIES, counts.get(1));
    // The cached model answers the same once its cache is warm.
    assertSameRows(rows(r, QUERIES.get(5)), rows(b, QUERIES.get(5)), "");
  }

  @Test void staleSegmentsOverlayWritesExactly() throws SQLException {
    exec(b, "UPDATE t SET f3 = f3 * 2 WHERE MOD(id, 7) = 0", "DELETE FROM t WHERE MOD(id, 11) = 0",
        "INSERT INTO t SELECT id + 100000, " + F + " FROM t WHERE id < 300",
        "UPDATE t SET f5 = NULL WHERE MOD(id, 13) = 0");
    assertTrue(explain(b, QUERIES.get(0)).contains("changed keys overlaid"),
        explain(b, QUERIES.get(0)));
    assertSameAnswers("overlaid");
    // A transaction that has written reads its own writes (as rows): answers as the row path
    // does in the same transaction.
    final List<List<List<Object>>> expected = new ArrayList<>();
    for (Connection c : List.of(r, b)) {
      c.setAutoCommit(false);
      exec(c, "DELETE FROM t WHERE id < 500", "UPDATE t SET f0 = f0 + 1 WHERE id > 30000");
      for (int q = 0; q < QUERIES.size(); q++) {
        if (c == r) {
          expected.add(rows(c, QUERIES.get(q)));
        } else {
          assertSameRows(expected.get(q), rows(c, QUERIES.get(q)),
              "own writes: " + QUERIES.get(q));
        }
      }
      c.rollback();
    }
    // A transaction that only reads keeps its snapshot while another commits.
    final List<List<Object>> before = rows(b, QUERIES.get(0));
    try (Connection other = DriverManager.getConnection("jdbc:sorrel:" + dir.resolve("db"))) {
      exec(other, "DELETE FROM t WHERE id > 20000");
    }
    assertEquals(before, rows(b, QUERIES.get(0)));
    b.commit();
    r.commit();
    b.setAutoCommit(true);
    r.setAutoCommit(true);
    assertNotEquals(before, rows(b, QUERIES.get(0)));
    assertSameAnswers("after commit");
    exec(b, "ALTER TABLE t COMPACT");
    assertSameAnswers("recompacted");
  }

  /** The rows of an execution, or its SQLState and message. */
  private static Object outcome(PreparedStatement ps) {
    try (ResultSet rs = ps.executeQuery()) {
      final List<Object> values = new ArrayList<>();
      while (rs.next()) {
        values.add(rs.getObject(1));
      }
      return values;
    } catch (SQLException e) {
      return e.getSQLState() + ": " + e.getMessage();
    }
  }

  @Test void preparedStatementsFollowAliasesAndReplacedModelsAsTheRowPath() throws Exception {
    exec(b, "ALTER MODEL lr ADD VERSION FROM " + lit(copyModel(dir, Fixture.LOGREG)),
        "ALTER MODEL lr ADD VERSION FROM " + lit(copyModel(dir, Fixture.FOREST)));
    final String query = "SELECT SUM(PREDICT('lr@production', " + F + ")) FROM t";
    try (PreparedStatement pb = b.prepareStatement(query);
        PreparedStatement pr = r.prepareStatement(query)) {
      assertTrue(explain(b, query).contains("SorrelBatchAggregate"), explain(b, query));
      final Object first = outcome(pb);
      assertEquals(outcome(pr), first);
      // The same model as version 2: the same answer.
      exec(b, "ALTER MODEL lr SET ALIAS production = 2");
      assertEquals(first, outcome(pb));
      assertEquals(outcome(pr), outcome(pb));
      // Another model with the same signature, then one whose signature differs or is gone.
      exec(b, "ALTER MODEL lr SET ALIAS production = 3");
      assertEquals(outcome(pr), outcome(pb), "version 3");
      exec(b, "DROP MODEL lr VERSION 3");
      final Object dropped = outcome(pb);
      assertTrue(dropped instanceof String, String.valueOf(dropped));
      assertEquals(outcome(pr), dropped);
      exec(b, "DROP MODEL lr");
      assertEquals(outcome(pr), outcome(pb), "model dropped");
      // Registered again from another file under the same name.
      exec(b, "CREATE MODEL lr FROM " + lit(copyModel(dir, Fixture.ZIPMAP)),
          "ALTER MODEL lr SET ALIAS production = 1");
      assertEquals(outcome(pr), outcome(pb), "model replaced");
    }
  }

  @Test void badArgumentsFailAsOnTheRowPath() throws SQLException {
    final String f29 = IntStream.range(0, 29).mapToObj(k -> "f" + k)
        .collect(Collectors.joining(", "));
    for (String query : List.of("SELECT SUM(PREDICT('lr', " + f29 + ")) FROM t",
        "SELECT SUM(PREDICT('lr', " + F + ", f0)) FROM t",
        "SELECT SUM(PREDICT('lr', 'text', " + f29.substring(f29.indexOf(',') + 1) + ")) FROM t",
        "SELECT SUM(PREDICT('lr', id > 3, " + f29.substring(f29.indexOf(',') + 1) + ")) FROM t",
        "SELECT SUM(PREDICT_PROBA('lr', 2, " + F + ")) FROM t",
        "SELECT SUM(PREDICT('nosuch', " + F + ")) FROM t",
        "SELECT SUM(PREDICT('lr@staging', " + F + ")) FROM t")) {
      final SQLException batch = assertThrows(SQLException.class, () -> rows(b, query));
      final SQLException row = assertThrows(SQLException.class, () -> rows(r, query));
      assertEquals(row.getSQLState(), batch.getSQLState(), query);
      assertEquals(row.getMessage(), batch.getMessage(), query);
      assertTrue(Set.of("42804", "42S02", "42000").contains(batch.getSQLState()),
          batch.getSQLState() + ": " + batch.getMessage());
    }
  }

  @Test void integerAndTextArgumentsGoToTheModelAsOnTheRowPath() throws SQLException {
    exec(b, "CREATE MODEL tips FROM " + lit(copyModel(dir, Fixture.TIPS)),
        "CREATE TABLE tips (id BIGINT PRIMARY KEY, amount DOUBLE, age INTEGER, years BIGINT,"
            + " channel VARCHAR(10))");
    final Csv tips = Fixture.TIPS.csv();
    try (PreparedStatement ps = b.prepareStatement("INSERT INTO tips VALUES (?, ?, ?, ?, ?)")) {
      for (int i = 0; i < 5000; i++) {
        final String[] row = tips.inputs.get(i % tips.size());
        ps.setLong(1, i);
        ps.setDouble(2, Double.parseDouble(row[0]) + i % 7);
        ps.setInt(3, (int) Double.parseDouble(row[1]));
        ps.setLong(4, (long) Double.parseDouble(row[1]) + i % 3);
        if (i % 31 == 0) {
          ps.setNull(5, java.sql.Types.VARCHAR);
        } else {
          ps.setString(5, row[2]);
        }
        ps.addBatch();
      }
      ps.executeBatch();
    }
    exec(b, "ALTER TABLE tips COMPACT");
    for (String query : List.of(
        "SELECT channel, COUNT(*), SUM(PREDICT('tips', amount, age, channel)) FROM tips"
            + " GROUP BY channel ORDER BY channel",
        "SELECT PREDICT_LABEL('tips', amount, years, channel) AS label, COUNT(*) FROM tips"
            + " GROUP BY PREDICT_LABEL('tips', amount, years, channel) ORDER BY label",
        "SELECT SUM(PREDICT('tips', amount * 2, age + 1, channel)) FROM tips WHERE age > 30")) {
      assertTrue(explain(b, query).contains("SorrelBatchAggregate"), explain(b, query));
      assertSameRows(rows(r, query), rows(b, query), query);
    }
  }

  @Test void assignVariantGroupsAsTheRowPath() throws SQLException {
    exec(b, "CREATE EXPERIMENT e (control WEIGHT 70, treatment WEIGHT 30)",
        "CREATE EXPERIMENT f (a WEIGHT 1, b WEIGHT 1, c WEIGHT 1) HASH 'fnv1a'",
        "CREATE TABLE u (id BIGINT PRIMARY KEY, name VARCHAR(20), n INTEGER)",
        "INSERT INTO u SELECT id, 'user-' || CAST(id AS VARCHAR), CAST(MOD(id, 5) AS INTEGER)"
            + " FROM t",
        "INSERT INTO u (id) VALUES (-1)", "ALTER TABLE u COMPACT");
    final List<String> queries = List.of(
        "SELECT ASSIGN_VARIANT('e', id) AS v, COUNT(*) FROM u GROUP BY ASSIGN_VARIANT('e', id)"
            + " ORDER BY v",
        "SELECT ASSIGN_VARIANT('f', name) AS v, COUNT(*), SUM(n) FROM u"
            + " GROUP BY ASSIGN_VARIANT('f', name) ORDER BY v",
        "SELECT ASSIGN_VARIANT('e', n) AS v, MIN(id) FROM u WHERE n > 1"
            + " GROUP BY ASSIGN_VARIANT('e', n) ORDER BY v");
    for (String query : queries) {
      assertTrue(explain(b, query).contains("SorrelBatchAggregate"), explain(b, query));
      assertSameRows(rows(r, query), rows(b, query), query);
    }
    assertEquals(2, rows(b, queries.get(0)).size(), "two variants");
    assertEquals(4, rows(b, queries.get(1)).size(), "three variants and NULL");
    try (PreparedStatement pb = b.prepareStatement(queries.get(0));
        PreparedStatement pr = r.prepareStatement(queries.get(0))) {
      assertEquals(outcome(pr), outcome(pb));
      exec(b, "ALTER EXPERIMENT e START", "ALTER EXPERIMENT e STOP WINNER treatment");
      final Object stopped = outcome(pb);
      assertEquals(outcome(pr), stopped);
      assertFalse(String.valueOf(stopped).contains("control"), String.valueOf(stopped));
      exec(b, "DROP EXPERIMENT e");
      assertEquals(outcome(pr), outcome(pb));
    }
  }
}
