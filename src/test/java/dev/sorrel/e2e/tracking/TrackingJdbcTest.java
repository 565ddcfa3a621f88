package dev.sorrel.e2e.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.sorrel.e2e.Queries;

/**
 * Tracked training runs through JDBC: the statements with literals and
 * parameters, batches of logs, the connection's current run, the link from
 * model versions to runs, searches with OR and joins, and the errors of bad
 * input, each with its SQLState and position and nothing written.
 */
class TrackingJdbcTest {
  private static int databases;
  private String url;
  private Connection c;

  @BeforeEach void open() throws SQLException {
    url = "jdbc:sorrel:mem:tracking" + (++databases) + "_" + System.nanoTime();
    c = DriverManager.getConnection(url);
  }

  @AfterEach void close() throws SQLException {
    c.close();
  }

  private String start(Connection connection, String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertEquals("RUN_ID", rs.getMetaData().getColumnLabel(1));
      assertTrue(rs.next());
      final String id = rs.getString(1);
      assertFalse(rs.next());
      return id;
    }
  }

  private long count(String sql) throws SQLException {
    return Queries.single(c, sql);
  }

  @Test void startRunReturnsAnIdAndLogsGoToTheCurrentRun() throws SQLException {
    final String id = start(c, "START RUN 'r1' IN PROJECT fraud");
    assertTrue(id.matches("[0-9a-f]{32}"));
    try (Statement s = c.createStatement()) {
      assertEquals(2, s.executeUpdate("LOG PARAM 'lr' = 0.01, 'epochs' = 10"));
      assertTrue(s.execute("START RUN 'other'"));
      final String other;
      try (ResultSet rs = s.getResultSet()) {
        rs.next();
        other = rs.getString(1);
      }
      assertNotEquals(id, other);
      s.executeUpdate("LOG PARAM 'lr' = 0.5");
      s.executeUpdate("LOG PARAM 'lr' = 0.01 FOR RUN '" + id + "'");
      s.executeUpdate("END RUN");
      s.executeUpdate("END RUN '" + id + "' STATUS KILLED");
    }
    assertEquals(List.of(List.of("KILLED", "FINISHED")), Queries.rows(c,
        "SELECT MAX(CASE WHEN run_name = 'r1' THEN status END),"
            + " MAX(CASE WHEN run_name = 'other' THEN status END) FROM tracking.runs"));
    // executeUpdate refuses a statement that returns rows, as for queries.
    final SQLException e = assertThrows(SQLException.class,
        () -> c.createStatement().executeUpdate("START RUN"));
    assertEquals("07003", e.getSQLState());
  }

  @Test void theCurrentRunBelongsToOneConnection() throws SQLException {
    start(c, "START RUN");
    try (Connection second = DriverManager.getConnection(url);
         Statement s = second.createStatement()) {
      final SQLException e = assertThrows(SQLNonTransientException.class,
          () -> s.executeUpdate("LOG METRIC 'auc' = 0.9"));
      assertEquals("55000", e.getSQLState());
      assertTrue(e.getMessage().contains("line 1, column 1"), e.getMessage());
    }
    c.createStatement().executeUpdate("LOG METRIC 'auc' = 0.9");
    assertEquals(1, count("SELECT COUNT(*) FROM tracking.metrics"));
  }

  @Test void preparedLogsTakeParametersAndBatchesCommitTogether() throws SQLException {
    final String id = start(c, "START RUN");
    try (PreparedStatement log = c.prepareStatement(
        "LOG METRIC ? = ? STEP ? FOR RUN ?")) {
      for (int step = 0; step < 100; step++) {
        log.setString(1, "loss");
        log.setDouble(2, 1.0 / (step + 1));
        log.setLong(3, step);
        log.setString(4, id);
        log.addBatch();
      }
      log.executeBatch();
    }
    assertEquals(100, count("SELECT COUNT(*) FROM tracking.metrics"));
    assertEquals(List.of(List.of(0.01, 100L, 99L)), Queries.rows(c,
        "SELECT metric_value, value_count, step FROM tracking.latest_metrics"));
    try (PreparedStatement param = c.prepareStatement("LOG PARAM ? = ?")) {
      param.setString(1, "lr");
      param.setString(2, "0.1");
      param.addBatch();
      param.setString(1, "lr");
      param.setString(2, "0.2");
      param.addBatch();
      assertThrows(java.sql.BatchUpdateException.class, param::executeBatch);
    }
    assertEquals(0, count("SELECT COUNT(*) FROM tracking.params"), "a failed batch writes nothing");
    try (PreparedStatement metric = c.prepareStatement("LOG METRIC 'auc' = ?")) {
      metric.setString(1, "high");
      final SQLException e = assertThrows(SQLException.class, metric::executeUpdate);
      assertEquals("22018", e.getSQLState());
    }
  }

  @Test void modelVersionsLinkToTheirRuns() throws Exception {
    final String id = start(c, "START RUN 'train' IN PROJECT fraud");
    try (Statement s = c.createStatement()) {
      s.executeUpdate("END RUN");
    }
    final byte[] model;
    try (InputStream in = getClass().getResourceAsStream("/models/logreg_breast_cancer.onnx")) {
      model = in.readAllBytes();
    }
    try (PreparedStatement create = c.prepareStatement(
        "CREATE MODEL fraud FROM ? RUN '" + id + "'")) {
      create.setBytes(1, model);
      create.executeUpdate();
    }
    try (PreparedStatement add = c.prepareStatement(
        "ALTER MODEL fraud ADD VERSION FROM ? COMMENT 'retrained' RUN 'nope'")) {
      add.setBytes(1, model);
      final SQLException e = assertThrows(SQLException.class, add::executeUpdate);
      assertEquals("42704", e.getSQLState());
      assertTrue(e.getMessage().contains("column 62"), e.getMessage());
    }
    try (PreparedStatement add = c.prepareStatement("ALTER MODEL fraud ADD VERSION FROM ?")) {
      add.setBytes(1, model);
      add.executeUpdate();
    }
    final List<List<Object>> rows = Queries.rows(c,
        "SELECT v.version, r.run_name FROM sys.model_versions v"
            + " LEFT JOIN tracking.runs r ON r.run_id = v.run_id ORDER BY v.version");
    assertEquals(List.of(List.of(1, "train"), java.util.Arrays.asList(2, null)), rows);
  }

  @Test void runsAreFoundByParamsMetricsAndTagsWithOrAndJoins() throws SQLException {
    final List<String> ids = new ArrayList<>();
    final String[] optimizers = {"adam", "sgd", "rmsprop", "adam"};
    final double[] aucs = {0.91, 0.85, 0.95, 0.70};
    for (int i = 0; i < 4; i++) {
      ids.add(start(c, "START RUN 'run" + i + "' IN PROJECT 'search'"));
      try (Statement s = c.createStatement()) {
        s.executeUpdate("LOG PARAM 'optimizer' = '" + optimizers[i] + "', 'lr' = " + (i % 2));
        s.executeUpdate("LOG METRIC 'auc' = " + aucs[i]);
        s.executeUpdate("SET TAG 'stage' = '" + (i < 2 ? "prod" : "dev") + "'");
        s.executeUpdate("END RUN");
      }
    }
    // optimizer adam OR sgd, AND auc above 0.8, best first: MLflow's search_runs cannot OR.
    final String search = "SELECT r.run_name, m.metric_value"
        + " FROM tracking.latest_metrics m"
        + " JOIN tracking.params p ON p.run_id = m.run_id AND p.param_key = 'optimizer'"
        + " JOIN tracking.runs r ON r.run_id = m.run_id"
        + " WHERE m.metric_key = 'auc' AND m.metric_value > 0.8"
        + " AND (p.param_value = 'adam' OR p.param_value = 'sgd')"
        + " ORDER BY m.metric_value DESC";
    assertEquals(List.of(List.of("run0", 0.91), List.of("run1", 0.85)), Queries.rows(c, search));
    // A tag OR a param.
    assertEquals(List.of(List.of("run0"), List.of("run1"), List.of("run3")), Queries.rows(c,
        "SELECT run_name FROM tracking.runs WHERE run_id IN ("
            + "SELECT run_id FROM tracking.tags WHERE tag_key = 'stage' AND tag_value = 'prod'"
            + " UNION SELECT run_id FROM tracking.params WHERE param_key = 'lr'"
            + " AND param_value = '1') ORDER BY run_name"));
  }

  /**
   * The documented search over 2,000 runs, whichever order its joins are
   * written in, against the same search done in Java: lookups into the
   * params by their key find what hashing the params found.
   */
  @Test void theDocumentedSearchFindsWhatAJavaSearchFinds() throws SQLException {
    final String[] optimizers = {"adam", "sgd", "rmsprop", "adagrad"};
    final java.util.Random random = new java.util.Random(12);
    final java.util.Map<String, Object[]> runs = new java.util.HashMap<>();
    c.setAutoCommit(false);
    try (PreparedStatement param = c.prepareStatement("LOG PARAM ? = ? FOR RUN ?");
         PreparedStatement metric = c.prepareStatement("LOG METRIC 'auc' = ? FOR RUN ?")) {
      for (int i = 0; i < 2_000; i++) {
        final String id = start(c, "START RUN");
        final String optimizer = optimizers[random.nextInt(4)];
        final String lr = "0.00" + (1 + random.nextInt(5));
        final double auc = random.nextDouble();
        // Some runs lack a param, to be left out by the joins.
        if (i % 50 != 0) {
          param.setString(1, "optimizer");
          param.setString(2, optimizer);
          param.setString(3, id);
          param.addBatch();
        }
        param.setString(1, "lr");
        param.setString(2, lr);
        param.setString(3, id);
        param.addBatch();
        metric.setDouble(1, auc);
        metric.setString(2, id);
        metric.addBatch();
        runs.put(id, new Object[] {i % 50 != 0 ? optimizer : null, lr, auc});
      }
      param.executeBatch();
      metric.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
    final List<List<Object>> expected = new ArrayList<>();
    for (java.util.Map.Entry<String, Object[]> run : runs.entrySet()) {
      final Object[] v = run.getValue();
      if ((double) v[2] > 0.9 && ("adam".equals(v[0]) || "sgd".equals(v[0]))
          && "0.001".equals(v[1])) {
        expected.add(List.of(run.getKey(), v[2]));
      }
    }
    expected.sort(java.util.Comparator.comparing(r -> -(double) r.get(1)));
    final String conditions = " WHERE m.metric_key = 'auc' AND m.metric_value > 0.9"
        + " AND (p.param_value = 'adam' OR p.param_value = 'sgd') AND l.param_value = '0.001'"
        + " ORDER BY m.metric_value DESC";
    assertEquals(expected, Queries.rows(c, "SELECT m.run_id, m.metric_value"
        + " FROM tracking.latest_metrics m"
        + " JOIN tracking.params p ON p.run_id = m.run_id AND p.param_key = 'optimizer'"
        + " JOIN tracking.params l ON l.run_id = m.run_id AND l.param_key = 'lr'" + conditions));
    assertEquals(expected, Queries.rows(c, "SELECT m.run_id, m.metric_value"
        + " FROM tracking.params p"
        + " JOIN tracking.params l ON l.run_id = p.run_id AND l.param_key = 'lr'"
        + " JOIN tracking.latest_metrics m ON m.run_id = p.run_id"
        + " AND p.param_key = 'optimizer'" + conditions));
    assertTrue(expected.size() > 10, "the search finds some runs: " + expected.size());
  }

  @Test void badInputIsRefusedWithItsPositionAndChangesNothing() throws SQLException {
    start(c, "START RUN");
    try (Statement s = c.createStatement()) {
      s.executeUpdate("LOG PARAM 'lr' = '0.01'");
      final SQLIntegrityConstraintViolationException twice = assertThrows(
          SQLIntegrityConstraintViolationException.class,
          () -> s.executeUpdate("LOG PARAM 'depth' = 3, 'lr' = '0.02'"));
      assertEquals("23505", twice.getSQLState());
      assertTrue(twice.getMessage().contains("line 1, column 24"), twice.getMessage());
      final SQLException notNumber = assertThrows(SQLException.class,
          () -> s.executeUpdate("LOG METRIC 'auc' = 'x'"));
      assertEquals("42804", notNumber.getSQLState());
      assertTrue(notNumber.getMessage().contains("column 20"), notNumber.getMessage());
      final SQLException unknown = assertThrows(SQLException.class,
          () -> s.executeUpdate("SET TAG 'a' = 'b' FOR RUN 'missing'"));
      assertEquals("42704", unknown.getSQLState());
      final SQLException dml = assertThrows(SQLException.class,
          () -> s.executeUpdate("UPDATE tracking.params SET param_value = 'x'"));
      assertEquals("0A000", dml.getSQLState());
      s.executeUpdate("END RUN");
      final SQLException ended = assertThrows(SQLException.class,
          () -> s.executeUpdate("LOG PARAM 'x' = 1 FOR RUN (SELECT 1)"));
      assertEquals("42000", ended.getSQLState());
    }
    assertEquals(1, count("SELECT COUNT(*) FROM tracking.params"));
    assertEquals(0, count("SELECT COUNT(*) FROM tracking.metrics"));
  }

  @Test void readOnlyConnectionsCannotStartRuns() throws SQLException {
    c.setReadOnly(true);
    final SQLException e = assertThrows(SQLException.class,
        () -> c.createStatement().executeQuery("START RUN"));
    assertEquals("25006", e.getSQLState());
    assertEquals(1, count("SELECT COUNT(*) + 1 FROM tracking.runs"));
    final SQLException prepared = assertThrows(SQLException.class,
        () -> c.prepareStatement("START RUN").executeQuery());
    assertEquals("25006", prepared.getSQLState());
    c.setReadOnly(false);
    // A batch reports update counts: START RUN, which returns the run's id, is refused there.
    try (Statement s = c.createStatement()) {
      s.addBatch("START RUN 'batched'");
      final java.sql.BatchUpdateException batch = assertThrows(java.sql.BatchUpdateException.class,
          s::executeBatch);
      assertEquals("0A000", batch.getSQLState());
    }
    assertEquals(0, count("SELECT COUNT(*) FROM tracking.runs"));
  }

  @Test void logsJoinTheConnectionsTransaction() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertEquals(0, s.executeUpdate("START TRANSACTION"));
      final String id = start(c, "START RUN 'in a transaction'");
      s.executeUpdate("LOG PARAM 'lr' = 0.1");
      // A failing statement is undone alone; the transaction goes on.
      assertThrows(SQLIntegrityConstraintViolationException.class,
          () -> s.executeUpdate("LOG PARAM 'depth' = 3, 'lr' = 0.2"));
      s.executeUpdate("LOG METRIC 'auc' = 0.5 STEP 1");
      s.executeUpdate("LOG METRIC 'auc' = 0.7 STEP 2");
      s.executeUpdate("END RUN");
      s.execute("COMMIT");
      assertEquals(List.of(List.of("FINISHED", "lr", 0.7, 2L)), Queries.rows(c,
          "SELECT r.status, p.param_key, m.metric_value, m.value_count FROM tracking.runs r"
              + " JOIN tracking.params p ON p.run_id = r.run_id"
              + " JOIN tracking.latest_metrics m ON m.run_id = r.run_id"
              + " WHERE r.run_id = '" + id + "'"));
      s.execute("BEGIN");
      start(c, "START RUN 'rolled back'");
      s.executeUpdate("LOG PARAM 'lr' = 0.3");
      s.execute("ROLLBACK");
    }
    assertEquals(1, count("SELECT COUNT(*) FROM tracking.runs"));
    assertEquals(1, count("SELECT COUNT(*) FROM tracking.params"));
  }
}
