package dev.sorrel.udf.monitor;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.monitor.Baseline;
import dev.sorrel.engine.monitor.MonitorColumn;
import dev.sorrel.engine.monitor.MonitorDef;
import dev.sorrel.engine.monitor.MonitorMetric;
import dev.sorrel.engine.monitor.MonitorResult;

/**
 * The performance side of monitoring: a reference row of metric values made into baselines,
 * and a current window's metric values compared with them, as the seed article's {@code
 * check_performance_degradation(recent, baseline, tolerance)}. The metrics themselves are
 * computed by the SQL metric aggregates over the window (so a check's score is exactly what
 * {@code SELECT ROC_AUC(score, label) FROM ... WHERE ...} gives); this class only compares.
 */
public final class PerformanceCheck {
  private PerformanceCheck() {
  }

  /**
   * A metric computed over a current window.
   *
   * @param score the metric's value, or null (no rows, or undefined on them)
   * @param rows the rows where neither of the metric's arguments is NULL
   * @param nulls the window's other rows, left out for a NULL argument
   */
  public record Measured(Double score, long rows, long nulls) {
  }

  /**
   * The baselines of a performance monitor from its reference query's result: exactly one row
   * with a value per column, each finite and a possible value of its metric.
   *
   * @throws SorrelException 22000 for no row or a NULL value; 21000 for more than one row;
   *     22023 for an impossible value
   */
  public static Monitoring.References references(List<MonitorColumn> columns,
      Iterator<Object[]> rows) {
    if (!rows.hasNext()) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION, "the reference query of a"
          + " performance monitor returned no row; it gives one row, the metrics' values on"
          + " the reference (e.g. SELECT ROC_AUC(score, label) FROM validation, or VALUES"
          + " (0.91))");
    }
    final Object[] row = rows.next();
    if (rows.hasNext()) {
      throw new SorrelException(ErrorCode.CARDINALITY_VIOLATION, "the reference query of a"
          + " performance monitor returned more than one row; it gives one row, the metrics'"
          + " values on the reference");
    }
    final List<MonitorColumn> built = new ArrayList<>();
    final List<Baseline> baselines = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      final MonitorColumn column = columns.get(i);
      if (row[i] == null) {
        throw new SorrelException(ErrorCode.DATA_EXCEPTION, "the reference query gave NULL"
            + " for column " + column.name() + ": " + column.metric().aggregateName()
            + " is NULL over no rows or where it is undefined (an AUC needs both classes);"
            + " a monitor needs a baseline value to compare with");
      }
      final double value = ((Number) row[i]).doubleValue();
      column.metric().checkBaseline(value, column.name());
      column.metric().checkTolerance(column.threshold());
      final Baseline.MetricValue baseline = new Baseline.MetricValue(value);
      built.add(column.withBaselineValue(value, baseline.storedBytes()));
      baselines.add(baseline);
    }
    return new Monitoring.References(built, baselines, 1);
  }

  /**
   * Compares each column's metric on the current window with its stored baseline: degraded
   * when worse by more than the tolerance. A NULL score has not degraded.
   *
   * @param baselines the monitor's stored baselines, in column order (read from storage, so a
   *     check sees the baseline of the definition it was given)
   * @param current the metrics over the current window, in column order
   */
  public static List<MonitorResult> check(MonitorDef def, List<Baseline> baselines,
      List<Measured> current) {
    final List<MonitorResult> results = new ArrayList<>();
    for (int i = 0; i < def.columns().size(); i++) {
      final MonitorColumn column = def.columns().get(i);
      final MonitorMetric metric = column.metric();
      final double baseline = ((Baseline.MetricValue) baselines.get(i)).value();
      final Measured m = current.get(i);
      final Double score = m.score() == null || Double.isNaN(m.score()) ? null : m.score();
      results.add(new MonitorResult(column.name(), metric.sqlName(), score, null,
          metric.bound(baseline, column.threshold()),
          metric.degraded(score, baseline, column.threshold()), null, m.rows(), m.nulls(),
          baseline));
    }
    return results;
  }
}
