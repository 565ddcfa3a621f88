package dev.sorrel.engine.tracking;

import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static dev.sorrel.engine.EngineTestSupport.scanAll;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.AccessPath;
import dev.sorrel.engine.table.KeyPredicate;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;

/**
 * The tracking API without SQL: runs, write-once params, metric histories
 * with their latest values, tags, inputs, the checks MLflow makes, and the
 * indexes that keep every write.
 */
class TrackingTest {
  private Database db;
  private Tracking tracking;

  @BeforeEach void open() {
    db = Database.openInMemory(uniqueMemoryName("tracking"));
    tracking = db.tracking();
  }

  @AfterEach void close() {
    db.close();
  }

  @Test void runStartsRunningInItsProjectAndEndsWithAStatus() {
    final String id = tracking.startRun("fraud", "baseline", Map.of("team", "risk"));
    assertTrue(id.matches("[0-9a-f]{32}"), id);
    final RunInfo run = tracking.run(id);
    assertEquals("fraud", run.project());
    assertEquals("baseline", run.runName());
    assertEquals(RunStatus.RUNNING, run.status());
    assertNull(run.endTime());
    assertEquals(Map.of("team", "risk"), tracking.tags(id));

    tracking.endRun(id, RunStatus.FAILED);
    final RunInfo ended = tracking.run(id);
    assertEquals(RunStatus.FAILED, ended.status());
    assertTrue(ended.endTime() >= ended.startTime());
    assertNotEquals(id, tracking.startRun(null, null, Map.of()));
    assertEquals(Tracking.DEFAULT_PROJECT, tracking.run(tracking.startRun(null, null, Map.of()))
        .project());
  }

  @Test void paramsAreWrittenOnce() {
    final String id = tracking.startRun("p", null, Map.of());
    tracking.logParams(id, Map.of("lr", "0.01", "optimizer", "adam"));
    tracking.logParam(id, "lr", "0.01"); // the same value again: nothing happens
    assertSorrel(ErrorCode.DUPLICATE_KEY, () -> tracking.logParam(id, "lr", "0.02"));
    assertEquals(Map.of("lr", "0.01", "optimizer", "adam"), tracking.params(id));
  }

  @Test void aFailedBatchWritesNothing() {
    final String id = tracking.startRun("p", null, Map.of());
    tracking.logParam(id, "lr", "0.01");
    final Map<String, String> batch = new java.util.LinkedHashMap<>();
    batch.put("depth", "6");
    batch.put("lr", "0.5");
    assertSorrel(ErrorCode.DUPLICATE_KEY, () -> tracking.logParams(id, batch));
    assertEquals(Map.of("lr", "0.01"), tracking.params(id));
  }

  @Test void latestMetricFollowsStepThenTimeThenValue() {
    final String id = tracking.startRun("p", null, Map.of());
    tracking.logMetrics(id, List.of(new Metric("loss", 0.9, 1, 1000),
        new Metric("loss", 0.5, 3, 900), new Metric("loss", 0.7, 2, 2000),
        new Metric("loss", 0.6, 3, 900), new Metric("auc", 0.8, 0, 5)));
    assertEquals(Map.of("auc", 0.8, "loss", 0.6), tracking.latestMetrics(id));
    final List<Double> history = new ArrayList<>();
    for (Metric m : tracking.metricHistory(id, "loss")) {
      history.add(m.value());
    }
    assertEquals(List.of(0.9, 0.7, 0.5, 0.6), history);
    final Object[] row = latestRow(id, "loss");
    assertEquals(0.5, row[TrackingTables.LATEST_MIN]);
    assertEquals(0.9, row[TrackingTables.LATEST_MAX]);
    assertEquals(4L, row[TrackingTables.LATEST_COUNT]);
    // One value logged twice is one row, as in MLflow.
    tracking.logMetrics(id, List.of(new Metric("loss", 0.6, 3, 900)));
    assertEquals(4L, latestRow(id, "loss")[TrackingTables.LATEST_COUNT]);
    assertEquals(4, tracking.metricHistory(id, "loss").size());
  }

  @Test void nanIsKeptButNotABestValue() {
    final String id = tracking.startRun("p", null, Map.of());
    tracking.logMetric(id, "loss", Double.NaN, 1);
    assertNull(latestRow(id, "loss")[TrackingTables.LATEST_MIN]);
    tracking.logMetric(id, "loss", 0.25, 0);
    assertTrue(Double.isNaN(tracking.latestMetrics(id).get("loss")));
    assertEquals(0.25, latestRow(id, "loss")[TrackingTables.LATEST_MAX]);
  }

  @Test void endedRunsRefuseLogsButTakeTags() {
    final String id = tracking.startRun("p", null, Map.of());
    tracking.endRun(id, RunStatus.FINISHED);
    assertSorrel(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
        () -> tracking.logParam(id, "a", "1"));
    assertSorrel(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
        () -> tracking.logMetric(id, "a", 1));
    assertSorrel(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE,
        () -> tracking.endRun(id, RunStatus.KILLED));
    assertSorrel(ErrorCode.INVALID_PARAMETER_VALUE,
        () -> tracking.endRun(tracking.startRun("p", null, Map.of()), RunStatus.RUNNING));
    tracking.setTag(id, "review", "ok");
    tracking.setTag(id, "review", "better");
    assertEquals(Map.of("review", "better"), tracking.tags(id));
    tracking.deleteTag(id, "review");
    assertEquals(Map.of(), tracking.tags(id));
    assertSorrel(ErrorCode.UNDEFINED_OBJECT, () -> tracking.deleteTag(id, "review"));
  }

  @Test void unknownRunsAndBadKeysAreRefused() {
    assertSorrel(ErrorCode.UNDEFINED_OBJECT, () -> tracking.logParam("nope", "a", "1"));
    assertSorrel(ErrorCode.UNDEFINED_OBJECT, () -> tracking.setTag("nope", "a", "1"));
    assertSorrel(ErrorCode.UNDEFINED_OBJECT, () -> tracking.existingRun("nope"));
    final String id = tracking.startRun("p", null, Map.of());
    assertSorrel(ErrorCode.INVALID_PARAMETER_VALUE, () -> tracking.logParam(id, " ", "1"));
    assertSorrel(ErrorCode.STRING_TOO_LONG, () -> tracking.logMetric(id, "k".repeat(251), 1));
    assertSorrel(ErrorCode.NOT_NULL_VIOLATION, () -> tracking.logParam(id, "a", null));
  }

  @Test void sqlWritesAreRefusedButTheOwnerKeepsIndexes() {
    final Table params = tracking.tables().get("PARAMS");
    try (Transaction tx = db.begin()) {
      assertSorrel(ErrorCode.FEATURE_NOT_SUPPORTED,
          () -> params.insert(tx, new Object[] {"x", "k", "v"}));
    }
    final String a = tracking.startRun("p", null, Map.of());
    final String b = tracking.startRun("p", null, Map.of());
    tracking.logParam(a, "lr", "0.1");
    tracking.logParam(b, "lr", "0.2");
    final AccessPath path = params.accessPath(List.of(
        new KeyPredicate(1, KeyPredicate.Operator.EQUAL, List.of(new KeyPredicate.Constant("lr"))),
        new KeyPredicate(2, KeyPredicate.Operator.EQUAL, List.of(new KeyPredicate.Constant("0.2")))));
    assertEquals("PARAMS_KEY_VALUE", path.index().name());
    try (ReadView view = db.snapshot();
         Table.RowCursor cursor = params.scan(view, path, path.ranges(i -> null).get(0),
             new int[] {0})) {
      assertTrue(cursor.next());
      assertEquals(b, cursor.row()[0]);
      assertTrue(!cursor.next());
    }
  }

  @Test void logsInOneTransactionSeeEachOther() {
    final String id;
    try (Transaction tx = db.begin()) {
      id = tracking.startRun(tx, "p", "r", Map.of());
      tracking.logParam(tx, id, "lr", "0.1");
      tracking.logMetric(tx, id, new Metric("auc", 0.7, 1, 10));
      tracking.logMetric(tx, id, new Metric("auc", 0.8, 2, 20));
      assertSorrel(ErrorCode.DUPLICATE_KEY, () -> tracking.logParam(tx, id, "lr", "0.2"));
      tracking.endRun(tx, id, RunStatus.FINISHED);
      assertNull(tracking.run(id)); // nothing is committed yet
      tx.commit();
    }
    assertEquals(RunStatus.FINISHED, tracking.run(id).status());
    assertEquals(Map.of("auc", 0.8), tracking.latestMetrics(id));
    // One row per key in the latest values and its index: no stale entries.
    assertEquals(1, scanAll(db, tracking.tables().get("LATEST_METRICS")).size());
  }

  @Test void inputsRecordWhatARunRead(@TempDir Path dir) {
    final String id = tracking.startRun("p", null, Map.of());
    assertSorrel(ErrorCode.OBJECT_NOT_FOUND, () -> tracking.logInput(id, "MISSING", null));
    dev.sorrel.engine.EngineTestSupport.createTable(db, "TX", List.of(
        dev.sorrel.engine.EngineTestSupport.notNull("ID", dev.sorrel.storage.ValueType.BIGINT)),
        List.of(0));
    dev.sorrel.engine.EngineTestSupport.insertAll(db, db.catalog().table("TX"),
        List.of(new Object[] {1L}, new Object[] {2L}));
    tracking.logInput(id, "TX", "training");
    final List<Object[]> rows = scanAll(db, tracking.tables().get("INPUTS"));
    assertEquals(1, rows.size());
    assertEquals("TABLE", rows.get(0)[2]);
    assertEquals("training", rows.get(0)[3]);
    assertEquals(2L, rows.get(0)[4]);
  }

  @Test void runsSurviveReopening(@TempDir Path dir) {
    final String id;
    try (Database disk = Database.open(dir, DatabaseOptions.DEFAULT)) {
      id = disk.tracking().startRun("p", "r", Map.of("t", "1"));
      disk.tracking().logParam(id, "lr", "0.1");
    }
    try (Database disk = Database.open(dir, DatabaseOptions.DEFAULT)) {
      assertEquals("r", disk.tracking().run(id).runName());
      assertEquals(Map.of("lr", "0.1"), disk.tracking().params(id));
      // The index entries survive too (they are not reclaimed as orphans).
      final Table params = disk.tracking().tables().get("PARAMS");
      assertEquals(1L, params.count(disk.snapshot(), params.indexes().get(0)));
    }
  }

  private Object[] latestRow(String runId, String key) {
    return tracking.tables().get("LATEST_METRICS").lookup(new Object[] {runId, key},
        new int[] {0, 1, 2, 3, 4, 5, 6, 7});
  }
}
