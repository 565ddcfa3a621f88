package dev.sorrel.udf.monitor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.monitor.Baseline;
import dev.sorrel.engine.monitor.MonitorColumn;
import dev.sorrel.engine.monitor.MonitorDef;
import dev.sorrel.engine.monitor.MonitorKind;
import dev.sorrel.engine.monitor.MonitorResult;
import dev.sorrel.engine.monitor.Monitors;

/**
 * Monitoring as a plain Java API over a {@link Database}: create or refresh a monitor from
 * reference rows, check current rows against its stored baselines and record the outcome,
 * each in a transaction the caller gives. Rows are arrays of the monitored columns' values in
 * column order (numbers as any {@link Number}); a performance monitor's reference is one such
 * row, the metrics' values, and its check takes the metrics measured over the window
 * ({@link #checkPerformance}). SQL's {@code CREATE MONITOR}, {@code REFRESH MONITOR} and
 * {@code CHECK MONITOR} run their queries and call these.
 */
public final class Monitoring {
  private Monitoring() {
  }

  /** What a check found and recorded. */
  public record Outcome(MonitorDef monitor, List<MonitorResult> results,
      Monitors.CheckRecord record) {
  }

  /** The baselines of reference rows, with each column's test chosen. */
  public record References(List<MonitorColumn> columns, List<Baseline> baselines, long rows) {
  }

  /**
   * Reads reference rows and summarizes each column; for metric columns, reads the one row of
   * their values ({@link PerformanceCheck#references}).
   *
   * @param columns the monitor's columns as requested
   */
  public static References references(List<MonitorColumn> columns, Iterator<Object[]> rows) {
    if (!columns.isEmpty() && columns.get(0).hasMetric()) {
      return PerformanceCheck.references(columns, rows);
    }
    final List<ColumnSample> samples = samples(columns);
    long count = 0;
    while (rows.hasNext()) {
      add(samples, rows.next());
      count++;
    }
    final List<MonitorColumn> built = new ArrayList<>();
    final List<Baseline> baselines = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      final Baselines.Built b = Baselines.build(columns.get(i), samples.get(i));
      built.add(b.column());
      baselines.add(b.baseline());
    }
    return new References(built, baselines, count);
  }

  /**
   * Creates a monitor from its reference rows in {@code tx}.
   *
   * @param draft the definition; its columns as requested, its baseline id and times unset
   */
  public static MonitorDef create(Database database, Transaction tx, MonitorDef draft,
      Iterator<Object[]> referenceRows) {
    final References refs = references(draft.columns(), referenceRows);
    final MonitorDef withColumns = new MonitorDef(draft.name(), draft.kind(), draft.table(),
        refs.columns(), draft.referenceQuery(), draft.correction(), draft.comment(), 0,
        refs.rows(), 0, 0);
    return database.monitors().create(tx, withColumns, refs.baselines());
  }

  /** Replaces a monitor's baselines with those of new reference rows, in {@code tx}. */
  public static MonitorDef refresh(Database database, Transaction tx, String name,
      Iterator<Object[]> referenceRows) {
    final MonitorDef def = database.monitors().existing(name);
    final References refs = references(def.columns(), referenceRows);
    return database.monitors().refresh(tx, def.name(), refs.columns(), refs.baselines(),
        refs.rows());
  }

  /**
   * Tests the current rows of a monitor against its stored baselines (never rerunning its
   * reference query) and records the results and alerts in {@code tx}.
   *
   * @param window the text of the condition that chose the rows, or null
   */
  public static Outcome check(Database database, Transaction tx, MonitorDef def,
      Iterator<Object[]> currentRows, String window) {
    final List<MonitorResult> results = evaluate(database, def, currentRows);
    return new Outcome(def, results, database.monitors().record(tx, def, results, window));
  }

  /**
   * Tests the current rows of a monitor against its stored baselines without recording the
   * outcome (see {@link Monitors#record}).
   */
  public static List<MonitorResult> evaluate(Database database, MonitorDef def,
      Iterator<Object[]> currentRows) {
    if (def.kind() == MonitorKind.PERFORMANCE) {
      throw new SorrelException(ErrorCode.WRONG_OBJECT_TYPE, "monitor " + def.name()
          + " watches metrics, not distributions: measure them over the window and call"
          + " checkPerformance");
    }
    final List<ColumnSample> samples = samples(def.columns());
    while (currentRows.hasNext()) {
      add(samples, currentRows.next());
    }
    final List<Baseline> baselines = database.monitors().baselines(def);
    return MonitorCheck.check(def, baselines, samples);
  }

  /**
   * Compares the metrics of a performance monitor measured over a current window with its
   * stored baselines and records the results and alerts in {@code tx}.
   *
   * @param current each column's metric over the window, in column order
   * @param window the text of the condition that chose the rows, or null
   */
  public static Outcome checkPerformance(Database database, Transaction tx, MonitorDef def,
      List<PerformanceCheck.Measured> current, String window) {
    final List<MonitorResult> results = PerformanceCheck.check(def,
        database.monitors().baselines(def), current);
    return new Outcome(def, results, database.monitors().record(tx, def, results, window));
  }

  private static List<ColumnSample> samples(List<MonitorColumn> columns) {
    final List<ColumnSample> samples = new ArrayList<>();
    for (MonitorColumn c : columns) {
      samples.add(new ColumnSample(c.numeric()));
    }
    return samples;
  }

  private static void add(List<ColumnSample> samples, Object[] row) {
    for (int i = 0; i < samples.size(); i++) {
      samples.get(i).add(row[i]);
    }
  }
}
