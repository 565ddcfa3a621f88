package dev.sorrel.sql.vector;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;

import dev.sorrel.sql.batch.KernelCall;
import dev.sorrel.sql.batch.SorrelBatchCall;
import dev.sorrel.sql.rel.SorrelTableScan;

/**
 * Lets an aggregate over batch function calls run on the batch path: turns
 * an aggregate's input of the form {@code [Calc] <- SorrelBatchCall <- [Calc]
 * <- scan} into one {@link EnumerableCalc} over the scan whose expressions
 * hold the calls as {@link KernelOperator}s, for {@link BatchAggregateRewrite}
 * to match as it matches any calculated scan. The lower calc's filter stays
 * the filter, so the calls see exactly the rows they see on the row path; an
 * upper calc that filters (on a prediction, say) is left on the row path,
 * since its condition must not be evaluated for rows the lower filter drops.
 * The calc made here is only for matching: it is never executed, and if the
 * rewrite does not take it the plan keeps its batch call operator.
 */
final class BatchCallInline {
  private BatchCallInline() {
  }

  /** The input with its batch call inlined, or the input as it is if it has none or cannot. */
  static RelNode inline(RelNode input) {
    final EnumerableCalc upper = input instanceof EnumerableCalc calc ? calc : null;
    final RelNode middle = upper != null ? upper.getInput() : input;
    if (!(middle instanceof SorrelBatchCall batchCall)
        || (upper != null && upper.getProgram().getCondition() != null)) {
      return input;
    }
    for (KernelCall call : batchCall.calls()) {
      if (!KernelOperator.supports(call)) {
        return input;
      }
    }
    final EnumerableCalc lower = batchCall.getInput() instanceof EnumerableCalc calc ? calc : null;
    final RelNode bottom = lower != null ? lower.getInput() : batchCall.getInput();
    if (!(bottom instanceof SorrelTableScan)) {
      return input;
    }
    final RexBuilder rexBuilder = input.getCluster().getRexBuilder();
    // The batch call's input fields, as expressions over the scan.
    final List<RexNode> fields = new ArrayList<>();
    RexNode condition = null;
    if (lower != null) {
      final RexProgram program = lower.getProgram();
      for (RexLocalRef project : program.getProjectList()) {
        fields.add(program.expandLocalRef(project));
      }
      if (program.getCondition() != null) {
        condition = program.expandLocalRef(program.getCondition());
      }
    } else {
      for (int i = 0; i < bottom.getRowType().getFieldCount(); i++) {
        fields.add(rexBuilder.makeInputRef(bottom, i));
      }
    }
    // Its output fields: the carried fields, then one call per result.
    final List<RexNode> outputs = new ArrayList<>(fields.subList(0, batchCall.carried()));
    final List<RelDataType> types = new ArrayList<>();
    batchCall.getRowType().getFieldList().forEach(field -> types.add(field.getType()));
    for (KernelCall call : batchCall.calls()) {
      final List<RexNode> arguments = new ArrayList<>();
      for (int field : call.arguments()) {
        arguments.add(fields.get(field));
      }
      outputs.add(rexBuilder.makeCall(types.get(outputs.size()),
          new KernelOperator(call, batchCall.batchSize()), arguments));
    }
    final List<RexNode> projects;
    if (upper != null) {
      final RexProgram program = upper.getProgram();
      final RexShuttle substitute = new RexShuttle() {
        @Override public RexNode visitInputRef(RexInputRef ref) {
          return outputs.get(ref.getIndex());
        }
      };
      projects = new ArrayList<>();
      for (RexLocalRef project : program.getProjectList()) {
        projects.add(program.expandLocalRef(project).accept(substitute));
      }
    } else {
      projects = outputs;
    }
    final RexProgram program = RexProgram.create(bottom.getRowType(), projects,
        condition == null ? null : RexUtil.expandSearch(rexBuilder, null, condition),
        input.getRowType(), rexBuilder);
    return EnumerableCalc.create(bottom, program);
  }
}
