package dev.sorrel.sql.experiment;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.google.common.collect.ImmutableMultimap;
import org.apache.calcite.adapter.enumerable.AggAddContext;
import org.apache.calcite.adapter.enumerable.AggContext;
import org.apache.calcite.adapter.enumerable.AggImplementor;
import org.apache.calcite.adapter.enumerable.AggResetContext;
import org.apache.calcite.adapter.enumerable.AggResultContext;
import org.apache.calcite.adapter.enumerable.EnumUtils;
import org.apache.calcite.adapter.enumerable.StrictAggImplementor;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
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
 * generated code converts each argument from its column's type once.
 */
public final class StatisticsAggregates {
  private StatisticsAggregates() {
  }

  /** What an aggregate computes from the two samples. */
  enum Statistic {
    TTEST_P, TTEST_T, COHENS_D, MEAN_DIFF, MEAN_DIFF_LOWER, MEAN_DIFF_UPPER, LIFT, LIFT_LOWER,
    LIFT_UPPER
  }

  /** The third argument an aggregate takes, if any. */
  enum Extra {
    NONE, METHOD, LEVEL
  }

  /** The functions under their SQL names, for a schema's function map. */
  public static ImmutableMultimap<String, Function> functions() {
    final ImmutableMultimap.Builder<String, Function> b = ImmutableMultimap.builder();
    add(b, Statistic.TTEST_P, Extra.NONE);
    add(b, Statistic.TTEST_P, Extra.METHOD);
    add(b, Statistic.TTEST_T, Extra.NONE);
    add(b, Statistic.TTEST_T, Extra.METHOD);
    add(b, Statistic.COHENS_D, Extra.NONE);
    add(b, Statistic.MEAN_DIFF, Extra.NONE);
    add(b, Statistic.MEAN_DIFF_LOWER, Extra.LEVEL);
    add(b, Statistic.MEAN_DIFF_UPPER, Extra.LEVEL);
    add(b, Statistic.LIFT, Extra.NONE);
    add(b, Statistic.LIFT_LOWER, Extra.LEVEL);
    add(b, Statistic.LIFT_UPPER, Extra.LEVEL);
    b.put("SRM_P", new SampleRatioMismatch());
    return b.build();
  }

  private static void add(ImmutableMultimap.Builder<String, Function> b, Statistic statistic,
      Extra extra) {
    b.put(statistic.name(), new SampleAggregate(statistic, extra));
  }

  /** A parameter of a function, for Calcite's operand checks. */
  static FunctionParameter parameter(int ordinal, String name, SqlTypeName type) {
    return new FunctionParameter() {
      @Override public int getOrdinal() {
        return ordinal;
      }

      @Override public String getName() {
        return name;
      }

      @Override public RelDataType getType(RelDataTypeFactory typeFactory) {
        return typeFactory.createSqlType(type);
      }

      @Override public boolean isOptional() {
        return false;
      }
    };
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

  /**
   * One aggregate as Calcite sees it: its parameters (a numeric value, a
   * BOOLEAN, and a VARCHAR method or DOUBLE level) and its implementation,
   * which skips rows with a NULL argument and otherwise calls
   * {@link Samples#add} with the arguments converted to the parameters'
   * Java types.
   */
  private static final class SampleAggregate implements ImplementableAggFunction {
    private final Statistic statistic;
    private final Extra extra;

    SampleAggregate(Statistic statistic, Extra extra) {
      this.statistic = statistic;
      this.extra = extra;
    }

    @Override public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.DOUBLE), true);
    }

    @Override public List<FunctionParameter> getParameters() {
      final List<FunctionParameter> parameters = new ArrayList<>();
      parameters.add(parameter(0, "VALUE", SqlTypeName.DOUBLE));
      parameters.add(parameter(1, "IS_TREATMENT", SqlTypeName.BOOLEAN));
      switch (extra) {
      case NONE:
        break;
      case METHOD:
        parameters.add(parameter(2, "METHOD", SqlTypeName.VARCHAR));
        break;
      case LEVEL:
        parameters.add(parameter(2, "LEVEL", SqlTypeName.DOUBLE));
        break;
      }
      return parameters;
    }

    @Override public AggImplementor getImplementor(boolean windowContext) {
      return new StrictAggImplementor() {
        @Override public List<Type> getNotNullState(AggContext info) {
          return List.of(Samples.class);
        }

        @Override protected void implementNotNullReset(AggContext info,
            AggResetContext reset) {
          reset.currentBlock().add(Expressions.statement(Expressions.assign(
              reset.accumulator().get(0), Expressions.new_(Samples.class))));
        }

        @Override protected void implementNotNullAdd(AggContext info, AggAddContext add) {
          final List<Expression> args = add.arguments();
          final List<Expression> converted = new ArrayList<>();
          converted.add(EnumUtils.convert(args.get(0), double.class));
          converted.add(EnumUtils.convert(args.get(1), boolean.class));
          switch (extra) {
          case NONE:
            break;
          case METHOD:
            converted.add(EnumUtils.convert(args.get(2), String.class));
            break;
          case LEVEL:
            converted.add(EnumUtils.convert(args.get(2), double.class));
            break;
          }
          add.currentBlock().add(Expressions.statement(Expressions.call(
              add.accumulator().get(0), "add", converted)));
        }

        @Override protected Expression implementNotNullResult(AggContext info,
            AggResultContext result) {
          return Expressions.call(result.accumulator().get(0), "result",
              Expressions.constant(statistic.name()));
        }
      };
    }
  }
}
