package dev.sorrel.sql.schema;


import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;

/**
 * Supplies column defaults to INSERT: a column declared with
 * {@code DEFAULT expr} gets that expression, re-parsed from the text the
 * catalog stores, whenever an INSERT leaves the column out. An identity
 * column left out gets NULL, which the engine replaces by the column's next
 * value as it inserts the row.
 */
final class ColumnDefaults extends NullInitializerExpressionFactory {
  private final Table table;

  ColumnDefaults(Table table) {
    this.table = table;
  }

  @Override public ColumnStrategy generationStrategy(RelOptTable relOptTable, int iColumn) {
    final ColumnDef column = table.columns().get(iColumn);
    if (column.defaultSql() != null || column.hasIdentity()) {
      return ColumnStrategy.DEFAULT;
    }
    return column.nullable() ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE;
  }

  @Override public RexNode newColumnDefaultValue(RelOptTable relOptTable, int iColumn,
      InitializerContext context) {
    final ColumnDef column = table.columns().get(iColumn);
    if (column.hasIdentity()) {
      return context.getRexBuilder().makeNullLiteral(
          relOptTable.getRowType().getFieldList().get(iColumn).getType());
    }
    if (column.defaultSql() == null) {
      return super.newColumnDefaultValue(relOptTable, iColumn, context);
    }
    final SqlNode expression = context.parseExpression(SqlParser.config(), column.defaultSql());
    final RexNode value = context.convertExpression(expression);
    return context.getRexBuilder().makeCast(
        relOptTable.getRowType().getFieldList().get(iColumn).getType(), value, true, false);
  }

}
