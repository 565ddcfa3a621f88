package dev.sorrel.sql.rel;

import java.util.function.Function;

import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelRule;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.tools.RelBuilderFactory;

/**
 * A plain implementation of Calcite's rule configuration, so Sorrel's rules
 * need neither the deprecated operand helpers nor generated Immutables code.
 */
public record RuleConfig(String description, RelRule.OperandTransform operandSupplier,
    RelBuilderFactory relBuilderFactory, Function<RuleConfig, RelOptRule> factory)
    implements RelRule.Config {

  public static RuleConfig of(String description, RelRule.OperandTransform operands,
      Function<RuleConfig, RelOptRule> factory) {
    return new RuleConfig(description, operands, RelFactories.LOGICAL_BUILDER, factory);
  }

  @Override public RelOptRule toRule() {
    return factory.apply(this);
  }

  @Override public RuleConfig withRelBuilderFactory(RelBuilderFactory factory) {
    return new RuleConfig(description, operandSupplier, factory, this.factory);
  }

  @Override public RuleConfig withDescription(String newDescription) {
    return new RuleConfig(newDescription, operandSupplier, relBuilderFactory, factory);
  }

  @Override public RuleConfig withOperandSupplier(RelRule.OperandTransform transform) {
    return new RuleConfig(description, transform, relBuilderFactory, factory);
  }
}
