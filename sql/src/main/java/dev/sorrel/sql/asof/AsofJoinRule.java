package dev.sorrel.sql.asof;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalAsofJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.feature.PointInTimeJoin;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.rel.RuleConfig;
import dev.sorrel.sql.rel.SorrelTableScan;

/**
 * Plans {@code [LEFT] ASOF JOIN} before cost-based planning: the join
 * becomes {@link LogicalSorrelAsofJoin} over the left side, extended by the
 * key and time values to probe with (cast to the right key's types), and a
 * projection back to the join's row type.
 *
 * <p>The right side must be a Sorrel table (usually a feature view) read
 * whole, whose primary key starts with the ON columns (in any order) and
 * continues with the column of the match condition; anything else is refused
 * with an error saying what is needed, never planned as a join that holds a
 * side in memory or breaks ties by input order.
 */
public final class AsofJoinRule extends RelRule<RuleConfig> {
  public static final RelOptRule INSTANCE = RuleConfig.of("SorrelAsofJoin",
      b -> b.operand(LogicalAsofJoin.class).anyInputs(), AsofJoinRule::new).toRule();

  /**
   * Refuses a {@code KNOWN_AT} hint left on a scan once the ASOF joins are
   * planned: their right sides are read by the joins, so a hinted table still
   * scanned is one where the hint would silently do nothing.
   */
  public static final RelOptRule STRAY_HINT = RuleConfig.of("SorrelStrayKnownAt",
      b -> b.operand(SorrelTableScan.class).predicate(SorrelTableScan::knownAt).noInputs(),
      config -> new RelRule<RuleConfig>(config) {
        @Override public void onMatch(RelOptRuleCall call) {
          final SorrelTableScan scan = call.rel(0);
          throw new SorrelException(ErrorCode.SYNTAX_ERROR, "the KNOWN_AT hint applies to the"
              + " feature view on the right of an ASOF JOIN, not to "
              + scan.sorrelTable().table().name() + " read here");
        }
      }).toRule();

  /**
   * Left rows sorted and probed together, bounding the operator's memory:
   * the database's {@code asof_chunk_rows} option, else the engine's
   * default, which grows with the heap.
   */
  private static int chunkRows(Table table) {
    final int rows = table.database().options().asofChunkRows();
    return rows > 0 ? rows : PointInTimeJoin.DEFAULT_CHUNK_ROWS;
  }

  private AsofJoinRule(RuleConfig config) {
    super(config);
  }

  @Override public void onMatch(RelOptRuleCall call) {
    final LogicalAsofJoin join = call.rel(0);
    final RelNode left = join.getLeft().stripped();
    final int leftCount = left.getRowType().getFieldCount();
    final RightSide right = rightSide(join.getRight().stripped());
    final Table table = right.table;
    final int[] key = table.keyColumns();

    // ON: equalities between a left expression and a right key column.
    final List<RexNode> conjuncts = RelOptUtil.conjunctions(join.getCondition());
    final RexNode[] keyExpressions = new RexNode[key.length];
    int matchColumns = 0;
    for (RexNode conjunct : conjuncts) {
      if (!conjunct.isA(SqlKind.EQUALS)) {
        throw unsupported("the ON clause of an ASOF JOIN must be equalities between left and"
            + " right columns joined by AND");
      }
      final List<RexNode> operands = ((RexCall) conjunct).getOperands();
      final Side side = split(operands.get(0), operands.get(1), leftCount);
      final int column = right.column(side.rightField);
      final int position = indexOf(key, column);
      if (position < 0) {
        throw unsupported(notKeyed(table, "ON column " + name(table, column)));
      }
      if (keyExpressions[position] != null) {
        throw unsupported("the ON clause of an ASOF JOIN compares key column "
            + name(table, column) + " twice; compare each key column with one left value");
      }
      matchColumns++;
      keyExpressions[position] = side.left;
    }
    for (int i = 0; i < matchColumns; i++) {
      if (keyExpressions[i] == null) {
        throw unsupported(notKeyed(table, "the ON columns"));
      }
    }
    if (matchColumns >= key.length) {
      throw unsupported(notKeyed(table, "the match condition's column"));
    }

    // MATCH_CONDITION: the left time at or after (or after) the right time column.
    final RexNode match = RexUtil.removeCast(join.getMatchCondition());
    if (!(match instanceof RexCall comparison) || comparison.getOperands().size() != 2) {
      throw unsupported("MATCH_CONDITION must compare a left and a right column");
    }
    final Side timeSide = split(comparison.getOperands().get(0),
        comparison.getOperands().get(1), leftCount);
    final int timeColumn = right.column(timeSide.rightField);
    if (timeColumn != key[matchColumns]) {
      throw unsupported(notKeyed(table, "MATCH_CONDITION column " + name(table, timeColumn)));
    }
    final SqlKind kind = timeSide.rightFirst ? comparison.getKind().reverse()
        : comparison.getKind();
    final boolean strict;
    switch (kind) {
    case GREATER_THAN_OR_EQUAL -> strict = false;
    case GREATER_THAN -> strict = true;
    default -> throw unsupported("MATCH_CONDITION must look back in time: write"
        + " left_time >= right_time (or >), e.g. o.ts >= f.event_timestamp; a match on"
        + " later right rows would use values from the future");
    }

    // Left side extended by the probe values that are not left columns as they
    // are (casts to the right key's types); none if every one is.
    final RexBuilder rex = join.getCluster().getRexBuilder();
    final List<RexNode> leftProjects = new ArrayList<>();
    final List<String> leftNames = new ArrayList<>();
    for (RelDataTypeField field : left.getRowType().getFieldList()) {
      leftProjects.add(rex.makeInputRef(left, field.getIndex()));
      leftNames.add(field.getName());
    }
    final int[] keyFields = new int[matchColumns];
    for (int i = 0; i < matchColumns; i++) {
      keyFields[i] = probeField(castTo(rex, keyExpressions[i], right.columnType(key[i])),
          "$key" + i, leftProjects, leftNames);
    }
    final int timeField = probeField(
        castTo(rex, timeSide.left, right.columnType(timeColumn)), "$time", leftProjects,
        leftNames);
    final int extra = leftProjects.size() - leftCount;
    final RelNode probes = extra == 0 ? left : LogicalProject.create(left, List.of(),
        leftProjects, leftNames, java.util.Set.of());

    final boolean inner = join.getJoinType() == JoinRelType.ASOF;
    final RelDataTypeFactory types = join.getCluster().getTypeFactory();
    final RelDataTypeFactory.Builder output = types.builder();
    output.addAll(probes.getRowType().getFieldList());
    for (RelDataTypeField field : right.rel.getRowType().getFieldList()) {
      output.add(field.getName(), inner ? field.getType()
          : types.createTypeWithNullability(field.getType(), true));
    }
    if (right.knownAt && table.database().catalog().featureViewOf(table) == null) {
      throw unsupported("KNOWN_AT needs a feature view; " + table.name() + " is a plain table"
          + " without write times");
    }
    final AsofJoinPlan plan = new AsofJoinPlan(table, matchColumns, strict, right.knownAt,
        right.projection, keyFields, timeField, inner, chunkRows(table));
    final RelNode asof = LogicalSorrelAsofJoin.create(probes, plan,
        output.uniquify().build());

    // Back to the join's row type: the left fields, then the right ones.
    final List<RexNode> projects = new ArrayList<>();
    final List<RelDataTypeField> target = join.getRowType().getFieldList();
    for (int i = 0; i < target.size(); i++) {
      final int source = i < leftCount ? i : i + extra;
      final RexNode ref = rex.makeInputRef(asof, source);
      projects.add(ref.getType().equals(target.get(i).getType()) ? ref
          : rex.makeCast(target.get(i).getType(), ref, true, false));
    }
    call.transformTo(LogicalProject.create(asof, List.of(), projects,
        join.getRowType().getFieldNames(), java.util.Set.of()));
  }

  /**
   * The left field holding a probe value: the left column itself if the
   * value is one, else a new field computing it.
   */
  private static int probeField(RexNode value, String name, List<RexNode> projects,
      List<String> names) {
    if (value instanceof RexInputRef ref) {
      return ref.getIndex();
    }
    projects.add(value);
    names.add(name);
    return projects.size() - 1;
  }

  private static RexNode castTo(RexBuilder rex, RexNode value, RelDataType type) {
    final RelDataType nullable = rex.getTypeFactory().createTypeWithNullability(type,
        value.getType().isNullable());
    return value.getType().equals(nullable) ? value : rex.makeCast(nullable, value, true, false);
  }

  /** One comparison split into its left expression and its right field. */
  private record Side(RexNode left, int rightField, boolean rightFirst) {
  }

  private static Side split(RexNode a, RexNode b, int leftCount) {
    final Integer rightOfB = rightField(b, leftCount);
    if (rightOfB != null && onlyLeft(a, leftCount)) {
      return new Side(a, rightOfB, false);
    }
    final Integer rightOfA = rightField(a, leftCount);
    if (rightOfA != null && onlyLeft(b, leftCount)) {
      return new Side(b, rightOfA, true);
    }
    throw unsupported("each ASOF JOIN comparison must have a left expression on one side and"
        + " a right column on the other");
  }

  /**
   * The right field a right column refers to, or null. A right column under a
   * cast cannot be sought by its stored key order, so that is refused with
   * the types involved.
   */
  private static Integer rightField(RexNode node, int leftCount) {
    if (node instanceof RexInputRef ref) {
      return ref.getIndex() >= leftCount ? ref.getIndex() - leftCount : null;
    }
    final RexNode stripped = RexUtil.removeCast(node);
    if (stripped instanceof RexInputRef ref && ref.getIndex() >= leftCount) {
      throw typeMismatch(stripped.getType(), node.getType());
    }
    return null;
  }

  private static SorrelException typeMismatch(RelDataType keyType, RelDataType otherType) {
    return new SorrelException(ErrorCode.TYPE_MISMATCH, "ASOF JOIN compares a key column of"
        + " type " + keyType.getFullTypeString().replace(" NOT NULL", "") + " with a value of"
        + " type " + otherType.getFullTypeString().replace(" NOT NULL", "") + "; the key is"
        + " sought in its stored order, so cast the left side to the key's type");
  }

  private static boolean onlyLeft(RexNode node, int leftCount) {
    final ImmutableBitSet used = RelOptUtil.InputFinder.bits(node);
    return used.isEmpty() || used.length() <= leftCount;
  }

  /** The right input: a whole Sorrel table, possibly under a projection of its columns. */
  private record RightSide(RelNode rel, Table table, int[] projection, boolean knownAt) {
    int column(int field) {
      return projection[field];
    }

    RelDataType columnType(int column) {
      for (int i = 0; i < projection.length; i++) {
        if (projection[i] == column) {
          return rel.getRowType().getFieldList().get(i).getType();
        }
      }
      // A key column the query does not select: its type as the table declares it.
      throw unsupported("ASOF JOIN needs key column " + table.columns().get(column).name()
          + " of " + table.name() + " in the right side's columns");
    }
  }

  private static RightSide rightSide(RelNode right) {
    if (right instanceof SorrelTableScan scan && scan.plan().isFull()) {
      return new RightSide(scan, scan.sorrelTable().table(), scan.plan().projection(),
          scan.knownAt());
    }
    if (right instanceof LogicalProject project
        && project.getInput().stripped() instanceof SorrelTableScan scan
        && scan.plan().isFull()) {
      final int[] projection = new int[project.getProjects().size()];
      for (int i = 0; i < projection.length; i++) {
        final RexNode expression = project.getProjects().get(i);
        if (expression instanceof RexInputRef ref) {
          projection[i] = scan.plan().projection()[ref.getIndex()];
        } else if (RexUtil.removeCast(expression) instanceof RexInputRef ref) {
          // Calcite casts a right column to the type of the left one it is compared with.
          throw typeMismatch(ref.getType(), expression.getType());
        } else {
          throw unsupported(rightShape());
        }
      }
      return new RightSide(project, scan.sorrelTable().table(), projection, scan.knownAt());
    }
    throw unsupported(rightShape());
  }

  private static String rightShape() {
    return "the right side of an ASOF JOIN must be a feature view or table by name (filter"
        + " the joined rows in WHERE instead of a subquery)";
  }

  private static String notKeyed(Table table, String what) {
    final List<String> names = new ArrayList<>();
    for (int k : table.keyColumns()) {
      names.add(table.columns().get(k).name());
    }
    return what + " of " + table.name() + " does not fit its key (" + String.join(", ", names)
        + "): ASOF JOIN needs ON equalities on leading key columns and MATCH_CONDITION on the"
        + " key column after them" + (table.database().catalog().featureViewOf(table) != null
            ? " (for a feature view: ON the entity key, MATCH_CONDITION on EVENT_TIMESTAMP)"
            : "");
  }

  private static String name(Table table, int column) {
    final ColumnDef def = table.columns().get(column);
    return def.name();
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static SorrelException unsupported(String message) {
    return new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, message);
  }
}
