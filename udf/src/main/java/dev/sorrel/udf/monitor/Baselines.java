package dev.sorrel.udf.monitor;

import java.util.Map;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.monitor.Baseline;
import dev.sorrel.engine.monitor.MonitorColumn;
import dev.sorrel.engine.monitor.MonitorMethod;
import dev.sorrel.udf.drift.BinnedDrift;
import dev.sorrel.udf.drift.Binning;
import dev.sorrel.udf.drift.DoubleSample;

/**
 * Summarizes a column's reference sample as the {@link Baseline} its test needs, choosing the
 * test first when the column asks for {@code 'auto'}.
 *
 * <p>{@code 'auto'} follows Evidently's {@code DataDriftPreset} ({@code get_stattest}'s
 * default): with at most {@value #AUTO_SMALL_SAMPLE} reference values, a numeric column with
 * more than {@value #AUTO_FEW_VALUES} distinct values gets Kolmogorov-Smirnov (threshold
 * 0.05), any other column chi-square (0.05); with more, a numeric column with more than
 * {@value #AUTO_FEW_VALUES} distinct values gets the Wasserstein distance normed by the
 * reference's standard deviation (0.1), any other column the Jensen-Shannon distance of the
 * category proportions (0.1). Unlike Evidently, the sizes are the reference's alone (its
 * non-NULL values and their distinct count), so a column keeps its test from check to check
 * until the reference is refreshed.
 */
public final class Baselines {
  /** Reference values up to which {@code 'auto'} picks a test with a p-value. */
  public static final int AUTO_SMALL_SAMPLE = 1000;
  /** Distinct values up to which {@code 'auto'} takes a numeric column as categories. */
  public static final int AUTO_FEW_VALUES = 5;

  private Baselines() {
  }

  /** A column with its test and reference chosen, and the baseline to store. */
  public record Built(MonitorColumn column, Baseline baseline) {
  }

  /**
   * Chooses the column's test (for {@code 'auto'}) and summarizes its reference sample.
   *
   * @param column the column as requested (its method possibly {@code 'auto'})
   * @param reference the reference's values of the column
   * @throws SorrelException 22000 if the reference has no non-NULL value; 42804 for a numeric
   *     test of a column that is not numeric; 22023 for an unknown method or binning
   */
  public static Built build(MonitorColumn column, ColumnSample reference) {
    final long n = reference.count();
    if (n == 0) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION, "the reference query returned "
          + (reference.nulls() == 0 ? "no rows" : "only NULLs") + " for column "
          + column.name() + "; a monitor needs reference values to compare with");
    }
    final MonitorMethod method;
    final boolean categorical;
    if (MonitorColumn.AUTO.equals(column.requestedMethod())) {
      final boolean fewValues = !reference.numeric()
          || distinct(reference.values()) <= AUTO_FEW_VALUES;
      categorical = fewValues;
      method = n <= AUTO_SMALL_SAMPLE ? (fewValues ? MonitorMethod.CHI2 : MonitorMethod.KS)
          : (fewValues ? MonitorMethod.JS : MonitorMethod.WASSERSTEIN);
    } else {
      method = MonitorMethod.ofName(column.requestedMethod());
      if (method == null) {
        throw unknownMethod(column.requestedMethod());
      }
      if (method.numericOnly() && !reference.numeric()) {
        throw new SorrelException(ErrorCode.TYPE_MISMATCH, "method '" + method.sqlName()
            + "' needs numbers, but column " + column.name() + " is " + column.dataType()
            + "; use 'chi2' or 'js' for categories");
      }
      categorical = method == MonitorMethod.CHI2
          || method == MonitorMethod.JS && !reference.numeric();
    }
    final double threshold = column.requestedThreshold() != null ? column.requestedThreshold()
        : method.defaultThreshold();
    method.checkThreshold(threshold);
    final Baseline baseline;
    if (categorical) {
      baseline = categories(reference.numeric() ? reference.numberCategories()
          : reference.categories());
    } else if (method == MonitorMethod.KS || method == MonitorMethod.WASSERSTEIN) {
      final DoubleSample values = reference.values();
      final double[] sorted = java.util.Arrays.copyOf(values.sorted(), values.size());
      baseline = new Baseline.SortedValues(sorted);
    } else {
      final double[] edges = BinnedDrift.referenceEdges(reference.values(), column.bins(),
          binning(column.binning()));
      baseline = new Baseline.Histogram(edges, BinnedDrift.counts(reference.values(), edges));
    }
    return new Built(column.withReference(method, threshold, categorical, n,
        reference.nulls(), baseline.storedBytes()), baseline);
  }

  /** The binning a column names, or 22023. */
  public static Binning binning(String name) {
    try {
      return Binning.of(name);
    } catch (IllegalArgumentException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage());
    }
  }

  /** The 22023 error for a method name that is not one. */
  public static SorrelException unknownMethod(String name) {
    return new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "unknown monitor method '"
        + name + "'; use 'auto' (the default), 'ks', 'psi', 'js', 'wasserstein' or 'chi2'");
  }

  private static Baseline.Categories categories(Map<String, long[]> counts) {
    final String[] names = new String[counts.size()];
    final long[] values = new long[counts.size()];
    int i = 0;
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      names[i] = e.getKey();
      values[i] = e.getValue()[0];
      i++;
    }
    return new Baseline.Categories(names, values);
  }

  /** The distinct values of a sample, counted on its sorted values (NaN counts once). */
  private static int distinct(DoubleSample sample) {
    final double[] sorted = sample.sorted();
    int distinct = 0;
    for (int i = 0; i < sample.size(); i++) {
      if (i == 0 || Double.compare(sorted[i], sorted[i - 1]) != 0) {
        distinct++;
        if (distinct > AUTO_FEW_VALUES) {
          return distinct;
        }
      }
    }
    return distinct;
  }
}
