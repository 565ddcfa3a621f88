package dev.sorrel.engine.monitor;

import java.io.IOException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.Catalog;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.CheckedRecord;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.Store;

/**
 * The drift and performance monitors of a database. A definition is JSON in {@link Space#META}; its baselines
 * (one per column) are binary blocks in {@link Space#BLOB}, written in the same transaction as
 * the definition, so a monitor exists with its whole baseline or not at all, and a refresh
 * swaps the old baseline for the new one atomically. Checks append their rows to
 * {@code SYS.MONITOR_RESULTS} and their drifted columns to {@code SYS.ALERTS}, tables only this
 * class writes.
 *
 * <p>Computing a check is left to the caller (the {@code udf} module's drift kernels; for a
 * performance monitor, the metric aggregates over the window): this class gives it the
 * definition and the stored baselines and records what it found.
 */
public final class Monitors {
  /** The schema SQL shows the results and alerts in. */
  public static final String SCHEMA = "SYS";

  private static final String PREFIX = "monitor/";
  private static final byte[] NEXT_BASELINE = key("counter/monitor-baseline");
  private static final byte[] NEXT_CHECK = key("counter/monitor-check");
  private static final byte[] NEXT_ALERT = key("counter/monitor-alert");
  /** Baselines are stored in blocks of this size, so no one value is huge. */
  private static final int CHUNK_BYTES = 1 << 20;
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final String READ_ONLY = " is written by CHECK MONITOR and changed by ALTER"
      + " MONITOR ... ACKNOWLEDGE ALERTS | CLEAR ALERTS and DROP MONITOR, not by INSERT, UPDATE"
      + " or DELETE";

  private final Database database;
  private final Catalog catalog;
  private final Table results;
  private final Table alerts;
  private final Table.OwnerWrites resultWrites;
  private final Table.OwnerWrites alertWrites;
  private final AtomicLong nextBaseline = new AtomicLong(1);
  private final AtomicLong nextCheck = new AtomicLong(1);
  private final AtomicLong nextAlert = new AtomicLong(1);
  /** Baselines read from storage since the database opened (for tests and benchmarks). */
  private final AtomicLong baselineReads = new AtomicLong();
  private volatile Map<String, MonitorDef> monitors = Map.of();

  /** The monitors of a database; registers their tables with the catalog before it loads. */
  public Monitors(Database database, Catalog catalog) {
    this.database = database;
    this.catalog = catalog;
    this.results = MonitorTables.results(database);
    this.alerts = MonitorTables.alerts(database);
    this.resultWrites = results.makeReadOnly(SCHEMA + "." + results.name() + READ_ONLY);
    this.alertWrites = alerts.makeReadOnly(SCHEMA + "." + alerts.name() + READ_ONLY);
    catalog.registerSystemTable(results);
    catalog.registerSystemTable(alerts);
  }

  /** Reads the stored definitions and counters; called once when the database opens. */
  public void load(Store store) {
    final TreeMap<String, MonitorDef> loaded = new TreeMap<>();
    try (ReadView view = store.snapshot()) {
      nextBaseline.set(counter(view, NEXT_BASELINE));
      nextCheck.set(counter(view, NEXT_CHECK));
      nextAlert.set(counter(view, NEXT_ALERT));
      try (KvCursor cursor = view.scan(Space.META, key(PREFIX), key("monitor0"))) {
        while (cursor.next()) {
          try {
            final MonitorDef def = JSON.readValue(CheckedRecord.unwrap(cursor.value()), MonitorDef.class);
            loaded.put(def.name(), def);
          } catch (IOException | StorageException e) {
            throw new SorrelException(ErrorCode.DATA_CORRUPTED, "corrupt monitor definition "
                + new String(cursor.key(), StandardCharsets.UTF_8) + ": " + e.getMessage(), e);
          }
        }
      }
    }
    monitors = Collections.unmodifiableSortedMap(loaded);
  }

  private static long counter(ReadView view, byte[] key) {
    final byte[] value = view.get(Space.META, key);
    return value == null ? 1 : Long.parseLong(new String(value, StandardCharsets.US_ASCII));
  }

  private static byte[] key(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The tables checks write ({@code MONITOR_RESULTS}, {@code ALERTS}), by name. */
  public Map<String, Table> tables() {
    final Map<String, Table> tables = new LinkedHashMap<>();
    tables.put(results.name(), results);
    tables.put(alerts.name(), alerts);
    return Collections.unmodifiableMap(tables);
  }

  // ------------------------------------------------------------ definitions

  /**
   * A monitor by name: exactly as given, else upper-cased (unquoted names are stored
   * upper-case); or null.
   */
  public MonitorDef monitor(String name) {
    final MonitorDef exact = monitors.get(name);
    return exact != null ? exact : monitors.get(name.toUpperCase(Locale.ROOT));
  }

  /** A monitor by name, or a 42S02 error that lists the monitors there are. */
  public MonitorDef existing(String name) {
    final MonitorDef def = monitor(name);
    if (def == null) {
      throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "monitor " + name
          + " does not exist" + (monitors.isEmpty() ? "; there are no monitors"
              : "; monitors: " + String.join(", ", monitors.keySet())));
    }
    return def;
  }

  /** Monitors sorted by name. */
  public Collection<MonitorDef> monitors() {
    return monitors.values();
  }

  /**
   * Creates a monitor with its baselines, one per column in column order; it exists for
   * everyone once {@code tx} commits. The draft's baseline id and times are assigned here.
   *
   * @throws SorrelException 42S01 if it exists; 42P16 for no columns, a repeated column
   *     name or metric and drift columns in one monitor; 42804 for a numeric test of a column that is not numeric; 22023 for a bad
   *     threshold, tolerance or number of bins, a metric's impossible baseline, or an empty
   *     baseline
   */
  public MonitorDef create(Transaction tx, MonitorDef draft, List<Baseline> baselines) {
    final String name = draft.name();
    if (monitors.containsKey(name) || !tx.claimName("monitor " + name)) {
      throw new SorrelException(ErrorCode.OBJECT_ALREADY_EXISTS, "monitor " + name
          + " already exists");
    }
    if (draft.table() == null || draft.table().isEmpty()) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION, "monitor " + name
          + " needs the table it watches");
    }
    checkColumns(name, draft.kind(), draft.columns(), baselines);
    final long now = System.currentTimeMillis();
    final MonitorDef def = draft.withBaseline(draft.columns(), takeBaselineId(tx),
        draft.referenceRows(), now, now);
    writeBaselines(tx, def.baselineId(), baselines);
    write(tx, def);
    return def;
  }

  /**
   * Replaces a monitor's baselines with ones from a new reference sample, in one transaction:
   * checks read the old baselines until it commits and the new ones after.
   *
   * @param columns the columns with their tests as chosen from the new sample
   * @param referenceRows the rows the reference query returned this time
   */
  public MonitorDef refresh(Transaction tx, String name, List<MonitorColumn> columns,
      List<Baseline> baselines, long referenceRows) {
    final MonitorDef old = existing(name);
    if (columns.size() != old.columns().size()) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION, "a refresh of monitor " + name
          + " gives " + columns.size() + " columns where it has " + old.columns().size());
    }
    checkColumns(name, old.kind(), columns, baselines);
    final MonitorDef def = old.withBaseline(columns, takeBaselineId(tx), referenceRows,
        old.createdMillis(), System.currentTimeMillis());
    writeBaselines(tx, def.baselineId(), baselines);
    deleteBaselines(tx, old.baselineId());
    write(tx, def);
    return def;
  }

  /** Replaces a monitor's comment (null removes it). */
  public MonitorDef setComment(Transaction tx, String name, String comment) {
    final MonitorDef def = existing(name).withComment(comment);
    write(tx, def);
    return def;
  }

  /**
   * Drops a monitor with its baselines, its results and its alerts. It needs nothing of the
   * table it watched, which may be gone or changed.
   */
  public void drop(Transaction tx, String name) {
    final MonitorDef def = existing(name);
    tx.storage().delete(Space.META, key(PREFIX + def.name()));
    deleteBaselines(tx, def.baselineId());
    deleteRows(tx, results, resultWrites, def.name());
    deleteRows(tx, alerts, alertWrites, def.name());
    tx.afterCommit(() -> publish(m -> m.remove(def.name())));
  }

  private static void checkColumns(String name, MonitorKind kind, List<MonitorColumn> columns,
      List<Baseline> baselines) {
    if (columns.isEmpty()) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION, "monitor " + name
          + " needs at least one column");
    }
    if (baselines.size() != columns.size()) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION, "monitor " + name + " has "
          + columns.size() + " columns but " + baselines.size() + " baselines");
    }
    final Set<String> names = new HashSet<>();
    for (int i = 0; i < columns.size(); i++) {
      final MonitorColumn column = columns.get(i);
      if (!names.add(column.name())) {
        throw new SorrelException(ErrorCode.INVALID_DEFINITION, "monitor " + name
            + " names column " + column.name() + " twice; give expressions distinct names"
            + " with AS");
      }
      switch (kind) {
      case DRIFT -> {
        if (column.hasMetric()) {
          throw mixed(name, column);
        }
        checkColumn(name, column, baselines.get(i));
      }
      case PERFORMANCE -> {
        if (!column.hasMetric()) {
          throw mixed(name, column);
        }
        checkMetric(name, column, baselines.get(i));
      }
      }
    }
  }

  private static SorrelException mixed(String monitor, MonitorColumn column) {
    return new SorrelException(ErrorCode.INVALID_DEFINITION, "monitor " + monitor + " mixes"
        + " metric aggregates with drift columns (" + column.name() + "); a monitor watches"
        + " either distributions or model quality: create one monitor for each");
  }

  private static void checkMetric(String monitor, MonitorColumn column, Baseline baseline) {
    if (!(baseline instanceof Baseline.MetricValue value)) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION, "the baseline of column "
          + column.name() + " of monitor " + monitor + " is not a metric's value");
    }
    column.metric().checkTolerance(column.threshold());
    column.metric().checkBaseline(value.value(), column.name());
  }

  private static void checkColumn(String monitor, MonitorColumn column, Baseline baseline) {
    final MonitorMethod method = column.method();
    if (method.numericOnly() && !column.numeric()) {
      throw new SorrelException(ErrorCode.TYPE_MISMATCH, "method '" + method.sqlName()
          + "' of monitor " + monitor + " needs numbers, but column " + column.name()
          + " is " + column.dataType() + "; use 'chi2' or 'js' for categories");
    }
    method.checkThreshold(column.threshold());
    if (column.bins() < 1 || column.bins() > MonitorColumn.MAX_BINS) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "number of bins "
          + column.bins() + " of column " + column.name() + " is not between 1 and "
          + MonitorColumn.MAX_BINS);
    }
    if (baseline.count() == 0) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION, "the reference of column "
          + column.name() + " of monitor " + monitor + " has no values (it is empty or all"
          + " NULL); a check would have nothing to compare with");
    }
    final boolean fits = switch (method) {
      case KS, WASSERSTEIN -> baseline instanceof Baseline.SortedValues;
      case PSI -> baseline instanceof Baseline.Histogram;
      case CHI2 -> baseline instanceof Baseline.Categories;
      case JS -> column.categorical() ? baseline instanceof Baseline.Categories
          : baseline instanceof Baseline.Histogram;
    };
    if (!fits) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION, "the baseline of column "
          + column.name() + " does not fit method '" + method.sqlName() + "'");
    }
  }

  private long takeBaselineId(Transaction tx) {
    tx.beginWrite();
    final long id = nextBaseline.getAndIncrement();
    tx.storage().put(Space.META, NEXT_BASELINE,
        Long.toString(id + 1).getBytes(StandardCharsets.US_ASCII));
    return id;
  }

  private void write(Transaction tx, MonitorDef def) {
    try {
      tx.storage().put(Space.META, key(PREFIX + def.name()),
          CheckedRecord.wrap(JSON.writeValueAsBytes(def)));
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "cannot serialize monitor "
          + def.name(), e);
    }
    tx.afterCommit(() -> publish(m -> m.put(def.name(), def)));
  }

  private synchronized void publish(Consumer<Map<String, MonitorDef>> change) {
    final TreeMap<String, MonitorDef> copy = new TreeMap<>(monitors);
    change.accept(copy);
    monitors = Collections.unmodifiableSortedMap(copy);
    catalog.definitionsChanged(); // plans made before see the change
  }

  // ------------------------------------------------------------ baselines

  private static String baselinePrefix(long baselineId) {
    return String.format(Locale.ROOT, "%s%016x/", PREFIX, baselineId);
  }

  private static byte[] chunkKey(long baselineId, int column, int chunk) {
    return key(String.format(Locale.ROOT, "%s%04d/%08d", baselinePrefix(baselineId), column,
        chunk));
  }

  private static void writeBaselines(Transaction tx, long baselineId, List<Baseline> baselines) {
    for (int c = 0; c < baselines.size(); c++) {
      final byte[] bytes = BaselineCodec.encode(baselines.get(c));
      for (int chunk = 0, from = 0; from < bytes.length || chunk == 0; chunk++,
          from += CHUNK_BYTES) {
        final int to = Math.min(bytes.length, from + CHUNK_BYTES);
        tx.storage().put(Space.BLOB, chunkKey(baselineId, c, chunk),
            Arrays.copyOfRange(bytes, from, to));
      }
    }
  }

  private static void deleteBaselines(Transaction tx, long baselineId) {
    final byte[] prefix = key(baselinePrefix(baselineId));
    tx.storage().deleteRange(Space.BLOB, prefix, KeyEncoder.successor(prefix));
  }

  /**
   * The committed baselines of a monitor, in column order, read from storage (never by
   * running its reference query).
   *
   * @throws SorrelException 42S02 if the monitor has been dropped
   */
  public List<Baseline> baselines(MonitorDef def) {
    final List<Baseline> baselines = new ArrayList<>();
    try (ReadView view = database.snapshot()) {
      for (int c = 0; c < def.columns().size(); c++) {
        final byte[] from = chunkKey(def.baselineId(), c, 0);
        final byte[] to = KeyEncoder.successor(key(String.format(Locale.ROOT, "%s%04d/",
            baselinePrefix(def.baselineId()), c)));
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (KvCursor cursor = view.scan(Space.BLOB, from, to)) {
          while (cursor.next()) {
            bytes.writeBytes(cursor.value());
          }
        }
        if (bytes.size() == 0) {
          throw new SorrelException(ErrorCode.OBJECT_NOT_FOUND, "monitor " + def.name()
              + " has been dropped or refreshed since the statement began; run it again");
        }
        baselines.add(BaselineCodec.decode(bytes.toByteArray(), "of column "
            + def.columns().get(c).name() + " of monitor " + def.name()));
      }
    }
    baselineReads.incrementAndGet();
    return baselines;
  }

  /** How many times baselines were read for a check since the database opened. */
  public long baselineReads() {
    return baselineReads.get();
  }

  // ------------------------------------------------------------ checks and alerts

  /**
   * What a check recorded: its id and time, and how many alerts it raised.
   *
   * @param checkId the {@code CHECK_ID} of its rows, increasing with every check
   * @param checkedAtMillis its {@code CHECKED_AT}, as stored (wall-clock milliseconds)
   * @param alerts the number of drifted columns, each a new alert
   */
  public record CheckRecord(long checkId, long checkedAtMillis, int alerts) {
  }

  /**
   * Appends a check's rows, one per column, to {@code MONITOR_RESULTS}, and an alert for each
   * drifted (or degraded) column to {@code ALERTS}, in the caller's transaction.
   *
   * @param window the text of the condition that chose the current rows, or null
   */
  public CheckRecord record(Transaction tx, MonitorDef def, List<MonitorResult> checked,
      String window) {
    tx.beginWrite();
    final long checkId = nextCheck.getAndIncrement();
    tx.storage().put(Space.META, NEXT_CHECK,
        Long.toString(checkId + 1).getBytes(StandardCharsets.US_ASCII));
    final long at = FeatureView.wallClock(System.currentTimeMillis());
    int raised = 0;
    for (int i = 0; i < checked.size(); i++) {
      final MonitorResult r = checked.get(i);
      resultWrites.insert(tx, new Object[] {def.name(), checkId, i + 1, r.column(),
          r.method(), r.score(), r.pValue(), r.threshold(), r.drifted(),
          r.referenceCount(), r.currentCount(), r.currentNulls(), at, window,
          r.baselineValue()});
      if (r.drifted()) {
        final long alertId = nextAlert.getAndIncrement();
        alertWrites.insert(tx, new Object[] {def.name(), alertId, checkId, r.column(),
            r.method(), r.score(), r.pValue(), r.threshold(), at, null, r.baselineValue()});
        raised++;
      }
    }
    if (raised > 0) {
      tx.storage().put(Space.META, NEXT_ALERT,
          Long.toString(nextAlert.get()).getBytes(StandardCharsets.US_ASCII));
    }
    return new CheckRecord(checkId, at, raised);
  }

  /**
   * Acknowledges a monitor's open alerts: stamps {@code ACKNOWLEDGED_AT}, keeping the rows.
   *
   * @return the number of alerts acknowledged
   */
  public int acknowledgeAlerts(Transaction tx, String name) {
    final MonitorDef def = existing(name);
    tx.beginWrite();
    final long now = FeatureView.wallClock(System.currentTimeMillis());
    int changed = 0;
    for (Map.Entry<byte[], Object[]> row : rowsOf(tx, alerts, def.name()).entrySet()) {
      if (row.getValue()[MonitorTables.ALERT_ACKNOWLEDGED_AT] == null) {
        final Object[] acknowledged = row.getValue().clone();
        acknowledged[MonitorTables.ALERT_ACKNOWLEDGED_AT] = now;
        alertWrites.update(tx, row.getKey(), acknowledged);
        changed++;
      }
    }
    return changed;
  }

  /**
   * Deletes a monitor's alerts, acknowledged or not; its results stay.
   *
   * @return the number of alerts deleted
   */
  public int clearAlerts(Transaction tx, String name) {
    final MonitorDef def = existing(name);
    return deleteRows(tx, alerts, alertWrites, def.name());
  }

  private int deleteRows(Transaction tx, Table table, Table.OwnerWrites writes, String monitor) {
    tx.beginWrite();
    final Map<byte[], Object[]> rows = rowsOf(tx, table, monitor);
    for (byte[] key : rows.keySet()) {
      writes.delete(tx, key);
    }
    return rows.size();
  }

  /** A monitor's rows of a table as the transaction sees them, by stored key. */
  private static Map<byte[], Object[]> rowsOf(Transaction tx, Table table, String monitor) {
    final Map<byte[], Object[]> rows = new LinkedHashMap<>();
    final int[] all = new int[table.columns().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    final Object[] prefix = {monitor};
    try (ReadView view = tx.writesView();
         Table.RowCursor cursor = table.scan(view, new KeyRange(prefix, true, prefix, true),
             all)) {
      while (cursor.next()) {
        rows.put(cursor.key(), cursor.row());
      }
    }
    return rows;
  }
}
