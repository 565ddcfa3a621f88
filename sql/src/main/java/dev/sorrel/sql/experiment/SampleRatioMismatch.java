package dev.sorrel.sql.experiment;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.calcite.DataContext;
import org.apache.calcite.schema.SchemaPlus;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.sql.aggregate.ArgumentKind;
import dev.sorrel.sql.aggregate.StateAggregate;
import dev.sorrel.sql.aggregate.StateAggregate.Argument;
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
final class SampleRatioMismatch {
  private SampleRatioMismatch() {
  }

  /** The aggregate: its state reads the experiment through the query's DataContext. */
  static StateAggregate aggregate() {
    return StateAggregate.of("SRM_P", Counts.class,
        new Argument("EXPERIMENT", ArgumentKind.STRING),
        new Argument("VARIANT", ArgumentKind.STRING)).withContext();
  }

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

    /**
     * The p-value of the counts against the experiment's weights;
     * {@code function} names the aggregate in errors.
     */
    public Double result(String function) {
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
          throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, function + ": '" + name
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
}
