package dev.sorrel.sql.drift;

import java.util.LinkedHashMap;
import java.util.Map;

import com.google.common.collect.ImmutableMultimap;
import org.apache.calcite.schema.Function;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.aggregate.ArgumentKind;
import dev.sorrel.sql.aggregate.StateAggregate;
import dev.sorrel.sql.aggregate.StateAggregate.Argument;
import dev.sorrel.udf.drift.BinnedDrift;
import dev.sorrel.udf.drift.Binning;
import dev.sorrel.udf.drift.ChiSquareTable;
import dev.sorrel.udf.drift.DoubleSample;
import dev.sorrel.udf.drift.KolmogorovSmirnov;
import dev.sorrel.udf.drift.Wasserstein;

/**
 * The two-sample drift aggregates. Each takes a value and a BOOLEAN that says
 * whether the row is in the reference sample (TRUE) or the current one
 * (FALSE), so a check composes with WHERE, JOIN and GROUP BY (per feature,
 * per day, per model version). Rows where the value or the flag is NULL are
 * left out and not counted in either sample; when either sample has no value
 * left the result is NULL. Definitions are in the {@code udf.drift} kernels.
 *
 * <p>Numeric tests keep both samples as primitive doubles (8 bytes a value,
 * up to 12 while the array grows) and sort them once at the end; the
 * chi-square tests keep a count per category and sample.
 */
public final class DriftAggregates {
  private DriftAggregates() {
  }

  /** What an aggregate computes from the two samples. */
  enum Statistic {
    DRIFT_KS, DRIFT_KS_STATISTIC, DRIFT_PSI, DRIFT_JS, DRIFT_WASSERSTEIN, DRIFT_CHI2,
    DRIFT_CHI2_STATISTIC
  }

  /** The functions under their SQL names, for a schema's function map. */
  public static ImmutableMultimap<String, Function> functions() {
    final ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
    for (Statistic s : Statistic.values()) {
      final boolean categorical = s == Statistic.DRIFT_CHI2
          || s == Statistic.DRIFT_CHI2_STATISTIC;
      final StateAggregate base = StateAggregate.of(s.name(), Samples.class,
          categorical ? new Argument("CATEGORY", ArgumentKind.ANY)
              : new Argument("VALUE", ArgumentKind.NUMERIC),
          new Argument("IS_REFERENCE", ArgumentKind.BOOLEAN));
      b.put(s.name(), base);
      if (s == Statistic.DRIFT_PSI || s == Statistic.DRIFT_JS) {
        final Argument bins = new Argument("BINS", ArgumentKind.INTEGER);
        final Argument method = new Argument("METHOD", ArgumentKind.STRING);
        b.put(s.name(), base.with(bins));
        b.put(s.name(), base.with(method));
        b.put(s.name(), base.with(bins).with(method));
      }
    }
    return b.build();
  }

  /** What each function does, for JDBC metadata (each remark shows the call). */
  public static Map<String, String> remarks() {
    return Map.of(
        "DRIFT_KS", "DRIFT_KS(value, is_reference): p-value of the two-sample"
            + " Kolmogorov-Smirnov test, as scipy.stats.ks_2samp; aggregate, DOUBLE",
        "DRIFT_KS_STATISTIC", "DRIFT_KS_STATISTIC(value, is_reference): the Kolmogorov-Smirnov"
            + " distance D; aggregate, DOUBLE",
        "DRIFT_PSI", "DRIFT_PSI(value, is_reference [, bins] [, 'equal_width' | 'quantile' |"
            + " 'seed']): population stability index on the reference's bins; aggregate, DOUBLE",
        "DRIFT_JS", "DRIFT_JS(value, is_reference [, bins] [, method]): Jensen-Shannon distance"
            + " of the binned samples (natural log); aggregate, DOUBLE",
        "DRIFT_WASSERSTEIN", "DRIFT_WASSERSTEIN(value, is_reference): first Wasserstein"
            + " distance, as scipy.stats.wasserstein_distance; aggregate, DOUBLE",
        "DRIFT_CHI2", "DRIFT_CHI2(category, is_reference): p-value of the chi-square test of"
            + " the 2 x k table of category counts; aggregate, DOUBLE",
        "DRIFT_CHI2_STATISTIC", "DRIFT_CHI2_STATISTIC(category, is_reference): the chi-square"
            + " statistic of the 2 x k table; aggregate, DOUBLE");
  }

  /** The largest number of bins PSI and Jensen-Shannon accept. */
  static final int MAX_BINS = 10_000;

  /**
   * The state of a drift aggregate: both samples (numeric tests) or the
   * counts per category (chi-square), and the binning once seen.
   */
  public static final class Samples {
    private final DoubleSample reference = new DoubleSample();
    private final DoubleSample current = new DoubleSample();
    private final Map<Object, long[]> categories = new LinkedHashMap<>();
    private int bins = BinnedDrift.DEFAULT_BINS;
    private Binning binning = Binning.EQUAL_WIDTH;

    /** Adds a numeric row. */
    public void add(double value, boolean isReference) {
      (isReference ? reference : current).add(value);
    }

    /** Adds a numeric row of an aggregate that names its number of bins. */
    public void add(double value, boolean isReference, int bins) {
      bins(bins);
      add(value, isReference);
    }

    /** Adds a numeric row of an aggregate that names its binning. */
    public void add(double value, boolean isReference, String method) {
      binning(method);
      add(value, isReference);
    }

    /** Adds a numeric row of an aggregate that names its number of bins and binning. */
    public void add(double value, boolean isReference, int bins, String method) {
      bins(bins);
      binning(method);
      add(value, isReference);
    }

    private void bins(int bins) {
      if (bins < 1 || bins > MAX_BINS) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "number of bins " + bins
            + " is not between 1 and " + MAX_BINS);
      }
      this.bins = bins;
    }

    private void binning(String method) {
      try {
        binning = Binning.of(method);
      } catch (IllegalArgumentException e) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, e.getMessage());
      }
    }

    /** Adds a categorical row: any value, compared with {@code equals}. */
    public void add(Object category, boolean isReference) {
      categories.computeIfAbsent(category, k -> new long[2])[isReference ? 0 : 1]++;
    }

    /** The statistic, or null when a sample is empty. */
    public Double result(String statistic) {
      final Statistic s = Statistic.valueOf(statistic);
      switch (s) {
      case DRIFT_CHI2:
      case DRIFT_CHI2_STATISTIC:
        return chiSquare(s);
      case DRIFT_KS:
      case DRIFT_KS_STATISTIC:
      case DRIFT_PSI:
      case DRIFT_JS:
      case DRIFT_WASSERSTEIN:
        break;
      }
      if (reference.size() == 0 || current.size() == 0) {
        return null;
      }
      final double value = switch (s) {
        case DRIFT_KS -> KolmogorovSmirnov.test(reference, current).pValue();
        case DRIFT_KS_STATISTIC -> KolmogorovSmirnov.test(reference, current).statistic();
        case DRIFT_PSI -> BinnedDrift.psi(
            BinnedDrift.proportions(reference, current, bins, binning));
        case DRIFT_JS -> BinnedDrift.jensenShannon(
            BinnedDrift.proportions(reference, current, bins, binning));
        case DRIFT_WASSERSTEIN -> Wasserstein.distance(reference, current);
        case DRIFT_CHI2, DRIFT_CHI2_STATISTIC -> throw new AssertionError(s);
      };
      return Double.isNaN(value) ? null : value;
    }

    private Double chiSquare(Statistic s) {
      final long[] ref = new long[categories.size()];
      final long[] cur = new long[categories.size()];
      int i = 0;
      long refTotal = 0;
      long curTotal = 0;
      for (long[] counts : categories.values()) {
        ref[i] = counts[0];
        cur[i] = counts[1];
        refTotal += counts[0];
        curTotal += counts[1];
        i++;
      }
      if (refTotal == 0 || curTotal == 0) {
        return null;
      }
      final ChiSquareTable.Result r = ChiSquareTable.test(ref, cur);
      return s == Statistic.DRIFT_CHI2 ? r.pValue() : r.statistic();
    }
  }
}
