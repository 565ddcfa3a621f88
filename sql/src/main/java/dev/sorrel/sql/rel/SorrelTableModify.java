package dev.sorrel.sql.rel;

import java.util.List;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rex.RexNode;

import dev.sorrel.sql.runtime.ModifyPlan;
import dev.sorrel.sql.runtime.SorrelRuntime;
import dev.sorrel.sql.schema.SorrelTable;

/**
 * Applies INSERT, UPDATE or DELETE to a Sorrel table: consumes its input
 * rows and writes them in one transaction, returning the row count.
 */
public final class SorrelTableModify extends TableModify implements EnumerableRel {
  SorrelTableModify(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      Prepare.CatalogReader catalogReader, RelNode input, Operation operation,
      List<String> updateColumnList, List<RexNode> sourceExpressionList, boolean flattened) {
    super(cluster, traits, table, catalogReader, input, operation, updateColumnList,
        sourceExpressionList, flattened);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SorrelTableModify(getCluster(), traitSet, getTable(), getCatalogReader(),
        sole(inputs), getOperation(), getUpdateColumnList(), getSourceExpressionList(),
        isFlattened());
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    final BlockBuilder builder = new BlockBuilder();
    final Result input = implementor.visitChild(this, 0, (EnumerableRel) getInput(),
        Prefer.ARRAY);
    final Expression rows = builder.append("rows", input.block);
    final SorrelTable target = getTable().unwrapOrThrow(SorrelTable.class);
    final List<String> updated = getUpdateColumnList();
    final int[] updateColumns = updated == null ? new int[0]
        : updated.stream().mapToInt(name ->
            getTable().getRowType().getFieldNames().indexOf(name)).toArray();
    final ModifyPlan plan = new ModifyPlan(target.table(), getOperation(), updateColumns);
    builder.add(Expressions.return_(null, Expressions.call(SorrelRuntime.MODIFY,
        implementor.stash(plan, ModifyPlan.class), implementor.getRootExpression(), rows)));
    final PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        pref.prefer(org.apache.calcite.adapter.enumerable.JavaRowFormat.SCALAR));
    return implementor.result(physType, builder.toBlock());
  }

  /** Converts a logical modification of a Sorrel table into this operator. */
  static final class Rule extends org.apache.calcite.rel.convert.ConverterRule {
    static final Rule INSTANCE = new Rule();

    private Rule() {
      super(Config.INSTANCE.withConversion(org.apache.calcite.rel.logical.LogicalTableModify.class,
          modify -> modify.getTable().unwrap(SorrelTable.class) != null,
          org.apache.calcite.plan.Convention.NONE, EnumerableConvention.INSTANCE,
          "SorrelTableModifyRule"));
    }

    @Override public RelNode convert(RelNode rel) {
      final TableModify modify = (TableModify) rel;
      final RelTraitSet traits = modify.getTraitSet().replace(EnumerableConvention.INSTANCE);
      return new SorrelTableModify(modify.getCluster(), traits, modify.getTable(),
          modify.getCatalogReader(),
          convert(modify.getInput(), modify.getInput().getTraitSet()
              .replace(EnumerableConvention.INSTANCE)),
          modify.getOperation(), modify.getUpdateColumnList(),
          modify.getSourceExpressionList(), modify.isFlattened());
    }
  }
}
