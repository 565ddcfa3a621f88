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
import dev.sorrel.sql.batch.OverlappedBatches;
import dev.sorrel.udf.experiment.AssignVariantKernel;
import dev.sorrel.udf.experiment.AssignmentHash;
import dev.sorrel.udf.experiment.ExperimentResults;
import dev.sorrel.udf.experiment.UnitSet;
import dev.sorrel.udf.experiment.VariantAssigner;

/**
 * Runs an {@link ExperimentResultsPlan}: reads every outcome row, skips rows
 * with a NULL unit, value or covariate, assigns each unit its variant by the
 * experiment's hash, refuses a unit seen twice (21000), and hands the
 * primitive values to {@link ExperimentResults}, whose rows it returns. The
 * rows are read in batches; a worker hashes and accumulates one batch while
 * the next is read ({@link OverlappedBatches}).
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

  /**
   * Outcome rows per batch handed to a worker: large enough that a hand-off
   * costs little next to hashing the batch, small enough that the two
   * batches in flight stay in the cache.
   */
  private static final int BATCH_ROWS = 4096;

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

  /**
   * Reads the outcomes on the calling thread a batch at a time, while one of
   * the database's workers assigns, checks and accumulates the batch before
   * (as the batch operator scores its rows). Batches are accumulated one at
   * a time in input order, so the figures are those of adding the units one
   * by one in the order they came.
   */
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
    try (Enumerator<?> rows = outcomes.enumerator()) {
      final Accumulation accumulation = new Accumulation(plan, rows, cancel, assigner, results);
      try {
        while (accumulation.next() != null) {
          // Each batch is accumulated into results as it is processed.
        }
      } finally {
        accumulation.finish();
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

  /** The complete outcome rows of one batch: units and their primitive values. */
  private static final class Units {
    final String[] texts;
    final long[] ids;
    final double[] values = new double[BATCH_ROWS];
    final double[] covariates;
    int size;

    Units(boolean integerUnits, boolean covariate) {
      texts = integerUnits ? null : new String[BATCH_ROWS];
      ids = integerUnits ? new long[BATCH_ROWS] : null;
      covariates = covariate ? new double[BATCH_ROWS] : null;
    }
  }

  /**
   * Reads outcome rows into batches of units, skipping rows with a NULL
   * unit, value or covariate; processing a batch assigns each unit its
   * variant, refuses a unit seen before (21000) and adds its values to the
   * results. The set of units seen and the results are touched only by
   * processing, one batch at a time.
   */
  private static final class Accumulation extends OverlappedBatches<Units> {
    private final Enumerator<?> rows;
    private final AtomicBoolean cancel;
    private final boolean integerUnits;
    private final boolean covariate;
    private final Units[] batches = new Units[2];
    private int next;
    private final VariantAssigner assigner;
    private final ExperimentResults results;
    private final UnitSet seen = new UnitSet();
    private final int[] variants = new int[BATCH_ROWS];

    Accumulation(ExperimentResultsPlan plan, Enumerator<?> rows, AtomicBoolean cancel,
        VariantAssigner assigner, ExperimentResults results) {
      super(plan.database().workers(), "analysing the outcomes");
      this.rows = rows;
      this.cancel = cancel;
      this.integerUnits = plan.unitType() == AssignVariantKernel.UnitType.INTEGER;
      this.covariate = plan.covariate();
      this.assigner = assigner;
      this.results = results;
    }

    @Override protected Units read() {
      if (cancel.get()) {
        throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled");
      }
      if (batches[next] == null) {
        batches[next] = new Units(integerUnits, covariate);
      }
      final Units batch = batches[next];
      next = 1 - next;
      int size = 0;
      while (size < BATCH_ROWS) {
        if (!rows.moveNext()) {
          endOfInput();
          break;
        }
        final Object[] row = (Object[]) rows.current();
        final Object unit = row[0];
        final Object value = row[1];
        final Object x = covariate ? row[2] : null;
        if (unit == null || value == null || covariate && x == null) {
          continue;
        }
        if (integerUnits) {
          batch.ids[size] = ((Number) unit).longValue();
        } else {
          batch.texts[size] = unit.toString();
        }
        batch.values[size] = ((Number) value).doubleValue();
        if (covariate) {
          batch.covariates[size] = ((Number) x).doubleValue();
        }
        size++;
      }
      batch.size = size;
      return batch;
    }

    @Override protected Units process(Units batch) {
      final int size = batch.size;
      final int[] variant = variants;
      // The batch's units are checked first, in one pass over the set, then assigned.
      if (integerUnits) {
        final long[] ids = batch.ids;
        final int repeated = seen.addAll(ids, size);
        if (repeated >= 0) {
          throw duplicate(ids[repeated]);
        }
        for (int i = 0; i < size; i++) {
          variant[i] = assigner.assign(ids[i]);
        }
      } else {
        final String[] texts = batch.texts;
        final int repeated = seen.addAll(texts, size);
        if (repeated >= 0) {
          throw duplicate(texts[repeated]);
        }
        for (int i = 0; i < size; i++) {
          variant[i] = assigner.assign(texts[i]);
          texts[i] = null; // not kept alive until the batch is filled again
        }
      }
      final double[] values = batch.values;
      if (covariate) {
        final double[] covariates = batch.covariates;
        for (int i = 0; i < size; i++) {
          results.add(variant[i], values[i], covariates[i]);
        }
      } else {
        for (int i = 0; i < size; i++) {
          results.add(variant[i], values[i]);
        }
      }
      return batch;
    }

    @Override protected boolean isEmpty(Units batch) {
      return batch.size == 0;
    }
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
