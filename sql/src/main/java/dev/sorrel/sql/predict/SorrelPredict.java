package dev.sorrel.sql.predict;

import java.util.List;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.metadata.RelMetadataQuery;

import dev.sorrel.sql.rel.BatchOperators;

/**
 * Scores batches of rows with models: buffers up to the batch size of input
 * rows, makes one ONNX Runtime call per model for the whole batch, and emits
 * the rows with the predictions appended. EXPLAIN shows it as
 * {@code SorrelPredict(models=[...], batch=[1024], carried=[n])}, n being
 * the number of input fields passed on.
 */
public final class SorrelPredict extends LogicalPredict implements EnumerableRel {
  SorrelPredict(RelOptCluster cluster, RelTraitSet traits, RelNode input, int carried,
      List<KernelCall> calls, int batchSize) {
    super(cluster, traits, input, carried, calls, batchSize);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SorrelPredict(getCluster(), traitSet, sole(inputs), carried, calls, batchSize);
  }

  @Override public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    final double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows, rows * 10 * calls.size(), 0);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    final PredictPlan plan = new PredictPlan(calls.get(0).database(), carried, calls,
        batchSize);
    return BatchOperators.implement(this, implementor, PredictRuntime.PREDICT, plan,
        PredictPlan.class);
  }


  /** Turns {@link LogicalPredict} into this operator. */
  static final class Rule extends ConverterRule {
    static final Rule INSTANCE = new Rule();

    private Rule() {
      super(Config.INSTANCE.withConversion(LogicalPredict.class,
          (LogicalPredict p) -> !(p instanceof SorrelPredict), Convention.NONE,
          EnumerableConvention.INSTANCE, "SorrelPredictRule"));
    }

    @Override public RelNode convert(RelNode rel) {
      final LogicalPredict predict = (LogicalPredict) rel;
      return new SorrelPredict(predict.getCluster(),
          predict.getTraitSet().replace(EnumerableConvention.INSTANCE),
          convert(predict.getInput(), predict.getInput().getTraitSet()
              .replace(EnumerableConvention.INSTANCE)),
          predict.carried, predict.calls, predict.batchSize);
    }
  }
}
