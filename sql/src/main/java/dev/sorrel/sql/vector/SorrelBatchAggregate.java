package dev.sorrel.sql.vector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlExplainLevel;

import dev.sorrel.sql.rel.ParameterValues;

/**
 * An aggregate over a filtered, projected full scan of a table, run on the
 * batch path ({@link BatchAggregateRuntime}) instead of Calcite's row-at-a-
 * time operators. EXPLAIN shows the whole subtree it replaces in one line:
 * the table, the filter and the aggregate's inputs over the scanned columns,
 * the groups and aggregates, and which batches it would read now
 * ({@code batches=[segment (...)]}, or {@code batches=[rows (...)]} where no
 * segment is usable).
 */
public final class SorrelBatchAggregate extends AbstractRelNode implements EnumerableRel {
  private final RelOptTable table;
  private final BatchAggregatePlan plan;
  private final List<String> columns;
  private final List<String> aggregates;
  private final double rows;

  SorrelBatchAggregate(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      BatchAggregatePlan plan, RelDataType rowType, List<String> columns,
      List<String> aggregates, double rows) {
    super(cluster, traits);
    this.table = table;
    this.plan = plan;
    this.rowType = rowType;
    this.columns = List.copyOf(columns);
    this.aggregates = List.copyOf(aggregates);
    this.rows = rows;
  }

  public BatchAggregatePlan plan() {
    return plan;
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SorrelBatchAggregate(getCluster(), traitSet, table, plan, rowType, columns,
        aggregates, rows);
  }

  @Override protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return rows;
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    final List<String> keys = new ArrayList<>();
    for (int key : plan.keys()) {
      keys.add("$" + key);
    }
    final RelWriter writer = super.explainTerms(pw)
        .item("table", table.getQualifiedName())
        .item("columns", columns)
        .itemIf("condition", plan.condition(), plan.condition() != null)
        .item("inputs", plan.inputs())
        .item("group", keys)
        .item("aggregates", aggregates);
    // Not part of the digest: it describes the data at EXPLAIN time, not the plan.
    if (pw.getDetailLevel() != SqlExplainLevel.DIGEST_ATTRIBUTES) {
      final String segment = plan.scan().table().database().tableSegments()
          .describe(plan.scan().table());
      writer.item("batches", segment.startsWith("stale") || segment.equals("none")
          ? "rows (segment " + segment + ")" : "segment (" + segment + ")");
    }
    return writer;
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    // One column travels as the bare value, as Calcite's operators expect it.
    final boolean scalar = getRowType().getFieldCount() == 1;
    final PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        scalar ? JavaRowFormat.SCALAR : JavaRowFormat.ARRAY, false);
    final BlockBuilder block = new BlockBuilder();
    // The parameters as the row path's generated code reads them (declared types, truncation).
    final List<RexDynamicParam> parameters = parameters();
    block.add(Expressions.call(scalar ? BatchAggregateRuntime.AGGREGATE_SCALAR
        : BatchAggregateRuntime.AGGREGATE,
        implementor.stash(plan, BatchAggregatePlan.class), implementor.getRootExpression(),
        parameters.isEmpty() ? Expressions.constant(null, Object[].class)
            : ParameterValues.of(implementor, block, getCluster().getRexBuilder(), parameters)));
    return implementor.result(physType, block.toBlock());
  }

  /** The dynamic parameters the filter and the aggregate inputs read, one per index. */
  private List<RexDynamicParam> parameters() {
    final Map<Integer, RexDynamicParam> found = new TreeMap<>();
    final RexVisitorImpl<Void> visitor = new RexVisitorImpl<>(true) {
      @Override public Void visitDynamicParam(RexDynamicParam parameter) {
        found.putIfAbsent(parameter.getIndex(), parameter);
        return null;
      }
    };
    if (plan.condition() != null) {
      plan.condition().accept(visitor);
    }
    for (RexNode input : plan.inputs()) {
      input.accept(visitor);
    }
    return List.copyOf(found.values());
  }
}
