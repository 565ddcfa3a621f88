package dev.sorrel.sql.experiment;

import java.lang.reflect.Type;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.calcite.DataContext;
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
import org.apache.calcite.schema.FunctionParameter;
import org.apache.calcite.schema.ImplementableAggFunction;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.udf.stats.TwoSampleTests;

/**
 * {@code SRM_P(experiment, variant)}: the sample-ratio-mismatch check every
 * experiment platform runs, an aggregate over units. It counts the rows of
 * each variant (NULL variants are left out) and returns the p-value of
 * Pearson's chi-square goodness of fit of those counts against the
 * experiment's weights, {@code scipy.stats.chisquare} over the variants of
 * positive weight (see {@link TwoSampleTests#sampleRatioMismatchP}). A small
 * p-value says the assignment or the logging is broken. A variant name the
 * experiment does not have is 22023.
 */
final class SampleRatioMismatch implements ImplementableAggFunction {
  /** The counts of one group, and the experiment's definition once the first row named it. */
  public static final class Counts {
    private final Map<String, long[]> counts = new HashMap<>();
    private ExperimentDef experiment;

    /** Counts a row; {@code root} reaches the database on the group's first row. */
    public void add(DataContext root, String experimentName, String variant) {
      if (experiment == null) {
        experiment = database(root).experiments().existing(experimentName);
      }
      counts.computeIfAbsent(variant, v -> new long[1])[0]++;
    }

    /** The p-value of the counts against the experiment's weights. */
    public Double result() {
      final List<ExperimentDef.Variant> variants = experiment.variants();
      final long[] observed = new long[variants.size()];
      final double[] weights = new double[variants.size()];
      for (int i = 0; i < observed.length; i++) {
        final long[] n = counts.get(variants.get(i).name());
        observed[i] = n == null ? 0 : n[0];
        weights[i] = variants.get(i).weight().doubleValue();
      }
      for (String name : counts.keySet()) {
        if (experiment.variantIndex(name) < 0) {
          throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "SRM_P: '" + name
              + "' is not a variant of experiment " + experiment.name() + "; variants: "
              + String.join(", ", variants.stream().map(ExperimentDef.Variant::name).toList()));
        }
      }
      return TwoSampleTests.sampleRatioMismatchP(observed, weights);
    }

    private static Database database(DataContext root) {
      final SchemaPlus schema = root.getRootSchema().getSubSchema(SorrelSchema.NAME);
      return schema.unwrap(SorrelSchema.class).database();
    }
  }

  @Override public RelDataType getReturnType(RelDataTypeFactory typeFactory) {
    return typeFactory.createTypeWithNullability(
        typeFactory.createSqlType(SqlTypeName.DOUBLE), true);
  }

  @Override public List<FunctionParameter> getParameters() {
    return List.of(StatisticsAggregates.parameter(0, "EXPERIMENT", SqlTypeName.VARCHAR),
        StatisticsAggregates.parameter(1, "VARIANT", SqlTypeName.VARCHAR));
  }

  @Override public AggImplementor getImplementor(boolean windowContext) {
    return new StrictAggImplementor() {
      @Override public List<Type> getNotNullState(AggContext info) {
        return List.of(Counts.class);
      }

      @Override protected void implementNotNullReset(AggContext info, AggResetContext reset) {
        reset.currentBlock().add(Expressions.statement(Expressions.assign(
            reset.accumulator().get(0), Expressions.new_(Counts.class))));
      }

      @Override protected void implementNotNullAdd(AggContext info, AggAddContext add) {
        final List<Expression> args = add.arguments();
        add.currentBlock().add(Expressions.statement(Expressions.call(
            add.accumulator().get(0), "add", add.rowTranslator().getRoot(),
            EnumUtils.convert(args.get(0), String.class),
            EnumUtils.convert(args.get(1), String.class))));
      }

      @Override protected Expression implementNotNullResult(AggContext info,
          AggResultContext result) {
        return Expressions.call(result.accumulator().get(0), "result");
      }
    };
  }
}
