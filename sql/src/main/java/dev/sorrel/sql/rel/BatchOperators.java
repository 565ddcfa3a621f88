package dev.sorrel.sql.rel;

import java.lang.reflect.Method;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.SingleRel;

/**
 * Code generation shared by Sorrel's single-input operators (PREDICT, ASOF
 * JOIN, lookup join): each runs as one static runtime method that takes its
 * plan, the query's data context and its input rows, and returns its output
 * rows as {@code Object[]}.
 */
public final class BatchOperators {
  private BatchOperators() {
  }

  /**
   * Implements {@code rel} as {@code runtime(plan, root, input rows)}.
   *
   * @param runtime a static method {@code (P, DataContext, Enumerable) -> Enumerable<Object[]>}
   * @param plan the operator's plan, stashed into the generated code
   */
  public static <P> EnumerableRel.Result implement(SingleRel rel,
      EnumerableRelImplementor implementor, Method runtime, P plan, Class<P> planClass) {
    final BlockBuilder builder = new BlockBuilder();
    final EnumerableRel.Result input = implementor.visitChild((EnumerableRel) rel, 0,
        (EnumerableRel) rel.getInput(), EnumerableRel.Prefer.ARRAY);
    final Expression rows = builder.append("rows", input.block);
    builder.add(Expressions.return_(null, Expressions.call(runtime,
        implementor.stash(plan, planClass), implementor.getRootExpression(), rows)));
    final PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), rel.getRowType(),
        JavaRowFormat.ARRAY, false);
    return implementor.result(physType, builder.toBlock());
  }
}
