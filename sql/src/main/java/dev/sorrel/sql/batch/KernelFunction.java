package dev.sorrel.sql.batch;

import java.math.BigDecimal;
import java.util.List;

import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.NlsString;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * A SQL function that is never evaluated row by row: the planner moves each
 * call into a {@link LogicalBatchCall}, which hands its arguments to a
 * {@link dev.sorrel.udf.ScalarKernel} a batch at a time. PREDICT and its
 * family are such functions, and so are {@code ASSIGN_VARIANT} and
 * {@code PREDICT_VARIANT}.
 */
public interface KernelFunction {
  /** Operands that are fixed when planned (names, selectors), before the row arguments. */
  int fixedOperands();

  /**
   * Plans a call: validates its fixed operands and argument types, and
   * returns the call with its arguments at {@code firstArgument},
   * {@code firstArgument + 1}, ... (positions that the planner then moves to
   * input fields).
   */
  KernelCall plan(RexCall call, List<RexNode> rowArguments, int firstArgument);

  /**
   * The text of a literal operand that names what a call uses (a model
   * reference, class or output name, an experiment).
   *
   * @throws SorrelException 42804 if the operand is not a literal
   */
  static String literalText(RexNode node, String function) {
    if (node instanceof RexLiteral literal) {
      final Object value = literal.getValue();
      if (value instanceof NlsString s) {
        return s.getValue();
      }
      if (value instanceof BigDecimal d) {
        return d.toPlainString();
      }
      if (value != null) {
        return value.toString();
      }
    }
    throw new SorrelException(ErrorCode.TYPE_MISMATCH, function
        + ": the names of what it uses (model, class, output, experiment) must be literals");
  }
}
