package dev.sorrel.sql.lookup;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.metadata.RelMdUtil;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.rel.RuleConfig;
import dev.sorrel.sql.rel.SorrelRules;
import dev.sorrel.sql.rel.SorrelTableScan;
import dev.sorrel.sql.rel.Widening;

/**
 * Offers the cost-based planner a lookup join for {@code left [LEFT] JOIN t
 * ON t.k1 = left.x [AND t.k2 = 'c' ...]}, where {@code t} is a table (not an
 * online one) read by a scan, possibly under a filter: each left row probes
 * {@code t} by the leading columns of its primary key or of one of its
 * indexes, instead of the join reading all of {@code t} (or the part its own
 * conditions select) and hashing it. The probe's values are the join's
 * equalities with left expressions and the equalities of {@code t}'s
 * columns with constants or parameters, wherever they are written (in
 * {@code ON}, or in {@code WHERE} and pushed down to {@code t}'s filter);
 * the longest key prefix they fix is probed, the primary key's on a tie.
 * Every other condition is applied to the joined rows, above the lookup.
 *
 * <p>The planner takes the lookup join when it costs less: a probe costs a
 * few sequential row reads ({@link SorrelLookupJoin#PROBE_COST}), so it wins
 * when the left side is small against what the other plans read of
 * {@code t}, which the scans estimate from the table's entries.
 *
 * <p>A {@code LEFT JOIN} is rewritten only when every condition is part of
 * the probe: a condition left over would have to decide, per left row,
 * whether a match exists before NULLs are padded, which a filter above the
 * join cannot. Such joins keep their plan.
 */
public final class TableLookupJoinRule extends RelRule<RuleConfig> {
  /** The right side is a filtered scan. */
  public static final RelOptRule FILTERED = RuleConfig.of("SorrelTableLookupJoin:filtered",
      b0 -> b0.operand(LogicalJoin.class).inputs(
          b1 -> b1.operand(RelNode.class).anyInputs(),
          b1 -> b1.operand(LogicalFilter.class).oneInput(b2 ->
              b2.operand(SorrelTableScan.class).predicate(TableLookupJoinRule::probeable)
                  .noInputs())),
      TableLookupJoinRule::new).toRule();

  /** The right side is a scan. */
  public static final RelOptRule PLAIN = RuleConfig.of("SorrelTableLookupJoin:plain",
      b0 -> b0.operand(LogicalJoin.class).inputs(
          b1 -> b1.operand(RelNode.class).anyInputs(),
          b1 -> b1.operand(SorrelTableScan.class).predicate(TableLookupJoinRule::probeable)
              .noInputs()),
      TableLookupJoinRule::new).toRule();

  private TableLookupJoinRule(RuleConfig config) {
    super(config);
  }

  /** A scan of every row of a table that is not a feature view's online table. */
  private static boolean probeable(SorrelTableScan scan) {
    final Table table = scan.sorrelTable().table();
    return scan.plan().isFull() && !scan.knownAt()
        && table.database().catalog().onlineViewOf(table) == null;
  }

  /** An expression over the left side that a probe compares a right column with. */
  private record Binding(int column, RexNode value, RexNode conjunct, boolean fromLeft) {
  }

  @Override public void onMatch(RelOptRuleCall call) {
    final LogicalJoin join = call.rel(0);
    final boolean filtered = call.rels.length == 4;
    final LogicalFilter filter = filtered ? call.rel(2) : null;
    final SorrelTableScan scan = call.rel(filtered ? 3 : 2);
    if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT) {
      return;
    }
    final boolean inner = join.getJoinType() == JoinRelType.INNER;
    final Table table = scan.sorrelTable().table();
    final int[] projection = scan.plan().projection();
    final RelNode left = join.getLeft();
    final int leftCount = left.getRowType().getFieldCount();

    final List<RexNode> joinConjuncts = RelOptUtil.conjunctions(join.getCondition());
    final List<RexNode> filterConjuncts = filter == null ? List.of()
        : RelOptUtil.conjunctions(filter.getCondition());
    final List<Binding> bindings = new ArrayList<>();
    for (RexNode conjunct : joinConjuncts) {
      final Binding binding = binding(conjunct, leftCount, projection, scan);
      if (binding != null) {
        bindings.add(binding);
      }
    }
    for (RexNode conjunct : filterConjuncts) {
      final Binding binding = binding(conjunct, 0, projection, scan);
      if (binding != null && !binding.fromLeft()) {
        bindings.add(binding);
      }
    }

    // The primary key, then each index: the longest prefix wins, the first on a tie.
    IndexDef bestIndex = null;
    List<Binding> best = prefix(table.keyColumns(), bindings);
    final boolean wholeKey = best.size() == table.keyColumns().length && !best.isEmpty();
    if (!wholeKey) {
      for (IndexDef index : table.indexes()) {
        final int[] columns = index.columns().stream().mapToInt(Integer::intValue).toArray();
        final List<Binding> candidate = prefix(columns, bindings);
        if (candidate.size() > best.size()) {
          best = candidate;
          bestIndex = index;
        }
      }
    }
    if (best.stream().noneMatch(Binding::fromLeft)) {
      return; // the same rows for every left row: not a lookup
    }
    final List<RexNode> used = best.stream().map(Binding::conjunct).toList();
    final int keyCount = best.size();
    final List<RexNode> residual = new ArrayList<>();
    final RexBuilder rex = join.getCluster().getRexBuilder();
    for (RexNode conjunct : joinConjuncts) {
      if (!containsIdentity(used, conjunct)) {
        residual.add(RexUtil.shift(conjunct, leftCount, keyCount));
      }
    }
    for (RexNode conjunct : filterConjuncts) {
      if (!containsIdentity(used, conjunct)) {
        residual.add(RexUtil.shift(conjunct, 0, leftCount + keyCount));
      }
    }
    residual.removeIf(RexNode::isAlwaysTrue);
    if (!inner && !residual.isEmpty()) {
      return;
    }

    final RelDataTypeFactory types = join.getCluster().getTypeFactory();
    final List<RexNode> leftProjects = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    for (RelDataTypeField field : left.getRowType().getFieldList()) {
      leftProjects.add(rex.makeInputRef(left, field.getIndex()));
      names.add(field.getName());
    }
    final int[] keyFields = new int[keyCount];
    for (int i = 0; i < keyCount; i++) {
      final Binding binding = best.get(i);
      final RelDataType keyType = types.createTypeWithNullability(
          columnType(scan, binding.column()), binding.value().getType().isNullable());
      keyFields[i] = leftProjects.size();
      leftProjects.add(binding.value().getType().equals(keyType) ? binding.value()
          : rex.makeCast(keyType, binding.value(), true, false));
      names.add("$key" + i);
    }
    final RelNode probes = LogicalProject.create(left, List.of(), leftProjects, names, Set.of());
    final RelDataTypeFactory.Builder output = types.builder();
    output.addAll(probes.getRowType().getFieldList());
    for (RelDataTypeField field : scan.getRowType().getFieldList()) {
      output.add(field.getName(), inner ? field.getType()
          : types.createTypeWithNullability(field.getType(), true));
    }
    RelNode lookup = LogicalLookupJoin.create(probes,
        new LookupJoinPlan(table, projection, keyFields, inner, false, bestIndex),
        output.uniquify().build(),
        SorrelRules.filteredRows(call.getMetadataQuery(),
            filter == null ? null : filter.getCondition(), scan),
        RelMdUtil.guessSelectivity(join.getCondition()));
    if (!residual.isEmpty()) {
      lookup = LogicalFilter.create(lookup, RexUtil.composeConjunction(rex, residual));
    }
    final List<RexNode> projects = new ArrayList<>();
    final List<RelDataTypeField> target = join.getRowType().getFieldList();
    for (int i = 0; i < target.size(); i++) {
      final RexNode ref = rex.makeInputRef(lookup, i < leftCount ? i : i + keyCount);
      projects.add(ref.getType().equals(target.get(i).getType()) ? ref
          : rex.makeCast(target.get(i).getType(), ref, true, false));
    }
    call.transformTo(LogicalProject.create(lookup, List.of(), projects,
        join.getRowType().getFieldNames(), Set.of()));
  }

  /**
   * The binding a conjunct states: {@code right column = expression} where
   * the expression reads only the left side's fields (below {@code leftCount};
   * none for a filter's conjunct, which must compare with a constant or a
   * parameter), and converts to the column's type without changing a value.
   * Null if the conjunct is anything else.
   */
  private static Binding binding(RexNode conjunct, int leftCount, int[] projection,
      SorrelTableScan scan) {
    if (!conjunct.isA(SqlKind.EQUALS)) {
      return null;
    }
    final List<RexNode> operands = ((RexCall) conjunct).getOperands();
    for (int side = 0; side < 2; side++) {
      final RexNode candidate = operands.get(side);
      final RexNode other = operands.get(1 - side);
      if (!(candidate instanceof RexInputRef ref) || ref.getIndex() < leftCount) {
        continue;
      }
      final ImmutableBitSet read = RelOptUtil.InputFinder.bits(other);
      if (read.length() > leftCount || !RexUtil.isDeterministic(other)
          || RexUtil.containsCorrelation(other)
          || (other instanceof RexLiteral literal && literal.isNull())) {
        continue;
      }
      final int field = ref.getIndex() - leftCount;
      final int column = projection[field];
      final RelDataType columnType = scan.getRowType().getFieldList().get(field).getType();
      if (!Widening.widens(other.getType(), columnType)) {
        continue;
      }
      return new Binding(column, other, conjunct, !read.isEmpty());
    }
    return null;
  }

  /** The bindings of the longest prefix of {@code columns} that all have one. */
  private static List<Binding> prefix(int[] columns, List<Binding> bindings) {
    final List<Binding> prefix = new ArrayList<>();
    for (int column : columns) {
      Binding found = null;
      for (Binding binding : bindings) {
        if (binding.column() == column) {
          found = binding;
          break;
        }
      }
      if (found == null) {
        break;
      }
      prefix.add(found);
    }
    return prefix;
  }

  private static boolean containsIdentity(List<RexNode> nodes, RexNode node) {
    for (RexNode n : nodes) {
      if (n == node) {
        return true;
      }
    }
    return false;
  }

  /** The SQL type of a table column, as the scan's table declares it. */
  private static RelDataType columnType(SorrelTableScan scan, int column) {
    return scan.relOptTable().getRowType().getFieldList().get(column).getType();
  }
}
