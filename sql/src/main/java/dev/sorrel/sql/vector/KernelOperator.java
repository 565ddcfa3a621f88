package dev.sorrel.sql.vector;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlSpecialOperator;

import dev.sorrel.sql.batch.KernelCall;
import dev.sorrel.sql.experiment.AssignVariantCall;
import dev.sorrel.sql.predict.PredictCall;

/**
 * A batch function's call (PREDICT and its family, ASSIGN_VARIANT) written
 * as an expression over a scan's columns, so that a {@link SorrelBatchAggregate}
 * computes it with the rest of its inputs: the operands are the call's
 * arguments, and {@link KernelExprs} evaluates it over column batches. It
 * exists only inside batch plans; SQL text never names it. Its name, which
 * EXPLAIN and the plan digest show, says what the call computes, e.g.
 * {@code M:1.probabilities[1]} or {@code ASSIGN_VARIANT['exp']}.
 */
final class KernelOperator extends SqlSpecialOperator {
  private final KernelCall call;
  private final int batchSize;

  /**
   * @param call the planned call; its argument fields are replaced by the operands
   * @param batchSize rows per kernel call, as the row path's operator would use
   */
  KernelOperator(KernelCall call, int batchSize) {
    super(name(call), SqlKind.OTHER_FUNCTION);
    this.call = call;
    this.batchSize = batchSize;
  }

  /** Whether the batch path can evaluate a call. */
  static boolean supports(KernelCall call) {
    return call instanceof PredictCall || call instanceof AssignVariantCall;
  }

  private static String name(KernelCall call) {
    if (call instanceof PredictCall predict) {
      return predict.signature().describe();
    } else if (call instanceof AssignVariantCall assign) {
      return "ASSIGN_VARIANT['" + assign.experiment() + "']";
    }
    throw new IllegalArgumentException("not a call the batch path evaluates: " + call);
  }

  KernelCall call() {
    return call;
  }

  int batchSize() {
    return batchSize;
  }

  /** Never folded into a constant, and evaluated for every row, as on the row path. */
  @Override public boolean isDynamicFunction() {
    return true;
  }

  @Override public boolean isDeterministic() {
    return false;
  }
}
