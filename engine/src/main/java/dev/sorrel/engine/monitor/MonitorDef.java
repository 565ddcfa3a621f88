package dev.sorrel.engine.monitor;

import java.util.List;

/**
 * A monitor as the catalog stores it: a table (or view) whose current rows are checked, the
 * columns it reads from them, and the query that gave its reference sample, whose summary is
 * stored as one {@link Baseline} per column under {@code baselineId}. A performance monitor's
 * reference query gives one row, the metrics' values, each stored as its column's baseline.
 *
 * @param name monitor name as stored (unquoted names upper-case)
 * @param kind what it watches
 * @param table the monitored table or view, as the catalog names it
 * @param columns the monitored columns, in order
 * @param referenceQuery the reference query's SQL text, run again by a refresh
 * @param correction the adjustment of p-value thresholds for several columns
 * @param comment free text, or null
 * @param baselineId the key of the stored baselines (new on every refresh)
 * @param referenceRows the rows the reference query returned (1 for a performance monitor)
 * @param createdMillis creation time
 * @param refreshedMillis time the reference was last read (creation or refresh)
 */
public record MonitorDef(String name, MonitorKind kind, String table,
    List<MonitorColumn> columns, String referenceQuery, Correction correction, String comment,
    long baselineId, long referenceRows, long createdMillis, long refreshedMillis) {

  public MonitorDef {
    columns = List.copyOf(columns);
  }

  /**
   * The threshold a check compares column {@code i} with: its own, divided under Bonferroni
   * by the number of columns tested with a p-value if its test gives one; for a metric, the
   * bound its score may not cross (baseline minus tolerance, or plus for a loss).
   */
  public double appliedThreshold(int i) {
    final MonitorColumn column = columns.get(i);
    if (column.hasMetric()) {
      return column.metric().bound(column.baselineValue(), column.threshold());
    }
    if (correction == Correction.BONFERRONI && column.method().hasPValue()) {
      return column.threshold() / pValueColumns();
    }
    return column.threshold();
  }

  private int pValueColumns() {
    int n = 0;
    for (MonitorColumn c : columns) {
      if (!c.hasMetric() && c.method().hasPValue()) {
        n++;
      }
    }
    return n;
  }

  /** The stored size of all the columns' baselines. */
  public long baselineBytes() {
    long bytes = 0;
    for (MonitorColumn c : columns) {
      bytes += c.baselineBytes();
    }
    return bytes;
  }

  MonitorDef withBaseline(List<MonitorColumn> newColumns, long newBaselineId, long rows,
      long created, long refreshed) {
    return new MonitorDef(name, kind, table, newColumns, referenceQuery, correction, comment,
        newBaselineId, rows, created, refreshed);
  }

  MonitorDef withComment(String newComment) {
    return new MonitorDef(name, kind, table, columns, referenceQuery, correction, newComment,
        baselineId, referenceRows, createdMillis, refreshedMillis);
  }
}
