package dev.sorrel.sql.vector;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

import org.apache.calcite.adapter.enumerable.EnumerableAggregate;
import org.apache.calcite.adapter.enumerable.EnumerableCalc;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexPermuteInputsShuttle;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.ImmutableBitSet;
import org.apache.calcite.util.mapping.Mappings;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.table.Table;
import dev.sorrel.engine.table.segment.BlockPredicate;
import dev.sorrel.sql.rel.SorrelTableScan;
import dev.sorrel.sql.runtime.ScanPlan;

/**
 * Moves aggregates onto the batch path after cost-based planning: replaces
 * each hash aggregate over a (calculated) full scan of a table that has a
 * segment by a {@link SorrelBatchAggregate}, when the batch path computes
 * every part of it exactly as the row path would; anything else stays as
 * planned. Runs on the final plan, after Calcite has rewritten AVG and the
 * variances into SUM and COUNT with the arithmetic around them
 * (AggregateReduceFunctionsRule), so those arrive as sums of squares and
 * counts that the batch path computes, and the division stays above it.
 */
public final class BatchAggregateRewrite {
  private BatchAggregateRewrite() {
  }

  /** The plan with every aggregate the batch path can run moved onto it. */
  public static RelNode rewrite(RelNode rel) {
    final List<RelNode> inputs = rel.getInputs();
    final List<RelNode> rewritten = new ArrayList<>(inputs.size());
    boolean changed = false;
    for (RelNode input : inputs) {
      final RelNode after = rewrite(input);
      rewritten.add(after);
      changed |= after != input;
    }
    final RelNode node = changed ? rel.copy(rel.getTraitSet(), rewritten) : rel;
    if (node instanceof EnumerableAggregate aggregate) {
      final RelNode batch = toBatch(aggregate);
      if (batch != null) {
        return batch;
      }
    }
    return node;
  }

  private static @Nullable RelNode toBatch(EnumerableAggregate aggregate) {
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return null;
    }
    // PREDICT and ASSIGN_VARIANT below the aggregate become expressions of its inputs.
    final RelNode input = BatchCallInline.inline(aggregate.getInput());
    final RexProgram program = input instanceof EnumerableCalc calc ? calc.getProgram() : null;
    final RelNode below = program != null ? ((EnumerableCalc) input).getInput() : input;
    if (!(below instanceof SorrelTableScan scan) || scan.knownAt()
        || !scan.plan().isFull() || scan.plan().access().index() != null) {
      return null;
    }
    final Table table = scan.plan().table();
    // Only where a segment exists: other tables keep the plans they always had.
    if (table.database().tableSegments().current(table) == null
        || table.database().catalog().onlineViewOf(table) != null) {
      return null;
    }
    final RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    final VectorCompiler check = new VectorCompiler();
    RexNode condition = null;
    final List<RexNode> inputs = new ArrayList<>();
    if (program != null) {
      final RexLocalRef localCondition = program.getCondition();
      if (localCondition != null) {
        condition = RexUtil.expandSearch(rexBuilder, null,
            program.expandLocalRef(localCondition));
        if (condition.getType().getSqlTypeName() != SqlTypeName.BOOLEAN
            || !check.supports(condition)) {
          return null;
        }
      }
      for (RexLocalRef project : program.getProjectList()) {
        inputs.add(RexUtil.expandSearch(rexBuilder, null, program.expandLocalRef(project)));
      }
    } else {
      for (int i = 0; i < scan.getRowType().getFieldCount(); i++) {
        inputs.add(rexBuilder.makeInputRef(scan, i));
      }
    }
    final boolean[] used = new boolean[inputs.size()];
    final int[] keys = aggregate.getGroupSet().toArray();
    final SqlTypeName[] keyTypes = new SqlTypeName[keys.length];
    for (int k = 0; k < keys.length; k++) {
      used[keys[k]] = true;
      keyTypes[k] = inputs.get(keys[k]).getType().getSqlTypeName();
    }
    final List<AggregateCall> calls = new ArrayList<>();
    final List<String> described = new ArrayList<>();
    for (org.apache.calcite.rel.core.AggregateCall call : aggregate.getAggCallList()) {
      final AggregateCall batch = toBatch(call, inputs);
      if (batch == null) {
        return null;
      }
      if (batch.argument() >= 0) {
        used[batch.argument()] = true;
      }
      calls.add(batch);
      described.add(call.toString());
    }
    for (int i = 0; i < inputs.size(); i++) {
      if (used[i] && !check.supports(inputs.get(i))) {
        return null;
      }
      if (!used[i]) {
        // Not computed: a placeholder that compiles and costs nothing.
        inputs.set(i, rexBuilder.makeNullLiteral(
            aggregate.getCluster().getTypeFactory().createSqlType(SqlTypeName.BIGINT)));
      }
    }
    // Read only the columns the filter and the used inputs refer to.
    final ImmutableBitSet.Builder referenced = ImmutableBitSet.builder();
    if (condition != null) {
      referenced.addAll(RelOptUtil.InputFinder.bits(condition));
    }
    for (RexNode node : inputs) {
      referenced.addAll(RelOptUtil.InputFinder.bits(node));
    }
    final int[] found = referenced.build().toArray();
    // A scan returns at least one column.
    final int[] columns = found.length == 0 ? new int[] {0} : found;
    final int fieldCount = scan.getRowType().getFieldCount();
    final Mappings.TargetMapping mapping = Mappings.target(
        (IntFunction<Integer>) i -> Arrays.binarySearch(columns, i) >= 0
            ? Arrays.binarySearch(columns, i) : null,
        fieldCount, columns.length);
    final RexPermuteInputsShuttle permute = new RexPermuteInputsShuttle(mapping);
    final RexNode narrowCondition = condition == null ? null : condition.accept(permute);
    final List<RexNode> narrowInputs = new ArrayList<>();
    for (RexNode node : inputs) {
      narrowInputs.add(node.accept(permute));
    }
    final int[] projection = new int[columns.length];
    final List<String> names = new ArrayList<>();
    for (int c = 0; c < columns.length; c++) {
      projection[c] = scan.plan().projection()[columns[c]];
      names.add(scan.getRowType().getFieldNames().get(columns[c]));
    }
    final ScanPlan narrow = scan.plan().withProjection(projection);
    final BatchAggregatePlan plan = new BatchAggregatePlan(narrow, narrowCondition,
        narrowInputs, keys, keyTypes, calls, blockPredicates(narrowCondition, narrow),
        parameterBounds(narrowCondition, narrow));
    return new SorrelBatchAggregate(aggregate.getCluster(), aggregate.getTraitSet(),
        scan.relOptTable(), plan, aggregate.getRowType(), names,
        described, aggregate.estimateRowCount(aggregate.getCluster().getMetadataQuery()));
  }

  private static @Nullable AggregateCall toBatch(org.apache.calcite.rel.core.AggregateCall call,
      List<RexNode> inputs) {
    if (call.isDistinct() || call.hasFilter() || call.isApproximate()
        || !call.getCollation().equals(RelCollations.EMPTY) || call.getArgList().size() > 1) {
      return null;
    }
    final SqlKind kind = call.getAggregation().getKind();
    final SqlTypeName result = call.getType().getSqlTypeName();
    if (call.getArgList().isEmpty()) {
      return kind == SqlKind.COUNT
          ? new AggregateCall(AggregateCall.Function.COUNT, -1, null, result) : null;
    }
    final int argument = call.getArgList().get(0);
    final SqlTypeName type = inputs.get(argument).getType().getSqlTypeName();
    final Vec.Kind argumentKind = VectorCompiler.kindOf(inputs.get(argument).getType());
    if (argumentKind == null) {
      return null;
    }
    final AggregateCall.Function function;
    if (kind == SqlKind.COUNT) {
      function = AggregateCall.Function.COUNT;
    } else if (kind == SqlKind.SUM || kind == SqlKind.SUM0) {
      function = kind == SqlKind.SUM ? AggregateCall.Function.SUM : AggregateCall.Function.SUM0;
      final boolean integral = (result == SqlTypeName.INTEGER || result == SqlTypeName.BIGINT)
          && (type == SqlTypeName.INTEGER || type == SqlTypeName.SMALLINT
              || type == SqlTypeName.TINYINT || type == result);
      if (!integral && !(result == SqlTypeName.DOUBLE && type == SqlTypeName.DOUBLE)) {
        return null;
      }
    } else if (kind == SqlKind.MIN || kind == SqlKind.MAX) {
      function = kind == SqlKind.MIN ? AggregateCall.Function.MIN : AggregateCall.Function.MAX;
      if (result != type) {
        return null;
      }
    } else {
      return null;
    }
    return new AggregateCall(function, argument, argumentKind, result);
  }

  /** The integral SQL types, whose columns a segment holds as longs. */
  static final Set<SqlTypeName> INTEGRAL = EnumSet.of(SqlTypeName.TINYINT,
      SqlTypeName.SMALLINT, SqlTypeName.INTEGER, SqlTypeName.BIGINT);

  /** The conjuncts of the filter that a block's statistics can rule out. */
  static List<BlockPredicate> blockPredicates(@Nullable RexNode condition, ScanPlan scan) {
    final List<BlockPredicate> predicates = new ArrayList<>();
    for (RexCall call : conjuncts(condition)) {
      if (call.getKind() == SqlKind.IS_NOT_NULL) {
        final RexInputRef ref = (RexInputRef) call.getOperands().get(0);
        predicates.add(new BlockPredicate.NotNull(scan.projection()[ref.getIndex()]));
        continue;
      }
      final RexInputRef ref = (RexInputRef) operand(call, 0);
      if (!(operand(call, 1) instanceof RexLiteral literal) || literal.isNull()) {
        continue;
      }
      final int column = scan.projection()[ref.getIndex()];
      final BlockPredicate predicate = predicate(columnFirst(call), column,
          ref.getType().getSqlTypeName(), literal);
      predicates.add(predicate != null ? predicate : new BlockPredicate.NotNull(column));
    }
    return predicates;
  }

  /**
   * The conjuncts of the filter that compare a column with a parameter and that a block's
   * statistics can rule out once the parameter's value is known: an integral column against
   * an integral parameter, a DOUBLE column against a numeric one.
   */
  static List<ParameterBound> parameterBounds(@Nullable RexNode condition, ScanPlan scan) {
    final List<ParameterBound> bounds = new ArrayList<>();
    for (RexCall call : conjuncts(condition)) {
      if (call.getKind() == SqlKind.IS_NOT_NULL) {
        continue;
      }
      final RexInputRef ref = (RexInputRef) operand(call, 0);
      if (!(operand(call, 1) instanceof RexDynamicParam parameter)) {
        continue;
      }
      final SqlTypeName type = ref.getType().getSqlTypeName();
      final SqlTypeName parameterType = parameter.getType().getSqlTypeName();
      final boolean bounded = INTEGRAL.contains(type) ? INTEGRAL.contains(parameterType)
          : type == SqlTypeName.DOUBLE && (parameterType == SqlTypeName.DOUBLE
              || INTEGRAL.contains(parameterType));
      if (bounded) {
        bounds.add(new ParameterBound(columnFirst(call), scan.projection()[ref.getIndex()], type,
            parameter.getIndex()));
      }
    }
    return bounds;
  }

  /**
   * The conjuncts that may bound a column: {@code column IS NOT NULL}, and comparisons of a
   * column with a literal or a parameter (either side).
   */
  private static List<RexCall> conjuncts(@Nullable RexNode condition) {
    final List<RexCall> calls = new ArrayList<>();
    if (condition == null) {
      return calls;
    }
    for (RexNode conjunct : RelOptUtil.conjunctions(condition)) {
      if (!(conjunct instanceof RexCall call)) {
        continue;
      }
      if (call.getKind() == SqlKind.IS_NOT_NULL) {
        if (call.getOperands().get(0) instanceof RexInputRef) {
          calls.add(call);
        }
        continue;
      }
      if (!call.getKind().belongsTo(SqlKind.COMPARISON) || call.getOperands().size() != 2) {
        continue;
      }
      final RexNode left = call.getOperands().get(0);
      final RexNode right = call.getOperands().get(1);
      if (left instanceof RexInputRef && isValue(right)
          || right instanceof RexInputRef && isValue(left)) {
        calls.add(call);
      }
    }
    return calls;
  }

  private static boolean isValue(RexNode node) {
    return node instanceof RexLiteral || node instanceof RexDynamicParam;
  }

  /** A comparison's operator as it reads with the column on the left. */
  private static SqlKind columnFirst(RexCall call) {
    return call.getOperands().get(0) instanceof RexInputRef ? call.getKind()
        : call.getKind().reverse();
  }

  /** A comparison's column ({@code index} 0) or value (1), on whichever side it is. */
  private static RexNode operand(RexCall call, int index) {
    final boolean swapped = !(call.getOperands().get(0) instanceof RexInputRef);
    return call.getOperands().get(swapped ? 1 - index : index);
  }

  private static @Nullable BlockPredicate predicate(SqlKind op, int column, SqlTypeName type,
      RexLiteral literal) {
    final SqlTypeName literalType = literal.getType().getSqlTypeName();
    final boolean integralLiteral = INTEGRAL.contains(literalType);
    if ((INTEGRAL.contains(type) && integralLiteral) || (type == literalType
        && (type == SqlTypeName.DATE || type == SqlTypeName.TIMESTAMP))) {
      return longRange(op, column, type == SqlTypeName.DATE
          ? literal.getValueAs(Integer.class) : literal.getValueAs(Long.class));
    }
    if (type == SqlTypeName.DOUBLE && (literalType == SqlTypeName.DOUBLE || integralLiteral)) {
      return doubleRange(op, column, literal.getValueAs(Double.class));
    }
    return null;
  }

  /** {@code column op c} for a column held as longs; null for an operator it cannot bound. */
  static @Nullable BlockPredicate longRange(SqlKind op, int column, long c) {
    // Strict bounds made inclusive; past the type's end, a range that holds nothing.
    if (op == SqlKind.EQUALS) {
      return new BlockPredicate.LongRange(column, c, c);
    } else if (op == SqlKind.LESS_THAN) {
      return c == Long.MIN_VALUE ? new BlockPredicate.LongRange(column, 1, 0)
          : new BlockPredicate.LongRange(column, Long.MIN_VALUE, c - 1);
    } else if (op == SqlKind.LESS_THAN_OR_EQUAL) {
      return new BlockPredicate.LongRange(column, Long.MIN_VALUE, c);
    } else if (op == SqlKind.GREATER_THAN) {
      return c == Long.MAX_VALUE ? new BlockPredicate.LongRange(column, 1, 0)
          : new BlockPredicate.LongRange(column, c + 1, Long.MAX_VALUE);
    } else if (op == SqlKind.GREATER_THAN_OR_EQUAL) {
      return new BlockPredicate.LongRange(column, c, Long.MAX_VALUE);
    }
    return null;
  }

  /** {@code column op c} for a DOUBLE column; null for an operator it cannot bound. */
  static @Nullable BlockPredicate doubleRange(SqlKind op, int column, double c) {
    final double inf = Double.POSITIVE_INFINITY;
    if (op == SqlKind.EQUALS) {
      return new BlockPredicate.DoubleRange(column, c, true, c, true);
    } else if (op == SqlKind.LESS_THAN || op == SqlKind.LESS_THAN_OR_EQUAL) {
      return new BlockPredicate.DoubleRange(column, -inf, true, c,
          op == SqlKind.LESS_THAN_OR_EQUAL);
    } else if (op == SqlKind.GREATER_THAN || op == SqlKind.GREATER_THAN_OR_EQUAL) {
      return new BlockPredicate.DoubleRange(column, c, op == SqlKind.GREATER_THAN_OR_EQUAL,
          inf, true);
    }
    return null;
  }
}
