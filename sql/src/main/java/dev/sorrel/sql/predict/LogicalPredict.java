package dev.sorrel.sql.predict;

import java.util.List;

import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Scores its input rows with one or more models: the output is every input
 * field followed by one field per {@link PredictCall}. Logical form; the
 * planner turns it into {@link SorrelPredict}.
 */
public class LogicalPredict extends SingleRel {
  final List<PredictCall> calls;
  final int batchSize;

  LogicalPredict(RelOptCluster cluster, RelTraitSet traits, RelNode input,
      List<PredictCall> calls, int batchSize) {
    super(cluster, traits, input);
    this.calls = List.copyOf(calls);
    this.batchSize = batchSize;
  }

  static LogicalPredict create(RelNode input, List<PredictCall> calls, int batchSize) {
    return new LogicalPredict(input.getCluster(), input.getTraitSet().replace(Convention.NONE),
        input, calls, batchSize);
  }

  @Override public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalPredict(getCluster(), traitSet, sole(inputs), calls, batchSize);
  }

  @Override protected RelDataType deriveRowType() {
    final RelDataTypeFactory factory = getCluster().getTypeFactory();
    final RelDataTypeFactory.Builder builder = factory.builder();
    builder.addAll(input.getRowType().getFieldList());
    for (int i = 0; i < calls.size(); i++) {
      final SqlTypeName type = switch (calls.get(i).signature().resultType()) {
        case DOUBLE -> SqlTypeName.DOUBLE;
        case BIGINT -> SqlTypeName.BIGINT;
        case VARCHAR -> SqlTypeName.VARCHAR;
      };
      builder.add("$prediction" + i, factory.createTypeWithNullability(
          factory.createSqlType(type), true));
    }
    return builder.uniquify().build();
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("models", calls).item("batch", batchSize);
  }
}
