package dev.sorrel.sql.experiment;

import java.util.Locale;

import com.google.common.collect.ImmutableMultimap;
import org.apache.calcite.schema.Function;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.aggregate.ArgumentKind;
import dev.sorrel.sql.aggregate.StateAggregate;
import dev.sorrel.sql.aggregate.StateAggregate.Argument;
import dev.sorrel.udf.stats.Moments;
import dev.sorrel.udf.stats.TwoSampleTests;

/**
 * The two-sample aggregates of A/B analysis. Each takes a numeric value and
 * a BOOLEAN that says whether the row is in the treatment sample (TRUE) or
 * the control (FALSE), so an analysis composes with WHERE, JOIN and GROUP BY
 * (per metric, per segment, per day); rows where either is NULL are left
 * out. Results are DOUBLE, NULL where SciPy's are nan (a sample of fewer than
 * two values, no variance at all). Definitions are in {@link TwoSampleTests}.
 *
 * <p>Values are folded into {@link Moments} as primitive doubles; the
 * generated code converts each argument from its column's type once. A
 * value that is not numeric, a flag that is not BOOLEAN or a method or level
 * of the wrong type is refused when the statement is validated (42804, with
 * the call's position), as for every {@link StateAggregate}.
 */
public final class StatisticsAggregates {
  private StatisticsAggregates() {
  }

  /** What an aggregate computes from the two samples. */
  enum Statistic {
    TTEST_P, TTEST_T, COHENS_D, MEAN_DIFF, MEAN_DIFF_LOWER, MEAN_DIFF_UPPER, LIFT, LIFT_LOWER,
    LIFT_UPPER
  }

  /** The functions under their SQL names, for a schema's function map. */
  public static ImmutableMultimap<String, Function> functions() {
    final Argument method = new Argument("METHOD", ArgumentKind.STRING);
    final Argument level = new Argument("LEVEL", ArgumentKind.NUMERIC);
    final ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
    add(b, two(Statistic.TTEST_P));
    add(b, two(Statistic.TTEST_P).with(method));
    add(b, two(Statistic.TTEST_T));
    add(b, two(Statistic.TTEST_T).with(method));
    add(b, two(Statistic.COHENS_D));
    add(b, two(Statistic.MEAN_DIFF));
    add(b, two(Statistic.MEAN_DIFF_LOWER).with(level));
    add(b, two(Statistic.MEAN_DIFF_UPPER).with(level));
    add(b, two(Statistic.LIFT));
    add(b, two(Statistic.LIFT_LOWER).with(level));
    add(b, two(Statistic.LIFT_UPPER).with(level));
    add(b, SampleRatioMismatch.aggregate());
    return b.build();
  }

  /** {@code statistic(value, is_treatment)}. */
  private static StateAggregate two(Statistic statistic) {
    return StateAggregate.of(statistic.name(), Samples.class,
        new Argument("VALUE", ArgumentKind.NUMERIC),
        new Argument("IS_TREATMENT", ArgumentKind.BOOLEAN));
  }

  private static void add(ImmutableMultimap.Builder<String, Function> b,
      StateAggregate aggregate) {
    b.put(aggregate.name(), aggregate);
  }

  /**
   * The state of a two-sample aggregate: the moments of each sample, and the
   * third argument (t-test method or confidence level) once seen.
   */
  public static final class Samples {
    private final Moments control = new Moments();
    private final Moments treatment = new Moments();
    private boolean student;
    private double level = Double.NaN;

    /** Adds a row of a two-argument aggregate. */
    public void add(double value, boolean isTreatment) {
      (isTreatment ? treatment : control).add(value);
    }

    /** Adds a row of an aggregate whose third argument names the t-test. */
    public void add(double value, boolean isTreatment, String method) {
      final String m = method.toLowerCase(Locale.ROOT);
      if (!m.equals("welch") && !m.equals("student")) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "unknown t-test '"
            + method + "'; use 'welch' (unequal variances, the default) or 'student'");
      }
      student = m.equals("student");
      add(value, isTreatment);
    }

    /** Adds a row of an aggregate whose third argument is a confidence level. */
    public void add(double value, boolean isTreatment, double confidence) {
      if (!(confidence > 0 && confidence < 1)) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "confidence level "
            + confidence + " is not between 0 and 1 (exclusive); use e.g. 0.95");
      }
      level = confidence;
      add(value, isTreatment);
    }

    /** The statistic, or null where it is undefined. */
    public Double result(String statistic) {
      final double value = switch (Statistic.valueOf(statistic)) {
        case TTEST_P -> test().pValue();
        case TTEST_T -> test().statistic();
        case COHENS_D -> TwoSampleTests.cohensD(control, treatment);
        case MEAN_DIFF -> treatment.mean() - control.mean();
        case MEAN_DIFF_LOWER -> TwoSampleTests.meanDifference(control, treatment, level).lower();
        case MEAN_DIFF_UPPER -> TwoSampleTests.meanDifference(control, treatment, level).upper();
        case LIFT -> TwoSampleTests.relativeLift(control, treatment, 0.95).estimate();
        case LIFT_LOWER -> TwoSampleTests.relativeLift(control, treatment, level).lower();
        case LIFT_UPPER -> TwoSampleTests.relativeLift(control, treatment, level).upper();
      };
      return Double.isFinite(value) ? value : null;
    }

    private TwoSampleTests.TTest test() {
      return student ? TwoSampleTests.student(control, treatment)
          : TwoSampleTests.welch(control, treatment);
    }
  }
}
