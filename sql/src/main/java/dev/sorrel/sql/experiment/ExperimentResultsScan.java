package dev.sorrel.sql.experiment;

import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;

import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.enumerable.EnumerableRelImplementor;
import org.apache.calcite.adapter.enumerable.EnumerableTableFunctionScanRule;
import org.apache.calcite.adapter.enumerable.JavaRowFormat;
import org.apache.calcite.adapter.enumerable.PhysType;
import org.apache.calcite.adapter.enumerable.PhysTypeImpl;
import org.apache.calcite.linq4j.tree.BlockBuilder;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.linq4j.tree.Expressions;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.convert.ConverterRule;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.metadata.RelColumnMapping;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.batch.KernelFunction;

/**
 * The operator of {@code EXPERIMENT_RESULTS}: reads its one input (the
 * outcomes query) to the end and emits one row per variant. EXPLAIN shows it
 * as {@code ExperimentResultsScan(experiment=[e], covariate=[true],
 * level=[0.95])}. Calcite plans a table function's CURSOR input as a
 * {@link LogicalTableFunctionScan} but has no implementation for it; the
 * {@link Rule} gives this one.
 */
public final class ExperimentResultsScan extends TableFunctionScan implements EnumerableRel {
  private final ExperimentResultsPlan plan;

  ExperimentResultsScan(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs,
      RexNode call, @Nullable Type elementType, RelDataType rowType,
      @Nullable Set<RelColumnMapping> columnMappings, ExperimentResultsPlan plan) {
    super(cluster, traits, inputs, call, elementType, rowType, columnMappings);
    this.plan = plan;
  }

  @Override public TableFunctionScan copy(RelTraitSet traitSet, List<RelNode> inputs,
      RexNode call, @Nullable Type elementType, RelDataType rowType,
      @Nullable Set<RelColumnMapping> columnMappings) {
    return new ExperimentResultsScan(getCluster(), traitSet, inputs, call, elementType,
        rowType, columnMappings, plan);
  }

  @Override public RelWriter explainTerms(RelWriter pw) {
    // The input, then what the call fixed; the call's own text would show the cursor as $0.
    for (int i = 0; i < getInputs().size(); i++) {
      pw.input("input#" + i, getInputs().get(i));
    }
    return pw.item("experiment", plan.experiment()).item("covariate", plan.covariate())
        .item("level", plan.level());
  }

  @Override public Result implement(EnumerableRelImplementor implementor, Prefer pref) {
    final BlockBuilder builder = new BlockBuilder();
    final Result input = implementor.visitChild(this, 0, (EnumerableRel) getInputs().get(0),
        Prefer.ARRAY);
    final Expression rows = builder.append("rows", input.block);
    final Expression arrays = input.physType.getFormat() == JavaRowFormat.ARRAY ? rows
        : builder.append("arrays", input.physType.convertTo(rows, JavaRowFormat.ARRAY));
    builder.add(Expressions.return_(null, Expressions.call(ExperimentResultsRuntime.RESULTS,
        implementor.stash(plan, ExperimentResultsPlan.class), implementor.getRootExpression(),
        arrays)));
    final PhysType physType = PhysTypeImpl.of(implementor.getTypeFactory(), getRowType(),
        JavaRowFormat.ARRAY, false);
    return implementor.result(physType, builder.toBlock());
  }

  /** Implements a {@link LogicalTableFunctionScan} of {@code EXPERIMENT_RESULTS}. */
  public static final class Rule extends ConverterRule {
    public static final Rule INSTANCE = new Rule();

    /** Calcite's implementation of table function scans, for every function but this one. */
    public static final RelOptRule OTHER_TABLE_FUNCTIONS =
        EnumerableTableFunctionScanRule.DEFAULT_CONFIG.withConversion(
            LogicalTableFunctionScan.class, (LogicalTableFunctionScan scan) -> !isResults(scan),
            Convention.NONE, EnumerableConvention.INSTANCE, "EnumerableTableFunctionScanRule")
            .toRule();

    private Rule() {
      super(Config.INSTANCE.withConversion(LogicalTableFunctionScan.class,
          Rule::isResults, Convention.NONE, EnumerableConvention.INSTANCE,
          "ExperimentResultsRule"));
    }

    private static boolean isResults(LogicalTableFunctionScan scan) {
      return scan.getCall() instanceof RexCall call
          && call.getOperator() instanceof ExperimentResultsFunction;
    }

    @Override public RelNode convert(RelNode rel) {
      final LogicalTableFunctionScan scan = (LogicalTableFunctionScan) rel;
      final RexCall call = (RexCall) scan.getCall();
      final ExperimentResultsFunction function = (ExperimentResultsFunction) call.getOperator();
      final String experiment = KernelFunction.literalText(call.getOperands().get(0),
          function.getName());
      final RelNode outcomes = scan.getInputs().get(0);
      final List<RelDataTypeField> fields = outcomes.getRowType().getFieldList();
      final double level = call.getOperands().size() > 2
          ? level(call.getOperands().get(2)) : ExperimentResultsFunction.DEFAULT_LEVEL;
      final ExperimentResultsPlan plan = new ExperimentResultsPlan(function.database(),
          function.database().experiments().existing(experiment).name(),
          ExperimentResultsFunction.unitType(fields.get(0).getType()), fields.size() > 2,
          level);
      final RelTraitSet traits = scan.getTraitSet().replace(EnumerableConvention.INSTANCE);
      return new ExperimentResultsScan(scan.getCluster(), traits,
          List.of(convert(outcomes, outcomes.getTraitSet()
              .replace(EnumerableConvention.INSTANCE))),
          call, scan.getElementType(), scan.getRowType(), scan.getColumnMappings(), plan);
    }

    private static double level(RexNode node) {
      if (node instanceof RexLiteral literal && literal.getValue() instanceof Number n) {
        return n.doubleValue();
      }
      // The validator accepts only a numeric literal; a rewrite that folded it otherwise is a bug.
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
          "EXPERIMENT_RESULTS: the confidence level must be a numeric literal");
    }
  }
}
