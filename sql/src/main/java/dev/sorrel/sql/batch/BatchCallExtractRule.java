package dev.sorrel.sql.batch;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.rel.RuleConfig;

/**
 * Moves calls of {@link KernelFunction}s (PREDICT, ASSIGN_VARIANT, ...) out of a projection or filter into a
 * {@link LogicalBatchCall} below it, so that scoring happens a batch at a
 * time: {@code Project(exprs with PREDICT)} becomes
 * {@code Project(exprs with $k) ← Predict ← Project(input fields, arguments)},
 * where the Predict passes on the input fields used above it and the
 * results, and the lower Project is left out when it would only repeat
 * its input.
 * Runs before cost-based planning, so no plan ever evaluates them row by row.
 */
final class BatchCallExtractRule extends RelRule<RuleConfig> {
  private final int defaultBatchSize;

  /** The rule for projections, with the connection's default batch size. */
  static RelOptRule project(int defaultBatchSize) {
    return RuleConfig.of("PredictExtract(Project)",
        b -> b.operand(LogicalProject.class)
            .predicate(p -> p.getProjects().stream().anyMatch(BatchCallExtractRule::hasPredict))
            .anyInputs(),
        config -> new BatchCallExtractRule(config, defaultBatchSize)).toRule();
  }

  /** The rule for filters, with the connection's default batch size. */
  static RelOptRule filter(int defaultBatchSize) {
    return RuleConfig.of("PredictExtract(Filter)",
        b -> b.operand(LogicalFilter.class)
            .predicate(f -> hasPredict(f.getCondition()))
            .anyInputs(),
        config -> new BatchCallExtractRule(config, defaultBatchSize)).toRule();
  }

  private BatchCallExtractRule(RuleConfig config, int defaultBatchSize) {
    super(config);
    this.defaultBatchSize = defaultBatchSize;
  }

  static boolean hasPredict(RexNode node) {
    return Boolean.TRUE.equals(node.accept(new RexVisitorImpl<Boolean>(true) {
      @Override public Boolean visitCall(RexCall call) {
        if (call.getOperator() instanceof KernelFunction) {
          return true;
        }
        for (RexNode operand : call.getOperands()) {
          if (Boolean.TRUE.equals(operand.accept(this))) {
            return true;
          }
        }
        return false;
      }
    }));
  }

  @Override public void onMatch(RelOptRuleCall call) {
    final RelNode rel = call.rel(0);
    final RelNode input = rel.getInput(0);
    final int width = input.getRowType().getFieldCount();
    final List<RexNode> expressions = rel instanceof LogicalProject project
        ? project.getProjects() : List.of(((LogicalFilter) rel).getCondition());

    // Pass 1: plan every call and collect its arguments, as expressions over the input.
    final List<RexNode> arguments = new ArrayList<>();
    final List<KernelCall> calls = new ArrayList<>();
    final Map<RexCall, Integer> index = new IdentityHashMap<>();
    for (RexNode e : expressions) {
      e.accept(new RexShuttle() {
        @Override public RexNode visitCall(RexCall c) {
          if (c.getOperator() instanceof KernelFunction function) {
            if (!index.containsKey(c)) {
              index.put(c, calls.size());
              calls.add(plan(c, function, arguments));
            }
            return c;
          }
          return super.visitCall(c);
        }
      });
    }
    // The operator's input is the input fields used above it, then the arguments
    // not among them; it passes on only the former, followed by the results:
    // fewer values copied per row. If that input is the input itself (arguments
    // that are plain columns), no projection is needed below the operator.
    final RexBuilder rex = rel.getCluster().getRexBuilder();
    final java.util.BitSet used = new java.util.BitSet(width);
    for (RexNode e : expressions) {
      e.accept(new RexShuttle() {
        @Override public RexNode visitCall(RexCall c) {
          return index.containsKey(c) ? c : super.visitCall(c);
        }

        @Override public RexNode visitInputRef(RexInputRef ref) {
          used.set(ref.getIndex());
          return ref;
        }
      });
    }
    if (rel instanceof LogicalFilter) {
      used.set(0, width); // a filter passes every input field on
    } else if (used.isEmpty() && calls.size() == 1) {
      // Rows of one field would be taken for scalars by the operators above
      // (Calcite's row format for a single column); the runtime emits arrays.
      used.set(0);
    }
    final int[] newIndex = new int[width];
    final List<RexNode> bottomExprs = new ArrayList<>();
    final List<String> bottomNames = new ArrayList<>();
    for (int i = used.nextSetBit(0); i >= 0; i = used.nextSetBit(i + 1)) {
      newIndex[i] = bottomExprs.size();
      bottomExprs.add(rex.makeInputRef(input, i));
      bottomNames.add(input.getRowType().getFieldNames().get(i));
    }
    final int carried = bottomExprs.size();
    final int[] argumentField = new int[arguments.size()];
    for (int a = 0; a < arguments.size(); a++) {
      final RexNode argument = arguments.get(a);
      final int existing = bottomExprs.indexOf(argument);
      if (existing >= 0) {
        argumentField[a] = existing;
      } else {
        argumentField[a] = bottomExprs.size();
        bottomExprs.add(argument);
        bottomNames.add(argument instanceof RexInputRef ref
            ? input.getRowType().getFieldNames().get(ref.getIndex()) : "$arg" + a);
      }
    }
    final List<KernelCall> located = new ArrayList<>();
    for (KernelCall c : calls) {
      final int[] fields = c.arguments().clone();
      for (int i = 0; i < fields.length; i++) {
        fields[i] = argumentField[fields[i]];
      }
      located.add(c.withArguments(fields));
    }
    // Each call becomes a reference to its result field; input refs move.
    final List<RexNode> rewritten = new ArrayList<>();
    for (RexNode e : expressions) {
      rewritten.add(e.accept(new RexShuttle() {
        @Override public RexNode visitCall(RexCall c) {
          final Integer k = index.get(c);
          return k != null ? rex.makeInputRef(c.getType(), carried + k) : super.visitCall(c);
        }

        @Override public RexNode visitInputRef(RexInputRef ref) {
          return rex.makeInputRef(ref.getType(), newIndex[ref.getIndex()]);
        }
      }));
    }

    final RelNode bottom = RexUtil.isIdentity(bottomExprs, input.getRowType()) ? input
        : LogicalProject.create(input, List.of(), bottomExprs, bottomNames, Set.of());
    final LogicalBatchCall batch = LogicalBatchCall.create(bottom, carried, located,
        BatchCallPlan.batchSize(located, defaultBatchSize));
    if (rel instanceof LogicalProject project) {
      call.transformTo(LogicalProject.create(batch, List.of(), rewritten,
          project.getRowType().getFieldNames(), Set.of()));
    } else {
      final RelNode filter = LogicalFilter.create(batch, rewritten.get(0));
      final List<RexNode> keep = new ArrayList<>();
      for (int i = 0; i < width; i++) {
        keep.add(rex.makeInputRef(filter, i));
      }
      call.transformTo(LogicalProject.create(filter, List.of(), keep,
          input.getRowType().getFieldNames(), Set.of()));
    }
  }

  /**
   * Plans one call; its row arguments are appended to {@code arguments}, and
   * the call's argument fields are, for now, their positions in that list.
   */
  private static KernelCall plan(RexCall call, KernelFunction function,
      List<RexNode> arguments) {
    final List<RexNode> row = call.getOperands().subList(function.fixedOperands(),
        call.getOperands().size());
    for (RexNode argument : row) {
      if (hasPredict(argument)) {
        throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, call.getOperator().getName()
            + ": an argument cannot itself be a " + argumentFunction(argument) + " call");
      }
    }
    final int first = arguments.size();
    arguments.addAll(row);
    return function.plan(call, row, first);
  }

  /** The name of the batch-evaluated function inside an expression. */
  private static String argumentFunction(RexNode node) {
    final String[] name = {"PREDICT"};
    node.accept(new RexVisitorImpl<Void>(true) {
      @Override public Void visitCall(RexCall c) {
        if (c.getOperator() instanceof KernelFunction) {
          name[0] = c.getOperator().getName();
          return null;
        }
        return super.visitCall(c);
      }
    });
    return name[0];
  }
}
