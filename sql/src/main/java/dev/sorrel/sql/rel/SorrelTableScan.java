package dev.sorrel.sql.rel;

import java.lang.reflect.Method;
import java.util.List;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.linq4j.tree.Types;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.AbstractRelNode;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.sql.SqlExplainLevel;

import dev.sorrel.engine.table.AccessPath;
import dev.sorrel.sql.runtime.ScanPlan;
import dev.sorrel.sql.runtime.SorrelRuntime;
import dev.sorrel.sql.schema.SorrelTable;

/**
 * Reads a Sorrel table: a full scan, a key-range scan or point lookups, as
 * its {@link ScanPlan} says, producing only the projected columns. EXPLAIN
 * shows the access path, e.g. {@code access=[point lookup ID = ?0]}, and
 * for a full or range scan of a table with a segment whether it would read
 * it now, e.g. {@code segment=[current (version 7, 1000 rows)]}. Its
 * traits carry the order its rows come in ({@link ScanCollation}), so a sort
 * by the primary key above it is dropped.
 *
 * <p>Not a Calcite {@code TableScan}: its output is the projected columns,
 * while Calcite's metadata for table scans (unique keys, column origins)
 * assumes a scan's columns are the table's, and would mislead the planner.
 */
public final class SorrelTableScan extends AbstractRelNode implements EnumerableRel {
  private static final Method WITH_PARAMETERS = Types.lookupMethod(ScanPlan.class,
      "withParameters", Object[].class);

  private final RelOptTable table;
  private final SorrelTable sorrelTable;
  private final ScanPlan plan;
  /** The parameters the plan's access path reads, with their declared types. */
  private final List<RexDynamicParam> parameters;
  private final boolean knownAt;
  /**
   * The rows the access path reads, estimated once and shared by the copies
   * that read the same path (the planner makes many, and asks each often).
   */
  private final RowEstimate estimate;

  SorrelTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      SorrelTable sorrelTable, ScanPlan plan, List<RexDynamicParam> parameters,
      boolean knownAt) {
    this(cluster, traits, table, sorrelTable, plan, parameters, knownAt,
        plan.isFull() ? new RowEstimate(null) : new RowEstimate(new RowEstimate(null)));
  }

  private SorrelTableScan(RelOptCluster cluster, RelTraitSet traits, RelOptTable table,
      SorrelTable sorrelTable, ScanPlan plan, List<RexDynamicParam> parameters,
      boolean knownAt, RowEstimate estimate) {
    super(cluster, traits);
    this.table = table;
    this.sorrelTable = sorrelTable;
    this.plan = plan;
    this.parameters = List.copyOf(parameters);
    this.knownAt = knownAt;
    this.estimate = estimate;
  }

  /**
   * The table size a scan's estimate assumes at least: below it, the
   * estimate is the access path's rule of thumb over this many rows. As
   * PostgreSQL assumes ten pages for a table it has not measured, this keeps
   * the plans of small tables stable (a few rows more or less must not flip
   * an index scan to a full one), while the counted figures decide between
   * the plans of tables large enough for the choice to matter.
   */
  static final double ASSUMED_ROWS = 20;

  /**
   * A scan's estimated row count, computed when first asked for: the whole
   * table's entries as counted (shared by the scans of one table reference),
   * and for a narrower path its own count, at most what the path's rule of
   * thumb gives over the counted table. The counts tell a selective path
   * (1,000 runs of 100,000) from a broad one; the cap keeps a path that reads
   * most of a table cheaper than a full scan, as the rules of thumb chose
   * before, where the two counts would tie.
   */
  private static final class RowEstimate {
    private final RowEstimate table;
    private double rows = -1;

    RowEstimate(RowEstimate table) {
      this.table = table;
    }

    double get(ScanPlan plan) {
      if (rows < 0) {
        final AccessPath access = plan.access();
        final double floor = access.estimatedRows(ASSUMED_ROWS);
        if (table == null || access.isFull()) {
          rows = Math.max(plan.table().estimateRows(access), floor);
        } else {
          final double whole = table.get(plan.withAccess(AccessPath.full()));
          rows = Math.max(Math.min(plan.table().estimateRows(access),
              access.estimatedRows(whole)), floor);
        }
      }
      return rows;
    }
  }

  /**
   * Creates a full scan.
   *
   * @param knownAt whether the query hinted {@code KNOWN_AT} on this table
   *     (see {@link dev.sorrel.sql.SorrelHints})
   */
  public static SorrelTableScan create(RelOptCluster cluster, RelOptTable relOptTable,
      SorrelTable table, boolean knownAt) {
    final int[] all = new int[table.table().columns().size()];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    final ScanPlan plan = ScanPlan.full(table.table(), all);
    return new SorrelTableScan(cluster, cluster.traitSetOf(EnumerableConvention.INSTANCE)
        .replace(ScanCollation.of(cluster, plan)), relOptTable, table, plan, List.of(), knownAt);
  }

  public SorrelTable sorrelTable() {
    return sorrelTable;
  }

  public ScanPlan plan() {
    return plan;
  }

  /** The table read, as the planner knows it. */
  public RelOptTable relOptTable() {
    return table;
  }

  /** Whether the query hinted {@code KNOWN_AT} on this table. */
  public boolean knownAt() {
    return knownAt;
  }

  /** The same scan with another projection. */
  SorrelTableScan withProjection(int[] projection) {
    return with(plan.withProjection(projection), parameters);
  }

  /**
   * The same scan reading only the rows of an access path.
   *
   * @param pathParameters the parameters the path reads
   */
  SorrelTableScan withAccess(AccessPath access, List<RexDynamicParam> pathParameters) {
    return with(plan.withAccess(access), pathParameters);
  }

  /** The same scan with another plan, in the order that plan reads rows. */
  private SorrelTableScan with(ScanPlan newPlan, List<RexDynamicParam> newParameters) {
    return new SorrelTableScan(getCluster(),
        getTraitSet().replace(ScanCollation.of(getCluster(), newPlan)), table, sorrelTable,
        newPlan, newParameters, knownAt,
        newPlan.access() == plan.access() ? estimate
            : new RowEstimate(estimate.table != null ? estimate.table : estimate));
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new SorrelTableScan(getCluster(), traitSet, table, sorrelTable, plan, parameters,
        knownAt, estimate);
  }

  @Override public RelDataType deriveRowType() {
    final List<RelDataTypeField> fields = table.getRowType().getFieldList();
    final RelDataTypeFactory.Builder builder = getCluster().getTypeFactory().builder();
    for (int column : plan.projection()) {
      builder.add(fields.get(column));
    }
    return builder.build();
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    final RelWriter writer = super.explainTerms(pw).item("table", table.getQualifiedName());
    if (plan.projection().length != table.getRowType().getFieldCount()) {
      writer.item("columns", getRowType().getFieldNames());
    }
    // Part of the digest: a hinted scan must not be merged with an unhinted one.
    writer.item("access", plan.describe()).itemIf("hint", "KNOWN_AT", knownAt);
    // Not part of the digest: it describes the data at EXPLAIN time, not the plan.
    if (pw.getDetailLevel() != SqlExplainLevel.DIGEST_ATTRIBUTES
        && plan.access().index() == null && plan.access().kind() != AccessPath.Kind.POINTS) {
      final String segment = plan.table().database().tableSegments().describe(plan.table());
      writer.itemIf("segment", segment, !segment.equals("none"));
    }
    return writer;
  }

  /**
   * The rows the access path reads, as the table estimates them from its
   * committed entries ({@link dev.sorrel.engine.table.Table#estimateRows}),
   * which lets the planner tell a selective condition from a broad one and a
   * small table from a large one (a lookup join pays only for a small outer side).
   */
  @Override public double estimateRowCount(RelMetadataQuery mq) {
    return estimate.get(plan);
  }

  /**
   * What reading the path costs, in rows: each row read whole (a key or full
   * scan reads the stored row), or through an index its entry (the indexed
   * columns and the key) and then, unless the entry holds every column the
   * scan returns, the row; plus decoding the returned columns. Widths are in
   * shares of the row's columns, so an index-only scan is cheaper than a scan
   * of as many rows, and a non-covering one dearer.
   */
  @Override public RelOptCost computeSelfCost(RelOptPlanner planner, RelMetadataQuery mq) {
    final double rows = estimateRowCount(mq);
    final double fields = table.getRowType().getFieldCount() + 2d;
    final double decoded = (plan.projection().length + 2d) / fields;
    final double read;
    if (plan.access().index() == null) {
      read = 1;
    } else {
      final double entry = (plan.access().index().columns().size()
          + plan.table().keyColumns().length + 2d) / fields;
      read = plan.table().readsEntriesOnly(plan.access(), plan.projection()) ? entry
          : entry + 1;
    }
    // Volcano compares costs by their row component first, so it all goes there.
    final double cost = rows * (read + decoded);
    return planner.getCostFactory().makeCost(cost, cost, cost);
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    final PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        pref.preferArray());
    final BlockBuilder block = new BlockBuilder();
    Expression boundPlan = implementor.stash(plan, ScanPlan.class);
    if (!parameters.isEmpty()) {
      boundPlan = Expressions.call(boundPlan, WITH_PARAMETERS,
          ParameterValues.of(implementor, block, getCluster().getRexBuilder(), parameters));
    }
    block.add(Expressions.call(SorrelRuntime.SCAN, boundPlan, implementor.getRootExpression()));
    return implementor.result(physType, block.toBlock());
  }
}
