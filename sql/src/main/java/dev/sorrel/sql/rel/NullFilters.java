package dev.sorrel.sql.rel;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Folds, in each filter's condition, a comparison that simplification leaves with a NULL
 * operand to NULL: {@code CASE WHEN 1 = 2 THEN 5 ELSE CAST(NULL AS INTEGER) END <> x.id}
 * becomes {@code NULL} (no row passes), where Calcite's simplifier stops at
 * {@code NULL <> x.id}.
 *
 * <p>Calcite 1.42's RexSimplify reduces the constant CASE to its typed NULL branch but does
 * not simplify the comparison around it again; the filter that Calcite's field trimming
 * rebuilds then holds a comparison with a NULL literal, and the first metadata query over it
 * (the predicates pulled up from a filter, which DISTINCT asks for) fails with
 * {@code AssertionError: Comparison with NULL in pulledUpPredicates} (XX000). This runs on
 * the converted plan before the trimming.
 *
 * <p>It also rewrites {@code (x AND NULL) IS NULL} as {@code x IS NOT FALSE} (and the other
 * three forms of {@code IS [NOT] NULL} over {@code AND} or {@code OR} with NULL operands, see
 * {@link #nullTest}), in filters and join conditions: a condition of that form pushed into a
 * hash join's predicate is compiled by Calcite 1.42 into a method returning {@code Object},
 * which the generated class then fails to compile ("must implement method ... boolean
 * apply", XX000).
 */
public final class NullFilters extends RelShuttleImpl {
  private NullFilters() {
  }

  /** Returns {@code rel} with the conditions of the filters below it folded. */
  public static RelNode apply(RelNode rel) {
    return rel.accept(new NullFilters());
  }

  @Override public RelNode visit(LogicalFilter filter) {
    final LogicalFilter visited = (LogicalFilter) super.visit(filter);
    final RexNode condition = fold(visited.getCluster().getRexBuilder(),
        visited.getCondition());
    return condition == null ? visited
        : visited.copy(visited.getTraitSet(), visited.getInput(), condition);
  }

  @Override public RelNode visit(LogicalJoin join) {
    final LogicalJoin visited = (LogicalJoin) super.visit(join);
    final RexNode condition = fold(visited.getCluster().getRexBuilder(),
        visited.getCondition());
    return condition == null ? visited
        : visited.copy(visited.getTraitSet(), condition, visited.getLeft(),
            visited.getRight(), visited.getJoinType(), visited.isSemiJoinDone());
  }

  /** A condition's folded form, or null when folding changes nothing. */
  private static RexNode fold(RexBuilder rexBuilder, RexNode condition) {
    if (!holdsNull(condition)) {
      return null; // the usual case: nothing to fold, and nothing simplified twice
    }
    final RexSimplify simplify = new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY,
        RexUtil.EXECUTOR);
    final RexNode simplified = simplify.simplifyUnknownAsFalse(condition);
    final RexNode folded = new NullPropagationRule.Folder(rexBuilder)
        .apply(nullTests(rexBuilder, simplified));
    if (folded.equals(simplified)) {
      return null;
    }
    return simplify.simplifyUnknownAsFalse(folded);
  }

  /** Rewrites every {@link #nullTest} in an expression, bottom-up. */
  private static RexNode nullTests(RexBuilder rexBuilder, RexNode condition) {
    return condition.accept(new RexShuttle() {
      @Override public RexNode visitCall(RexCall call) {
        final RexNode visited = super.visitCall(call);
        return visited instanceof RexCall test ? nullTest(rexBuilder, test) : visited;
      }
    });
  }

  /**
   * {@code IS [NOT] NULL} over an {@code AND} or {@code OR} with NULL literal operands,
   * without the literals. {@code x AND NULL} is FALSE where {@code x} is and NULL otherwise,
   * {@code x OR NULL} TRUE where {@code x} is and NULL otherwise (also with several
   * {@code x}), so:
   * {@code (x AND NULL) IS NULL} is {@code x IS NOT FALSE},
   * {@code (x AND NULL) IS NOT NULL} is {@code x IS FALSE},
   * {@code (x OR NULL) IS NULL} is {@code x IS NOT TRUE} and
   * {@code (x OR NULL) IS NOT NULL} is {@code x IS TRUE}; with only NULL operands the test is
   * a constant. Any other call is returned as it is.
   */
  static RexNode nullTest(RexBuilder rexBuilder, RexCall call) {
    final boolean isNull = call.getKind() == SqlKind.IS_NULL;
    if (!isNull && call.getKind() != SqlKind.IS_NOT_NULL
        || !(call.getOperands().get(0) instanceof RexCall logical)
        || logical.getKind() != SqlKind.AND && logical.getKind() != SqlKind.OR) {
      return call;
    }
    final List<RexNode> rest = new ArrayList<>();
    for (RexNode operand : logical.getOperands()) {
      if (!RexUtil.isNullLiteral(operand, true)) {
        rest.add(operand);
      }
    }
    if (rest.size() == logical.getOperands().size()) {
      return call;
    }
    if (rest.isEmpty()) {
      return rexBuilder.makeLiteral(isNull);
    }
    final boolean and = logical.getKind() == SqlKind.AND;
    final SqlOperator test = and
        ? (isNull ? SqlStdOperatorTable.IS_NOT_FALSE : SqlStdOperatorTable.IS_FALSE)
        : (isNull ? SqlStdOperatorTable.IS_NOT_TRUE : SqlStdOperatorTable.IS_TRUE);
    return rexBuilder.makeCall(test, and ? RexUtil.composeConjunction(rexBuilder, rest)
        : RexUtil.composeDisjunction(rexBuilder, rest));
  }

  /** Whether an expression has a NULL literal in it. */
  private static boolean holdsNull(RexNode condition) {
    final boolean[] found = {false};
    condition.accept(new RexVisitorImpl<Void>(true) {
      @Override public Void visitLiteral(RexLiteral literal) {
        found[0] |= literal.isNull();
        return null;
      }
    });
    return found[0];
  }
}
