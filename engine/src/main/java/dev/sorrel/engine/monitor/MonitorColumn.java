package dev.sorrel.engine.monitor;

/**
 * One monitored column of a monitor: what it reads, how it is tested, and what its reference
 * held.
 *
 * @param name the column's name in results (an expression's alias)
 * @param expression the SQL expression read from the monitored table, as text
 * @param dataType the SQL type of the expression's values, as SQL spells it
 * @param numeric whether the values are numbers
 * @param requestedMethod the method asked for: {@code 'auto'} or a method's SQL name
 * @param method the test run: the requested one, or the one {@code 'auto'} chose
 * @param requestedThreshold the threshold asked for, or null for the method's default
 * @param threshold the threshold compared with (before any correction)
 * @param categorical whether the test compares categories (chi-square, or Jensen-Shannon on
 *     categories) rather than numbers
 * @param bins the number of bins of PSI and Jensen-Shannon on numbers
 * @param binning the binning of PSI and Jensen-Shannon on numbers: {@code 'equal_width'},
 *     {@code 'quantile'} or {@code 'seed'}
 * @param referenceCount the reference's non-NULL values
 * @param referenceNulls the reference's NULLs (left out of the baseline)
 * @param baselineBytes the stored size of the column's baseline
 */
public record MonitorColumn(String name, String expression, String dataType, boolean numeric,
    String requestedMethod, MonitorMethod method, Double requestedThreshold, double threshold,
    boolean categorical, int bins, String binning, long referenceCount, long referenceNulls,
    long baselineBytes) {

  /** The requested method that lets the reference choose the test. */
  public static final String AUTO = "auto";
  /** The number of bins when none is given (as the seed's PSI). */
  public static final int DEFAULT_BINS = 10;
  /** The largest number of bins (as the SQL aggregates). */
  public static final int MAX_BINS = 10_000;
  /** The binning when none is given. */
  public static final String DEFAULT_BINNING = "equal_width";

  /** This column with its test and reference as chosen from a new reference sample. */
  public MonitorColumn withReference(MonitorMethod newMethod, double newThreshold,
      boolean newCategorical, long count, long nulls, long bytes) {
    return new MonitorColumn(name, expression, dataType, numeric, requestedMethod, newMethod,
        requestedThreshold, newThreshold, newCategorical, bins, binning, count, nulls, bytes);
  }
}
