package dev.sorrel.sql.batch;

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
 * Evaluates batch functions (PREDICT, ASSIGN_VARIANT, PREDICT_VARIANT) over
 * batches of rows: buffers up to the batch size of input rows, makes one
 * kernel call per function call for the whole batch (for PREDICT, one ONNX
 * Runtime call), and emits the rows with the results appended. EXPLAIN shows
 * it as {@code SorrelBatchCall(calls=[[...]], batch=[1024], carried=[n])}, n
 * being the number of input fields passed on.
 */
public final class SorrelBatchCall extends LogicalBatchCall implements EnumerableRel {
  SorrelBatchCall(RelOptCluster cluster, RelTraitSet traits, RelNode input, int carried,
      List<KernelCall> calls, int batchSize) {
    super(cluster, traits, input, carried, calls, batchSize);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SorrelBatchCall(getCluster(), traitSet, sole(inputs), carried, calls, batchSize);
  }

  @Override public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    final double rows = mq.getRowCount(getInput());
    return planner.getCostFactory().makeCost(rows, rows * 10 * calls.size(), 0);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    final BatchCallPlan plan = new BatchCallPlan(calls.get(0).database(), carried, calls,
        batchSize);
    return BatchOperators.implement(this, implementor, BatchCallRuntime.RUN, plan,
        BatchCallPlan.class);
  }


  /** Turns {@link LogicalBatchCall} into this operator. */
  static final class Rule extends ConverterRule {
    static final Rule INSTANCE = new Rule();

    private Rule() {
      super(Config.INSTANCE.withConversion(LogicalBatchCall.class,
          (LogicalBatchCall p) -> !(p instanceof SorrelBatchCall), Convention.NONE,
          EnumerableConvention.INSTANCE, "SorrelBatchCallRule"));
    }

    @Override public RelNode convert(RelNode rel) {
      final LogicalBatchCall logical = (LogicalBatchCall) rel;
      return new SorrelBatchCall(logical.getCluster(),
          logical.getTraitSet().replace(EnumerableConvention.INSTANCE),
          convert(logical.getInput(), logical.getInput().getTraitSet()
              .replace(EnumerableConvention.INSTANCE)),
          logical.carried, logical.calls, logical.batchSize);
    }
  }
}
