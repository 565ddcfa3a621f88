package dev.sorrel.sql.rel;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;

/**
 * Makes a cast of a nullable value to a NOT NULL type in a branch of a {@code CASE} nullable,
 * keeping the {@code CASE}'s own type.
 *
 * <p>Calcite 1.42 types {@code CASE WHEN x IS NOT NULL THEN x ELSE y END} (and so
 * {@code COALESCE(x, y)}) as NOT NULL when {@code y} is, and converts the branch {@code x} of
 * another type into {@code CAST(x AS t NOT NULL)}: right inside the CASE, which only takes the
 * branch when {@code x} is not NULL. But its simplifier later turns a comparison with the CASE
 * into {@code (x IS NOT NULL AND k > CAST(x)) OR (x IS NULL AND k > y)} and, the cast being
 * typed NOT NULL, drops the first {@code x IS NOT NULL}; the generated code then casts a NULL
 * {@code x} to 0, and {@code WHERE 9 > COALESCE(si, id)} kept every row whose {@code si} is
 * NULL (a wrong answer found by the fuzz suite's ternary logic partitioning). With the cast
 * nullable, dropping the test is right: a NULL {@code x} gives a NULL comparison, which no
 * filter keeps. This runs on the converted plan, before anything is simplified.
 */
public final class CaseBranchCasts extends RexShuttle {
  private final RexBuilder rexBuilder;

  private CaseBranchCasts(RexBuilder rexBuilder) {
    this.rexBuilder = rexBuilder;
  }

  /** Returns {@code rel} with the branches of every CASE in it (and below it) rewritten. */
  public static RelNode apply(RelNode rel) {
    final CaseBranchCasts casts = new CaseBranchCasts(rel.getCluster().getRexBuilder());
    return rel.accept(new RelHomogeneousShuttle() {
      @Override public RelNode visit(RelNode other) {
        return super.visit(other).accept(casts);
      }
    });
  }

  @Override public RexNode visitCall(RexCall call) {
    final RexNode visited = super.visitCall(call);
    if (!(visited instanceof RexCall caseCall) || caseCall.getKind() != SqlKind.CASE) {
      return visited;
    }
    final List<RexNode> operands = new ArrayList<>(caseCall.getOperands());
    boolean changed = false;
    for (int i = 0; i < operands.size(); i++) {
      final boolean branch = i % 2 == 1 || i == operands.size() - 1; // THEN values and ELSE
      final RexNode operand = operands.get(i);
      if (branch && operand.getKind() == SqlKind.CAST && !operand.getType().isNullable()
          && ((RexCall) operand).getOperands().get(0).getType().isNullable()) {
        final RelDataType nullable = rexBuilder.getTypeFactory()
            .createTypeWithNullability(operand.getType(), true);
        operands.set(i, rexBuilder.makeCast(nullable, ((RexCall) operand).getOperands().get(0),
            true, false));
        changed = true;
      }
    }
    return changed ? rexBuilder.makeCall(caseCall.getType(), caseCall.getOperator(), operands)
        : visited;
  }
}
