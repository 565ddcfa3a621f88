package dev.sorrel.sql.rel;

import java.util.Arrays;
import java.util.List;

import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.RexToLixTranslator;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexProgramBuilder;

/**
 * Generated code that reads a query's parameters the way Calcite's generated
 * code reads them for its own expressions, in their declared types (a
 * parameter declared {@code VARCHAR(2)} is truncated, one declared
 * {@code SMALLINT} wraps, one declared {@code REAL} is a float), so that an
 * operator that evaluates the same expressions itself compares the same
 * values as the row path would.
 */
public final class ParameterValues {
  private ParameterValues() {
  }

  /**
   * An {@code Object[]} expression of the parameters' values, indexed by
   * parameter index ({@code null} where a parameter is not among {@code parameters}).
   */
  public static Expression of(EnumerableRelImplementor implementor, BlockBuilder block,
      RexBuilder rexBuilder, List<RexDynamicParam> parameters) {
    final RelDataTypeFactory typeFactory = rexBuilder.getTypeFactory();
    final RexProgramBuilder program = new RexProgramBuilder(typeFactory.builder().build(),
        rexBuilder);
    int size = 0;
    for (RexDynamicParam parameter : parameters) {
      program.addProject(parameter, "?" + parameter.getIndex());
      size = Math.max(size, parameter.getIndex() + 1);
    }
    final List<Expression> read = RexToLixTranslator.translateProjects(program.getProgram(),
        implementor.getTypeFactory(), implementor.getConformance(), block, null,
        implementor.getRootExpression(), (list, index, storageType) -> {
          throw new AssertionError("a parameter has no input");
        }, null);
    final Expression[] values = new Expression[size];
    Arrays.fill(values, Expressions.constant(null));
    for (int i = 0; i < parameters.size(); i++) {
      values[parameters.get(i).getIndex()] = Expressions.box(read.get(i));
    }
    return Expressions.newArrayInit(Object.class, values);
  }
}
