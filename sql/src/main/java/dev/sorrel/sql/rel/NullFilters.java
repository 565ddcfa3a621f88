package dev.sorrel.sql.rel;

import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexSimplify;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rex.RexVisitorImpl;

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
    if (!holdsNull(visited.getCondition())) {
      return visited; // the usual case: nothing to fold, and nothing simplified twice
    }
    final RexBuilder rexBuilder = visited.getCluster().getRexBuilder();
    final RexSimplify simplify = new RexSimplify(rexBuilder, RelOptPredicateList.EMPTY,
        RexUtil.EXECUTOR);
    final RexNode simplified = simplify.simplifyUnknownAsFalse(visited.getCondition());
    final RexNode folded = new NullPropagationRule.Folder(rexBuilder).apply(simplified);
    if (folded.equals(simplified)) {
      return visited;
    }
    return visited.copy(visited.getTraitSet(), visited.getInput(),
        simplify.simplifyUnknownAsFalse(folded));
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
