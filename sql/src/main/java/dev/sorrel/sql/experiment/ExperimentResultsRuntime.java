package dev.sorrel.sql.experiment;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.udf.experiment.AssignVariantKernel;
import dev.sorrel.udf.experiment.AssignmentHash;
import dev.sorrel.udf.experiment.ExperimentResults;
import dev.sorrel.udf.experiment.UnitSet;
import dev.sorrel.udf.experiment.VariantAssigner;

/**
 * Runs an {@link ExperimentResultsPlan}: reads every outcome row, skips rows
 * with a NULL unit, value or covariate, assigns each unit its variant by the
 * experiment's hash, refuses a unit seen twice (21000), and hands the
 * primitive values to {@link ExperimentResults}, whose rows it returns.
 *
 * <p>Units are assigned as while the experiment runs, whatever its status:
 * once stopped, {@code ASSIGN_VARIANT} gives everyone the winner, but the
 * outcomes being analysed were produced under the split.
 */
public final class ExperimentResultsRuntime {
  public static final Method RESULTS;

  static {
    try {
      RESULTS = ExperimentResultsRuntime.class.getMethod("results",
          ExperimentResultsPlan.class, DataContext.class, Enumerable.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Rows read between two looks at the statement's cancel flag. */
  private static final int CANCEL_CHECK_ROWS = 4096;

  private ExperimentResultsRuntime() {
  }

  /** The result rows of one execution, computed when they are first enumerated. */
  public static Enumerable<Object[]> results(ExperimentResultsPlan plan, DataContext context,
      Enumerable<?> outcomes) {
    return new AbstractEnumerable<Object[]>() {
      @Override public Enumerator<Object[]> enumerator() {
        final Object flag = context == null ? null
            : context.get(DataContext.Variable.CANCEL_FLAG.camelName);
        return Linq4j.enumerator(compute(plan, outcomes,
            flag instanceof AtomicBoolean cancel ? cancel : new AtomicBoolean()));
      }
    };
  }

  static List<Object[]> compute(ExperimentResultsPlan plan, Enumerable<?> outcomes,
      AtomicBoolean cancel) {
    final ExperimentDef def = plan.database().experiments().existing(plan.experiment());
    final VariantAssigner assigner = VariantAssigner.of(AssignmentHash.of(def.hash()),
        def.salt(), def.weights());
    final List<String> names = def.variants().stream().map(ExperimentDef.Variant::name)
        .toList();
    final double[] weights = def.weights().stream().mapToDouble(w -> w.doubleValue())
        .toArray();
    final ExperimentResults results = new ExperimentResults(names, weights, plan.covariate(),
        plan.level());
    final UnitSet seen = new UnitSet();
    final boolean integerUnits = plan.unitType() == AssignVariantKernel.UnitType.INTEGER;
    try (Enumerator<?> rows = outcomes.enumerator()) {
      int untilCheck = CANCEL_CHECK_ROWS;
      while (rows.moveNext()) {
        if (--untilCheck == 0) {
          untilCheck = CANCEL_CHECK_ROWS;
          if (cancel.get()) {
            throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled");
          }
        }
        final Object[] row = (Object[]) rows.current();
        final Object unit = row[0];
        final Object value = row[1];
        final Object covariate = plan.covariate() ? row[2] : null;
        if (unit == null || value == null || plan.covariate() && covariate == null) {
          continue;
        }
        final int variant;
        if (integerUnits) {
          final long id = ((Number) unit).longValue();
          if (!seen.add(id)) {
            throw duplicate(unit);
          }
          variant = assigner.assign(id);
        } else {
          final String id = unit.toString();
          if (!seen.add(id)) {
            throw duplicate(unit);
          }
          variant = assigner.assign(id);
        }
        if (plan.covariate()) {
          results.add(variant, ((Number) value).doubleValue(),
              ((Number) covariate).doubleValue());
        } else {
          results.add(variant, ((Number) value).doubleValue());
        }
      }
    }
    final List<Object[]> out = new ArrayList<>();
    for (ExperimentResults.Row r : results.rows()) {
      final ExperimentResults.CupedRow c = r.cuped();
      out.add(new Object[] {r.variant(), r.control(), r.n(), value(r.mean()),
          value(r.stddev()), value(r.meanDiff()), value(r.meanDiffLower()),
          value(r.meanDiffUpper()), value(r.lift()), value(r.liftLower()),
          value(r.liftUpper()), value(r.pValue()), value(r.cohensD()), r.significant(),
          value(r.srmP()),
          c == null ? null : value(c.mean()), c == null ? null : value(c.meanDiff()),
          c == null ? null : value(c.meanDiffLower()),
          c == null ? null : value(c.meanDiffUpper()), c == null ? null : value(c.lift()),
          c == null ? null : value(c.liftLower()), c == null ? null : value(c.liftUpper()),
          c == null ? null : value(c.pValue()), c == null ? null : c.significant(),
          c == null ? null : value(c.theta()), c == null ? null : value(c.varianceReduction())});
    }
    return out;
  }

  private static SorrelException duplicate(Object unit) {
    return new SorrelException(ErrorCode.CARDINALITY_VIOLATION, "EXPERIMENT_RESULTS: unit "
        + unit + " appears on more than one row of the outcomes query; give one row per"
        + " unit, e.g. SELECT unit, SUM(value) ... GROUP BY unit");
  }

  /** A figure as SQL shows it: NULL where it is undefined. */
  private static Double value(double figure) {
    return Double.isFinite(figure) ? figure : null;
  }
}
