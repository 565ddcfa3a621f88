package dev.sorrel.sql.batch;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollationTraitDef;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Evaluates one or more batch functions over its input rows: the output is
 * the first {@code carried} input fields followed by one field per
 * {@link KernelCall}; input fields after those are read only as arguments. Rows keep their
 * input order. Logical form; the planner turns it into {@link SorrelBatchCall}.
 */
public class LogicalBatchCall extends SingleRel {
  final int carried;
  final List<KernelCall> calls;
  final int batchSize;

  LogicalBatchCall(RelOptCluster cluster, RelTraitSet traits, RelNode input, int carried,
      List<KernelCall> calls, int batchSize) {
    super(cluster, traits, input);
    this.carried = carried;
    this.calls = List.copyOf(calls);
    this.batchSize = batchSize;
  }

  static LogicalBatchCall create(RelNode input, int carried, List<KernelCall> calls,
      int batchSize) {
    return new LogicalBatchCall(input.getCluster(),
        traits(input.getTraitSet().replace(Convention.NONE), carried), input, carried, calls,
        batchSize);
  }

  /**
   * The traits of an operator over input with {@code traits}: the input's
   * sort orders, each cut before its first field that is not carried on.
   */
  static RelTraitSet traits(RelTraitSet traits, int carried) {
    final List<RelCollation> collations = traits.getTraits(RelCollationTraitDef.INSTANCE);
    if (collations == null) {
      return traits;
    }
    final List<RelCollation> kept = new ArrayList<>();
    for (RelCollation collation : collations) {
      final List<RelFieldCollation> prefix = new ArrayList<>();
      for (RelFieldCollation field : collation.getFieldCollations()) {
        if (field.getFieldIndex() >= carried) {
          break;
        }
        prefix.add(field);
      }
      if (!prefix.isEmpty()) {
        kept.add(RelCollations.of(prefix));
      }
    }
    return traits.replace(RelCollationTraitDef.INSTANCE, kept);
  }

  /** The number of leading input fields each output row repeats. */
  public int carried() {
    return carried;
  }

  /** The calls, whose results follow the carried fields in order. */
  public List<KernelCall> calls() {
    return calls;
  }

  /** Rows per kernel call. */
  public int batchSize() {
    return batchSize;
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalBatchCall(getCluster(), traitSet, sole(inputs), carried, calls, batchSize);
  }

  @Override protected RelDataType deriveRowType() {
    final RelDataTypeFactory factory = getCluster().getTypeFactory();
    final RelDataTypeFactory.Builder builder = factory.builder();
    builder.addAll(input.getRowType().getFieldList().subList(0, carried));
    for (int i = 0; i < calls.size(); i++) {
      final SqlTypeName type = calls.get(i).resultType();
      builder.add("$result" + i, factory.createTypeWithNullability(
          factory.createSqlType(type), true));
    }
    return builder.uniquify().build();
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("calls", calls).item("batch", batchSize)
        .item("carried", carried);
  }
}
