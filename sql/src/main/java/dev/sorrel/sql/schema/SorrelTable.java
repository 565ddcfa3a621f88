package dev.sorrel.sql.schema;

import java.lang.reflect.Type;
import java.util.List;

import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.linq4j.Queryable;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.prepare.Prepare;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ModifiableTable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.schema.Statistic;
import org.apache.calcite.schema.Statistics;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.impl.AbstractTableQueryable;
import org.apache.calcite.sql2rel.InitializerExpressionFactory;
import org.apache.calcite.util.ImmutableBitSet;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.rel.SorrelTableScan;
import dev.sorrel.sql.runtime.ScanPlan;
import dev.sorrel.sql.runtime.SorrelRuntime;

/**
 * An engine table as Calcite sees it. Scans become {@link SorrelTableScan}
 * (which the planner narrows to key lookups), and INSERT, UPDATE and DELETE
 * become a Sorrel write operator rather than Calcite's collection-based one.
 */
public final class SorrelTable extends AbstractTable implements TranslatableTable,
    ModifiableTable {
  private final Table table;

  public SorrelTable(Table table) {
    this.table = table;
  }

  public Table table() {
    return table;
  }

  /**
   * The row type queries see. Lengths of VARCHAR and VARBINARY columns are
   * left out: Calcite would cut a longer value to fit when assigning it,
   * where SQL requires an error, which the engine raises (22001) instead.
   */
  @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    final RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (ColumnDef column : table.columns()) {
      builder.add(column.name(), SqlTypes.relType(typeFactory, SqlTypes.withoutLength(column)));
    }
    return builder.build();
  }

  @Override public Statistic getStatistic() {
    final int[] key = table.keyColumns();
    if (key.length == 0) {
      return Statistics.UNKNOWN;
    }
    return Statistics.of(null, List.of(ImmutableBitSet.of(key)), null, null);
  }

  @Override public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    final boolean knownAt = context.getTableHints().stream()
        .anyMatch(hint -> hint.hintName.equalsIgnoreCase(dev.sorrel.sql.SorrelHints.KNOWN_AT));
    return SorrelTableScan.create(context.getCluster(), relOptTable, this, knownAt);
  }

  /**
   * Calcite's collection-based write path; never used, because the planner
   * rules turn every modification of a Sorrel table into a Sorrel operator.
   */
  @Override public java.util.@Nullable Collection getModifiableCollection() {
    return null;
  }

  @Override public Type getElementType() {
    return Object[].class;
  }

  @Override public Expression getExpression(SchemaPlus schema, String tableName, Class clazz) {
    return Schemas.tableExpression(schema, getElementType(), tableName, clazz);
  }

  /** A full scan as a queryable, for Calcite's linq4j-based callers. */
  @Override public <T> Queryable<T> asQueryable(QueryProvider queryProvider, SchemaPlus schema,
      String tableName) {
    return new AbstractTableQueryable<T>(queryProvider, schema, this, tableName) {
      @SuppressWarnings("unchecked")
      @Override public Enumerator<T> enumerator() {
        final Table engineTable = SorrelTable.this.table;
        final int[] all = new int[engineTable.columns().size()];
        for (int i = 0; i < all.length; i++) {
          all[i] = i;
        }
        return (Enumerator<T>) (Enumerator<?>) SorrelRuntime.scan(
            ScanPlan.full(engineTable, all), null)
            .enumerator();
      }
    };
  }

  @Override public TableModify toModificationRel(RelOptCluster cluster, RelOptTable relOptTable,
      Prepare.CatalogReader catalogReader, RelNode child, TableModify.Operation operation,
      @Nullable List<String> updateColumnList, @Nullable List<RexNode> sourceExpressionList,
      boolean flattened) {
    return LogicalTableModify.create(relOptTable, catalogReader, child, operation,
        updateColumnList, sourceExpressionList, flattened);
  }

  @Override public <C extends Object> @Nullable C unwrap(Class<C> aClass) {
    if (aClass.isAssignableFrom(InitializerExpressionFactory.class)) {
      return aClass.cast(new ColumnDefaults(table));
    }
    return super.unwrap(aClass);
  }

  @Override public String toString() {
    return "SorrelTable(" + table.name() + ")";
  }
}
