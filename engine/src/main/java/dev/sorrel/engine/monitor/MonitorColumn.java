package dev.sorrel.engine.monitor;

/**
 * One monitored column of a monitor: what it reads, how it is tested, and what its reference
 * held. A column of a drift monitor has a {@code method} and no {@code metric}; a column of a
 * performance monitor is a metric aggregate's call, has a {@code metric} and no {@code method},
 * keeps its tolerance in {@code threshold} and the metric's value on the reference in {@code
 * baselineValue}.
 *
 * @param name the column's name in results (an expression's alias)
 * @param expression the SQL expression read from the monitored table, as text
 * @param dataType the SQL type of the expression's values, as SQL spells it
 * @param numeric whether the values are numbers
 * @param requestedMethod the method asked for: {@code 'auto'} or a method's SQL name
 * @param method the test run: the requested one, or the one {@code 'auto'} chose (null for a
 *     metric)
 * @param requestedThreshold the threshold (for a metric: the tolerance) asked for, or null for
 *     the default
 * @param threshold the threshold compared with (before any correction); for a metric, the
 *     tolerance
 * @param categorical whether the test compares categories (chi-square, or Jensen-Shannon on
 *     categories) rather than numbers
 * @param bins the number of bins of PSI and Jensen-Shannon on numbers
 * @param binning the binning of PSI and Jensen-Shannon on numbers: {@code 'equal_width'},
 *     {@code 'quantile'} or {@code 'seed'}
 * @param referenceCount the reference's non-NULL values
 * @param referenceNulls the reference's NULLs (left out of the baseline)
 * @param baselineBytes the stored size of the column's baseline
 * @param metric the metric of a performance monitor's column, or null
 * @param baselineValue the metric's value on the reference (a copy of the stored baseline,
 *     for SYS.MONITOR_COLUMNS), or null
 */
public record MonitorColumn(String name, String expression, String dataType, boolean numeric,
    String requestedMethod, MonitorMethod method, Double requestedThreshold, double threshold,
    boolean categorical, int bins, String binning, long referenceCount, long referenceNulls,
    long baselineBytes, MonitorMetric metric, Double baselineValue) {

  /** The requested method that lets the reference choose the test. */
  public static final String AUTO = "auto";
  /** The number of bins when none is given (as the seed's PSI). */
  public static final int DEFAULT_BINS = 10;
  /** The largest number of bins (as the SQL aggregates). */
  public static final int MAX_BINS = 10_000;
  /** The binning when none is given. */
  public static final String DEFAULT_BINNING = "equal_width";

  /**
   * A drift column as requested, before its reference is read.
   *
   * @param method {@code 'auto'} or a method's SQL name
   * @param threshold the threshold asked for, or null for the method's default
   */
  public static MonitorColumn drift(String name, String expression, String dataType,
      boolean numeric, String method, Double threshold, int bins, String binning) {
    return new MonitorColumn(name, expression, dataType, numeric, method, null, threshold, 0,
        false, bins, binning, 0, 0, 0, null, null);
  }

  /**
   * A performance column as requested, before its reference is read.
   *
   * @param expression the metric aggregate's call, as SQL text
   * @param tolerance the tolerance asked for, or null for {@link
   *     MonitorMetric#DEFAULT_TOLERANCE}
   */
  public static MonitorColumn metric(String name, String expression, MonitorMetric metric,
      Double tolerance) {
    return new MonitorColumn(name, expression, "DOUBLE", true, metric.sqlName(), null,
        tolerance, tolerance == null ? MonitorMetric.DEFAULT_TOLERANCE : tolerance, false, 0,
        null, 0, 0, 0, metric, null);
  }

  /** This column with its test and reference as chosen from a new reference sample. */
  public MonitorColumn withReference(MonitorMethod newMethod, double newThreshold,
      boolean newCategorical, long count, long nulls, long bytes) {
    return new MonitorColumn(name, expression, dataType, numeric, requestedMethod, newMethod,
        requestedThreshold, newThreshold, newCategorical, bins, binning, count, nulls, bytes,
        metric, baselineValue);
  }

  /** This performance column with the metric's value on a new reference. */
  public MonitorColumn withBaselineValue(double value, long bytes) {
    return new MonitorColumn(name, expression, dataType, numeric, requestedMethod, method,
        requestedThreshold, threshold, categorical, bins, binning, referenceCount,
        referenceNulls, bytes, metric, value);
  }

  /**
   * Whether this is a performance monitor's column (a metric) rather than a drift column. (Not
   * {@code isMetric}: the catalog's JSON would take that for a property.)
   */
  public boolean hasMetric() {
    return metric != null;
  }

  /** The name {@code METHOD} shows: the drift test's, or the metric's. */
  public String methodName() {
    return metric != null ? metric.sqlName() : method.sqlName();
  }
}
