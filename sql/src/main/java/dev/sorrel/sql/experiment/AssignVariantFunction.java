package dev.sorrel.sql.experiment;

import java.util.List;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.sql.batch.KernelCall;
import dev.sorrel.sql.batch.KernelFunction;
import dev.sorrel.udf.experiment.AssignVariantKernel;

/**
 * {@code ASSIGN_VARIANT(experiment, unit)}: the name of the variant of an
 * experiment that a unit is in, NULL for a NULL unit. Deterministic: the same
 * unit gets the same variant in every process (see the {@code udf} module's
 * {@code VariantAssigner} for the hashes). The experiment is a literal,
 * checked when the statement is prepared; a unit is a string or an integer
 * (hashed as its decimal digits), other types must be cast. Like PREDICT it
 * is evaluated a batch of rows at a time, by a kernel.
 */
public final class AssignVariantFunction extends SqlFunction implements KernelFunction {
  private final Database database;

  public AssignVariantFunction(Database database) {
    super("ASSIGN_VARIANT", SqlKind.OTHER_FUNCTION, null, InferTypes.VARCHAR_1024, null,
        SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.database = database;
  }

  @Override public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.of(2);
  }

  @Override public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    experiment(binding);
    unitType("ASSIGN_VARIANT", binding.getOperandType(1));
    return true;
  }

  @Override public RelDataType inferReturnType(SqlOperatorBinding binding) {
    final RelDataTypeFactory factory = binding.getTypeFactory();
    return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.VARCHAR), true);
  }

  /** Never folded into a constant: it has no row-at-a-time implementation. */
  @Override public boolean isDynamicFunction() {
    return true;
  }

  @Override public int fixedOperands() {
    return 1;
  }

  @Override public KernelCall plan(RexCall call, List<RexNode> rowArguments,
      int firstArgument) {
    final String text = KernelFunction.literalText(
        call.getOperands().get(0), getName());
    final ExperimentDef def = database.experiments().existing(text);
    return new AssignVariantCall(database, def.name(),
        unitType("ASSIGN_VARIANT", rowArguments.get(0).getType()), new int[] {firstArgument});
  }

  private ExperimentDef experiment(SqlOperatorBinding binding) {
    Object value = binding.isOperandLiteral(0, false)
        ? binding.getOperandLiteralValue(0, Object.class) : null;
    if (value instanceof org.apache.calcite.util.NlsString nls) {
      value = nls.getValue();
    }
    if (!(value instanceof String name)) {
      throw new SorrelException(ErrorCode.TYPE_MISMATCH, "ASSIGN_VARIANT: the first argument"
          + " must be a string literal naming the experiment");
    }
    return database.experiments().existing(name);
  }

  /**
   * How units of a type are hashed: as text, or as the decimal digits of an
   * integer; {@code function} names the call in the error for other types.
   */
  static AssignVariantKernel.UnitType unitType(String function, RelDataType type) {
    if (SqlTypeUtil.inCharFamily(type) || SqlTypeUtil.isNull(type)) {
      return AssignVariantKernel.UnitType.TEXT;
    }
    if (SqlTypeUtil.isIntType(type)) {
      return AssignVariantKernel.UnitType.INTEGER;
    }
    throw new SorrelException(ErrorCode.TYPE_MISMATCH, function + ": a unit is a string or"
        + " an integer, not " + type.getSqlTypeName() + "; CAST it, e.g. CAST(unit AS"
        + " VARCHAR), choosing the text your other systems hash");
  }
}
