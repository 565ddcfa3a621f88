package dev.sorrel.sql.lookup;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.rel.RuleConfig;
import dev.sorrel.sql.rel.SorrelTableScan;

/**
 * Plans {@code requests r [LEFT] JOIN online.v f ON f.key = r.x [AND ...]},
 * where the equalities cover the view's whole entity key, as a lookup join:
 * one get per request row, whatever the number of entities. Runs before
 * cost-based planning; any other join is left as it is.
 */
public final class LookupJoinRule extends RelRule<RuleConfig> {
  public static final RelOptRule INSTANCE = RuleConfig.of("SorrelLookupJoin",
      b -> b.operand(LogicalJoin.class).anyInputs(), LookupJoinRule::new).toRule();

  private LookupJoinRule(RuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    final LogicalJoin join = call.rel(0);
    if (join.getJoinType() != JoinRelType.INNER && join.getJoinType() != JoinRelType.LEFT) {
      return;
    }
    if (!(join.getRight().stripped() instanceof SorrelTableScan scan) || !scan.plan().isFull()
        || scan.knownAt()) {
      return;
    }
    final Table table = scan.sorrelTable().table();
    if (table.database().catalog().onlineViewOf(table) == null) {
      return;
    }
    final RelNode left = join.getLeft().stripped();
    final int leftCount = left.getRowType().getFieldCount();
    final int[] projection = scan.plan().projection();
    final int[] key = table.keyColumns();
    final RexNode[] keyExpressions = new RexNode[key.length];
    for (RexNode conjunct : RelOptUtil.conjunctions(join.getCondition())) {
      if (!conjunct.isA(SqlKind.EQUALS)) {
        return;
      }
      final List<RexNode> operands = ((RexCall) conjunct).getOperands();
      RexNode leftSide = null;
      int rightField = -1;
      for (int side = 0; side < 2; side++) {
        final RexNode candidate = operands.get(side);
        final RexNode other = operands.get(1 - side);
        if (candidate instanceof RexInputRef ref && ref.getIndex() >= leftCount
            && onlyLeft(other, leftCount)) {
          rightField = ref.getIndex() - leftCount;
          leftSide = other;
        }
      }
      if (leftSide == null) {
        return;
      }
      final int position = indexOf(key, projection[rightField]);
      if (position < 0 || keyExpressions[position] != null) {
        return;
      }
      keyExpressions[position] = leftSide;
    }
    for (RexNode expression : keyExpressions) {
      if (expression == null) {
        return;
      }
    }

    final RexBuilder rex = join.getCluster().getRexBuilder();
    final RelDataTypeFactory types = join.getCluster().getTypeFactory();
    final List<RexNode> leftProjects = new ArrayList<>();
    final List<String> names = new ArrayList<>();
    for (RelDataTypeField field : left.getRowType().getFieldList()) {
      leftProjects.add(rex.makeInputRef(left, field.getIndex()));
      names.add(field.getName());
    }
    final int[] keyFields = new int[key.length];
    final List<RelDataTypeField> rightFields = scan.getRowType().getFieldList();
    for (int i = 0; i < key.length; i++) {
      keyFields[i] = leftProjects.size();
      final RelDataType keyType = rightFields.get(indexOf(projection, key[i])).getType();
      final RexNode value = keyExpressions[i];
      final RelDataType target = types.createTypeWithNullability(keyType,
          value.getType().isNullable());
      leftProjects.add(value.getType().equals(target) ? value
          : rex.makeCast(target, value, true, false));
      names.add("$key" + i);
    }
    final RelNode probes = LogicalProject.create(left, List.of(), leftProjects, names,
        java.util.Set.of());
    final boolean inner = join.getJoinType() == JoinRelType.INNER;
    final RelDataTypeFactory.Builder output = types.builder();
    output.addAll(probes.getRowType().getFieldList());
    for (RelDataTypeField field : rightFields) {
      output.add(field.getName(), inner ? field.getType()
          : types.createTypeWithNullability(field.getType(), true));
    }
    final RelNode lookup = LogicalLookupJoin.create(probes,
        new LookupJoinPlan(table, projection, keyFields, inner, true, null), output.uniquify().build(),
        Double.NaN, Double.NaN);
    final List<RexNode> projects = new ArrayList<>();
    final List<RelDataTypeField> target = join.getRowType().getFieldList();
    for (int i = 0; i < target.size(); i++) {
      final RexNode ref = rex.makeInputRef(lookup, i < leftCount ? i : i + key.length);
      projects.add(ref.getType().equals(target.get(i).getType()) ? ref
          : rex.makeCast(target.get(i).getType(), ref, true, false));
    }
    call.transformTo(LogicalProject.create(lookup, List.of(), projects,
        join.getRowType().getFieldNames(), java.util.Set.of()));
  }

  private static boolean onlyLeft(RexNode node, int leftCount) {
    final ImmutableBitSet used = RelOptUtil.InputFinder.bits(node);
    return used.length() <= leftCount;
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
