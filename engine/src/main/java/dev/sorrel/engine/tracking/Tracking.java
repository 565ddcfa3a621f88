package dev.sorrel.engine.tracking;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.Catalog;
import dev.sorrel.engine.catalog.ViewDef;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;

/**
 * Experiment tracking in the database: training runs grouped by project, each
 * with params (written once), metrics (many values per key, by step and
 * time), tags (overwritable) and the inputs it read, as MLflow records them.
 * Everything lives in the {@code TRACKING} tables, whose indexes make runs
 * searchable by any param, tag or metric value in plain SQL.
 *
 * <p>SQL can read those tables but not write them: every write comes through
 * this class, which checks what MLflow checks (a run exists and is running, a
 * param keeps its first value) and keeps {@code LATEST_METRICS} in step with
 * {@code METRICS}. Each method either takes the caller's transaction, so that
 * several logs commit as one, or runs one of its own. Within a transaction,
 * later calls see earlier ones: rows are gathered per transaction and written
 * once, just before it commits.
 *
 * <p>Times given to the API are milliseconds since the epoch (UTC); the
 * tables store them as the database stores {@code TIMESTAMP} values, as
 * wall-clock times in the JVM's zone, like {@code CURRENT_TIMESTAMP}.
 */
public final class Tracking {
  /** The schema of the tables, as SQL names it. */
  public static final String SCHEMA = "TRACKING";
  /** The project of runs started without one. */
  public static final String DEFAULT_PROJECT = "default";
  /** The longest key of a param, metric or tag, as in MLflow. */
  public static final int MAX_KEY_LENGTH = 250;

  private static final String READ_ONLY = " is written by START RUN, LOG PARAM, LOG METRIC,"
      + " SET TAG, LOG INPUT and END RUN (or the engine's tracking API), not by INSERT, UPDATE"
      + " or DELETE";

  private final Database database;
  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final Map<Table, Table.OwnerWrites> writers = new HashMap<>();
  private final Table runs;
  private final Table params;
  private final Table metrics;
  private final Table latest;
  private final Table tags;
  private final Table inputs;

  /** The tracking tables of a database, registered with its catalog before it loads. */
  public Tracking(Database database, Catalog catalog) {
    this.database = database;
    for (Table table : TrackingTables.create(database)) {
      writers.put(table, table.makeReadOnly(SCHEMA + "." + table.name() + READ_ONLY));
      catalog.registerSystemTable(table);
      tables.put(table.name(), table);
    }
    this.runs = tables.get("RUNS");
    this.params = tables.get("PARAMS");
    this.metrics = tables.get("METRICS");
    this.latest = tables.get("LATEST_METRICS");
    this.tags = tables.get("TAGS");
    this.inputs = tables.get("INPUTS");
  }

  /** The tables, by name, in the order they are described. */
  public Map<String, Table> tables() {
    return java.util.Collections.unmodifiableMap(tables);
  }

  // ------------------------------------------------------------ runs

  /**
   * Starts a run in a project and returns its id: 32 lower-case hex digits,
   * a random UUID without its dashes, as MLflow makes run ids.
   *
   * @param project the grouping name, {@link #DEFAULT_PROJECT} if null
   * @param runName a name to show, or null
   * @param runTags tags to set at once (may be empty)
   */
  public String startRun(String project, String runName, Map<String, String> runTags) {
    return write(tx -> startRun(tx, project, runName, runTags));
  }

  /** As {@link #startRun(String, String, Map)}, in the caller's transaction. */
  public String startRun(Transaction tx, String project, String runName,
      Map<String, String> runTags) {
    final String group = project == null ? DEFAULT_PROJECT : project;
    if (group.isBlank()) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
          "a run's project must not be empty");
    }
    final String runId = UUID.randomUUID().toString().replace("-", "");
    final Pending pending = pending(tx);
    pending.put(runs, new Object[] {runId, group, runName, RunStatus.RUNNING.name(),
        wallClock(tx.startMillis()), null});
    for (Map.Entry<String, String> tag : runTags.entrySet()) {
      setTag(tx, runId, tag.getKey(), tag.getValue());
    }
    return runId;
  }

  /**
   * Ends a running run with a status other than {@code RUNNING}.
   *
   * @throws SorrelException 42704 for an unknown run, 55000 if it has ended
   *     already, 22023 for the status {@code RUNNING}
   */
  public void endRun(String runId, RunStatus status) {
    write(tx -> {
      endRun(tx, runId, status);
      return null;
    });
  }

  /** As {@link #endRun(String, RunStatus)}, in the caller's transaction. */
  public void endRun(Transaction tx, String runId, RunStatus status) {
    if (!status.isEnded()) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "a run ends as FINISHED,"
          + " FAILED or KILLED, not " + status);
    }
    final Pending pending = pending(tx);
    final Object[] run = running(pending, runId, "end");
    final Object[] ended = run.clone();
    ended[TrackingTables.RUN_STATUS] = status.name();
    ended[TrackingTables.RUN_END] = wallClock(tx.startMillis());
    pending.put(runs, ended);
  }

  /** A run as committed, or null if there is none with this id. */
  public RunInfo run(String runId) {
    final Object[] row = runs.lookup(new Object[] {runId}, all(runs));
    return row == null ? null : info(row);
  }

  /**
   * A run as committed.
   *
   * @throws SorrelException 42704 if there is none with this id
   */
  public RunInfo existingRun(String runId) {
    final RunInfo run = run(runId);
    if (run == null) {
      throw unknownRun(runId);
    }
    return run;
  }

  private static RunInfo info(Object[] row) {
    return new RunInfo((String) row[TrackingTables.RUN_ID],
        (String) row[TrackingTables.RUN_PROJECT], (String) row[TrackingTables.RUN_NAME],
        RunStatus.valueOf((String) row[TrackingTables.RUN_STATUS]),
        (Long) row[TrackingTables.RUN_START], (Long) row[TrackingTables.RUN_END]);
  }

  // ------------------------------------------------------------ params

  /**
   * Logs a param of a running run. A param is written once: logging it again
   * with the same value does nothing, with another value fails, as in MLflow.
   *
   * @throws SorrelException 23505 if the param has another value already;
   *     42704, 55000 for an unknown or ended run; 22023, 22001 for a bad key
   */
  public void logParam(String runId, String key, String value) {
    write(tx -> {
      logParam(tx, runId, key, value);
      return null;
    });
  }

  /** Logs several params of a run in one transaction (all or none). */
  public void logParams(String runId, Map<String, String> values) {
    write(tx -> {
      for (Map.Entry<String, String> param : values.entrySet()) {
        logParam(tx, runId, param.getKey(), param.getValue());
      }
      return null;
    });
  }

  /** As {@link #logParam(String, String, String)}, in the caller's transaction. */
  public void logParam(Transaction tx, String runId, String key, String value) {
    checkKey("param", key);
    final Pending pending = pending(tx);
    running(pending, runId, "log param '" + key + "' to");
    final Object[] stored = pending.get(params, runId, key);
    if (stored != null) {
      if (stored[2].equals(value)) {
        return;
      }
      throw new SorrelException(ErrorCode.DUPLICATE_KEY, "param '" + key + "' of run " + runId
          + " is already '" + stored[2] + "'; params are written once (log the new value"
          + " under another key, or start a new run)");
    }
    pending.put(params, new Object[] {runId, key, value});
  }

  /** The params of a run as committed, by key. */
  public Map<String, String> params(String runId) {
    final Map<String, String> values = new TreeMap<>();
    for (Object[] row : rowsOf(params, runId)) {
      values.put((String) row[1], (String) row[2]);
    }
    return values;
  }

  // ------------------------------------------------------------ metrics

  /** Logs a metric value at step 0, measured now. */
  public void logMetric(String runId, String key, double value) {
    logMetrics(runId, List.of(Metric.of(key, value)));
  }

  /** Logs a metric value at a step, measured now. */
  public void logMetric(String runId, String key, double value, long step) {
    logMetrics(runId, List.of(Metric.of(key, value, step)));
  }

  /** Logs a batch of metric values in one transaction (all or none). */
  public void logMetrics(String runId, List<Metric> batch) {
    write(tx -> {
      for (Metric metric : batch) {
        logMetric(tx, runId, metric);
      }
      return null;
    });
  }

  /**
   * Logs one metric value of a running run, in the caller's transaction: a
   * row of {@code METRICS} (the same key, step, time and value twice is one
   * row), and the key's row of {@code LATEST_METRICS}, whose value is the one
   * with the greatest step, then time, then value (MLflow's rule), and which
   * counts the values and keeps the smallest and largest (NaN left out).
   *
   * @throws SorrelException 42704, 55000 for an unknown or ended run; 22023,
   *     22001 for a bad key
   */
  public void logMetric(Transaction tx, String runId, Metric metric) {
    checkKey("metric", metric.key());
    final Pending pending = pending(tx);
    running(pending, runId, "log metric '" + metric.key() + "' to");
    final long at = wallClock(metric.timestampMillis());
    final double value = metric.value();
    if (pending.get(metrics, runId, metric.key(), metric.step(), at, value) != null) {
      return;
    }
    pending.put(metrics, new Object[] {runId, metric.key(), value, metric.step(), at});
    final Object[] old = pending.get(latest, runId, metric.key());
    final Object[] row;
    if (old == null) {
      final Double bound = Double.isNaN(value) ? null : value;
      row = new Object[] {runId, metric.key(), value, metric.step(), at, bound, bound, 1L};
    } else {
      row = old.clone();
      if (later(metric.step(), at, value, old)) {
        row[TrackingTables.LATEST_VALUE] = value;
        row[TrackingTables.LATEST_STEP] = metric.step();
        row[TrackingTables.LATEST_AT] = at;
      }
      if (!Double.isNaN(value)) {
        final Double min = (Double) old[TrackingTables.LATEST_MIN];
        final Double max = (Double) old[TrackingTables.LATEST_MAX];
        row[TrackingTables.LATEST_MIN] = min == null ? value : Math.min(min, value);
        row[TrackingTables.LATEST_MAX] = max == null ? value : Math.max(max, value);
      }
      row[TrackingTables.LATEST_COUNT] = (Long) old[TrackingTables.LATEST_COUNT] + 1;
    }
    pending.put(latest, row);
  }

  private static boolean later(long step, long at, double value, Object[] old) {
    int c = Long.compare(step, (Long) old[TrackingTables.LATEST_STEP]);
    if (c == 0) {
      c = Long.compare(at, (Long) old[TrackingTables.LATEST_AT]);
    }
    if (c == 0) {
      c = Double.compare(value, (Double) old[TrackingTables.LATEST_VALUE]);
    }
    return c >= 0;
  }

  /** The latest value of each metric of a run as committed, by key. */
  public Map<String, Double> latestMetrics(String runId) {
    final Map<String, Double> values = new TreeMap<>();
    for (Object[] row : rowsOf(latest, runId)) {
      values.put((String) row[1], (Double) row[TrackingTables.LATEST_VALUE]);
    }
    return values;
  }

  /** Every value of one metric of a run as committed, by step, then time. */
  public List<Metric> metricHistory(String runId, String key) {
    final List<Metric> history = new ArrayList<>();
    for (Object[] row : rowsOf(metrics, runId)) {
      if (row[1].equals(key)) {
        history.add(new Metric(key, (Double) row[2], (Long) row[3], epoch((Long) row[4])));
      }
    }
    return history;
  }

  // ------------------------------------------------------------ tags

  /**
   * Sets a tag of a run, replacing its value if it has one. Unlike params,
   * metrics and inputs, a tag may be set after the run has ended: tags
   * annotate runs (a review, a note) as much as they describe them.
   *
   * @throws SorrelException 42704 for an unknown run; 22023, 22001 for a bad key
   */
  public void setTag(String runId, String key, String value) {
    write(tx -> {
      setTag(tx, runId, key, value);
      return null;
    });
  }

  /** As {@link #setTag(String, String, String)}, in the caller's transaction. */
  public void setTag(Transaction tx, String runId, String key, String value) {
    checkKey("tag", key);
    final Pending pending = pending(tx);
    existing(pending, runId);
    pending.put(tags, new Object[] {runId, key, value});
  }

  /**
   * Deletes a tag of a run.
   *
   * @throws SorrelException 42704 for an unknown run or a tag it does not have
   */
  public void deleteTag(String runId, String key) {
    write(tx -> {
      deleteTag(tx, runId, key);
      return null;
    });
  }

  /** As {@link #deleteTag(String, String)}, in the caller's transaction. */
  public void deleteTag(Transaction tx, String runId, String key) {
    final Pending pending = pending(tx);
    existing(pending, runId);
    if (pending.get(tags, runId, key) == null) {
      throw new SorrelException(ErrorCode.UNDEFINED_OBJECT, "run " + runId + " has no tag '"
          + key + "'");
    }
    pending.delete(tags, runId, key);
  }

  /** The tags of a run as committed, by key. */
  public Map<String, String> tags(String runId) {
    final Map<String, String> values = new TreeMap<>();
    for (Object[] row : rowsOf(tags, runId)) {
      values.put((String) row[1], (String) row[2]);
    }
    return values;
  }

  // ------------------------------------------------------------ inputs

  /**
   * Records that a running run read a table, view or feature view: its kind,
   * its row count now (a feature view's is kept; a table's is counted, which
   * reads its keys; a view has none) and, for a feature view, its
   * {@code DATA_VERSION}, which any later write to it raises, with the time.
   * Logging the same input again records it anew.
   *
   * @param name the table, view or feature view as the catalog names it
   * @param context what the run used it for ({@code training}, {@code validation}, ...), or null
   * @throws SorrelException 42S02 if there is no such table; 42704, 55000 for an unknown or
   *     ended run
   */
  public void logInput(String runId, String name, String context) {
    write(tx -> {
      logInput(tx, runId, name, context);
      return null;
    });
  }

  /** As {@link #logInput(String, String, String)}, in the caller's transaction. */
  public void logInput(Transaction tx, String runId, String name, String context) {
    final Pending pending = pending(tx);
    running(pending, runId, "log input " + name + " to");
    final Catalog catalog = database.catalog();
    final FeatureView view = catalog.featureView(name);
    final Table table = catalog.table(name);
    final ViewDef sqlView = catalog.view(name);
    final String type;
    final Long rows;
    final Long version;
    if (view != null) {
      type = "FEATURE VIEW";
      rows = view.stats().rowCount();
      version = view.stats().version();
    } else if (table != null) {
      type = "TABLE";
      try (ReadView snapshot = database.snapshot()) {
        rows = table.count(snapshot, null);
      }
      version = null;
    } else if (sqlView != null) {
      type = "VIEW";
      rows = null;
      version = null;
    } else {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "table, view or feature view "
          + name + " does not exist");
    }
    pending.put(inputs, new Object[] {runId, name, type, context, rows, version,
        wallClock(tx.startMillis())});
  }

  // ------------------------------------------------------------ checks

  private Object[] existing(Pending pending, String runId) {
    if (runId == null) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "the run id is NULL");
    }
    final Object[] run = pending.get(runs, runId);
    if (run == null) {
      throw unknownRun(runId);
    }
    return run;
  }

  private Object[] running(Pending pending, String runId, String action) {
    final Object[] run = existing(pending, runId);
    final String status = (String) run[TrackingTables.RUN_STATUS];
    if (!status.equals(RunStatus.RUNNING.name())) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_IN_PREREQUISITE_STATE, "cannot " + action
          + " run " + runId + ": it has ended (" + status + "); only a RUNNING run takes"
          + " params, metrics and inputs");
    }
    return run;
  }

  private static SorrelException unknownRun(String runId) {
    return new SorrelException(ErrorCode.UNDEFINED_OBJECT, "run '" + runId
        + "' does not exist (run ids are in TRACKING.RUNS)");
  }

  private static void checkKey(String kind, String key) {
    if (key == null || key.isBlank()) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "a " + kind
          + " key must not be empty");
    }
    if (key.length() > MAX_KEY_LENGTH) {
      throw new SorrelException(ErrorCode.STRING_TOO_LONG, String.format(Locale.ROOT,
          "%s key of %d characters is longer than %d: %s...", kind, key.length(),
          MAX_KEY_LENGTH, key.substring(0, 20)));
    }
  }

  // ------------------------------------------------------------ storage

  private <T> T write(Function<Transaction, T> body) {
    try (Transaction tx = database.begin()) {
      final T result = body.apply(tx);
      tx.commit();
      return result;
    }
  }

  private Pending pending(Transaction tx) {
    return tx.attachment(this, () -> new Pending(tx));
  }

  private static int[] all(Table table) {
    final int[] columns = new int[table.columns().size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = i;
    }
    return columns;
  }

  /** The committed rows of a table whose key starts with a run id, in key order. */
  private List<Object[]> rowsOf(Table table, String runId) {
    final List<Object[]> rows = new ArrayList<>();
    final Object[] prefix = {runId};
    try (ReadView view = database.snapshot();
         Table.RowCursor cursor = table.scan(view, new KeyRange(prefix, true, prefix, true),
             all(table))) {
      while (cursor.next()) {
        rows.add(cursor.row());
      }
    }
    return rows;
  }

  private static long wallClock(long epochMillis) {
    return FeatureView.wallClock(epochMillis);
  }

  private static long epoch(long wallClockMillis) {
    return wallClockMillis - java.util.TimeZone.getDefault().getOffset(wallClockMillis);
  }

  /**
   * The rows one transaction writes to the tracking tables, by stored key:
   * what later calls in the same transaction read before the stored rows
   * (a statement transaction's batch cannot be read back), written to the
   * tables once, when the transaction flushes what it gathered (before it
   * commits, or at the end of each statement of an explicit transaction; a
   * failed statement's are dropped). The writer lock the transaction holds
   * keeps the committed rows still meanwhile.
   */
  private final class Pending implements Runnable {
    private final Transaction tx;
    /** Per table, by stored key: the committed row (or null) and the row to leave. */
    private final Map<Table, Map<ByteBuffer, Object[][]>> rows = new LinkedHashMap<>();

    Pending(Transaction tx) {
      this.tx = tx;
    }

    /** The row under a key as the transaction leaves it so far, or null. */
    Object[] get(Table table, Object... key) {
      return slot(table, key)[1];
    }

    void put(Table table, Object[] row) {
      final Object[] checked = table.checkRow(row);
      final int[] keyColumns = table.keyColumns();
      final Object[] key = new Object[keyColumns.length];
      for (int i = 0; i < key.length; i++) {
        key[i] = checked[keyColumns[i]];
      }
      slot(table, key)[1] = checked;
    }

    void delete(Table table, Object... key) {
      slot(table, key)[1] = null;
    }

    private Object[][] slot(Table table, Object[] key) {
      final Map<ByteBuffer, Object[][]> byKey = rows.computeIfAbsent(table,
          t -> new LinkedHashMap<>());
      final ByteBuffer stored = ByteBuffer.wrap(table.encodeKeyPrefix(key, key.length));
      return byKey.computeIfAbsent(stored, k -> {
        // What the transaction's finished statements left (an explicit
        // transaction's own writes included), else the committed row.
        final Object[] committed;
        try (ReadView view = tx.writesView()) {
          committed = table.get(view, key);
        }
        return new Object[][] {committed, committed};
      });
    }

    /** Writes every changed row through the table's owner writes, indexes kept. */
    @Override public void run() {
      for (Map.Entry<Table, Map<ByteBuffer, Object[][]>> perTable : rows.entrySet()) {
        final Table table = perTable.getKey();
        final Table.OwnerWrites writer = writers.get(table);
        for (Map.Entry<ByteBuffer, Object[][]> entry : perTable.getValue().entrySet()) {
          final Object[] committed = entry.getValue()[0];
          final Object[] now = entry.getValue()[1];
          final byte[] key = entry.getKey().array();
          if (now == null) {
            if (committed != null) {
              writer.delete(tx, key);
            }
          } else if (committed == null) {
            writer.insert(tx, now);
          } else if (!Arrays.equals(committed, now)) {
            writer.update(tx, key, now);
          }
        }
      }
      rows.clear();
    }
  }
}
