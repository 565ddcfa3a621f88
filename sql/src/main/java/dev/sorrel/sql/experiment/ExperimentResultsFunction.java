package dev.sorrel.sql.experiment;

import java.math.BigDecimal;
import java.util.List;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.util.NlsString;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.udf.experiment.AssignVariantKernel;

/**
 * {@code EXPERIMENT_RESULTS(experiment, CURSOR(outcomes) [, level])}: the
 * results view of one experiment, a table function used in
 * {@code FROM TABLE(...)}, so it composes with WHERE, ORDER BY, joins and
 * views like any table. The outcomes query gives one row per unit:
 * {@code (unit, value [, covariate])}. The function assigns each unit its
 * variant as {@code ASSIGN_VARIANT} does while the experiment runs, and
 * returns one row per variant (the control first) with the figures of
 * {@link dev.sorrel.udf.experiment.ExperimentResults}; the CUPED columns
 * are NULL without a covariate, so the row type is always the same.
 *
 * <p>Checked when the statement is prepared: the experiment exists (42S02),
 * the outcomes query has two or three columns, a unit that is a string or an
 * integer and numeric values (42804), and the level is a numeric literal in
 * (0, 1) (22023); each error names the position of the operand at fault.
 * Calcite's own execution of table functions with CURSOR inputs does not
 * plan; {@link ExperimentResultsScan} implements this one.
 */
public final class ExperimentResultsFunction extends SqlFunction implements SqlTableFunction {
  /** Confidence level of the intervals when the call names none. */
  public static final double DEFAULT_LEVEL = 0.95;

  private final Database database;

  public ExperimentResultsFunction(Database database) {
    super("EXPERIMENT_RESULTS", SqlKind.OTHER_FUNCTION, ReturnTypes.CURSOR, null, null,
        SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
    this.database = database;
  }

  Database database() {
    return database;
  }

  @Override public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.between(2, 3);
  }

  @Override public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    final SqlCall call = binding.getCall();
    experiment(call.operand(0));
    final SqlNode outcomes = call.operand(1);
    if (!SqlUtil.isCallTo(outcomes, SqlStdOperatorTable.CURSOR)) {
      throw new PositionedException(ErrorCode.TYPE_MISMATCH, outcomes.getParserPosition(),
          "EXPERIMENT_RESULTS: the second argument is the outcomes query, written"
              + " CURSOR(SELECT unit, value [, covariate] FROM ...)");
    }
    checkOutcomes(binding.getCursorOperand(1), outcomes);
    if (call.operandCount() > 2) {
      level(call.operand(2));
    }
    return true;
  }

  /** The experiment a literal names, or 42S02 (42804 if the operand is no string literal). */
  ExperimentDef experiment(SqlNode operand) {
    if (operand instanceof SqlLiteral literal && literal.getValue() instanceof NlsString name) {
      try {
        return database.experiments().existing(name.getValue());
      } catch (SorrelException e) {
        throw new PositionedException(e.code(), operand.getParserPosition(), e.getMessage());
      }
    }
    throw new PositionedException(ErrorCode.TYPE_MISMATCH, operand.getParserPosition(),
        "EXPERIMENT_RESULTS: the first argument must be a string literal naming the"
            + " experiment");
  }

  /** The confidence level a literal gives, or 22023. */
  static double level(SqlNode operand) {
    if (operand instanceof SqlLiteral literal
        && literal.getValue() instanceof BigDecimal value) {
      final double level = value.doubleValue();
      if (level > 0 && level < 1) {
        return level;
      }
      throw new PositionedException(ErrorCode.INVALID_PARAMETER_VALUE,
          operand.getParserPosition(), "EXPERIMENT_RESULTS: confidence level "
              + value.toPlainString() + " is not between 0 and 1 (exclusive); use e.g. 0.95");
    }
    throw new PositionedException(ErrorCode.INVALID_PARAMETER_VALUE,
        operand.getParserPosition(), "EXPERIMENT_RESULTS: the confidence level must be a"
            + " numeric literal between 0 and 1, e.g. 0.95");
  }

  private static void checkOutcomes(RelDataType rowType, SqlNode at) {
    final List<RelDataTypeField> fields = rowType.getFieldList();
    if (fields.size() != 2 && fields.size() != 3) {
      throw new PositionedException(ErrorCode.TYPE_MISMATCH, at.getParserPosition(),
          "EXPERIMENT_RESULTS: the outcomes query gives " + fields.size()
              + (fields.size() == 1 ? " column" : " columns") + "; it"
              + " must give (unit, value) or (unit, value, covariate), one row per unit");
    }
    final RelDataType unit = fields.get(0).getType();
    if (unitType(unit) == null) {
      throw new PositionedException(ErrorCode.TYPE_MISMATCH, at.getParserPosition(),
          "EXPERIMENT_RESULTS: the unit (column " + fields.get(0).getName() + ") is a string"
              + " or an integer, as for ASSIGN_VARIANT, not " + unit.getSqlTypeName()
              + "; CAST it, e.g. CAST(unit AS VARCHAR)");
    }
    for (int i = 1; i < fields.size(); i++) {
      final RelDataType type = fields.get(i).getType();
      if (!SqlTypeUtil.isNumeric(type) && !SqlTypeUtil.isNull(type)) {
        throw new PositionedException(ErrorCode.TYPE_MISMATCH, at.getParserPosition(),
            "EXPERIMENT_RESULTS: the " + (i == 1 ? "value" : "covariate") + " (column "
                + fields.get(i).getName() + ") must be numeric, not " + type.getSqlTypeName());
      }
    }
  }

  /** How a unit column is hashed, or null for a type that cannot be a unit. */
  static AssignVariantKernel.UnitType unitType(RelDataType type) {
    if (SqlTypeUtil.inCharFamily(type) || SqlTypeUtil.isNull(type)) {
      return AssignVariantKernel.UnitType.TEXT;
    }
    if (SqlTypeUtil.isIntType(type)) {
      return AssignVariantKernel.UnitType.INTEGER;
    }
    return null;
  }

  @Override public SqlReturnTypeInference getRowTypeInference() {
    return ExperimentResultsFunction::rowType;
  }

  /** The columns of the results view (see the README's SQL reference). */
  static RelDataType rowType(SqlOperatorBinding binding) {
    return rowType(binding.getTypeFactory());
  }

  static RelDataType rowType(RelDataTypeFactory factory) {
    final RelDataType text = factory.createSqlType(SqlTypeName.VARCHAR);
    final RelDataType count = factory.createSqlType(SqlTypeName.BIGINT);
    final RelDataType flag = factory.createSqlType(SqlTypeName.BOOLEAN);
    final RelDataType number = factory.createTypeWithNullability(
        factory.createSqlType(SqlTypeName.DOUBLE), true);
    final RelDataType maybe = factory.createTypeWithNullability(flag, true);
    final RelDataTypeFactory.Builder b = factory.builder()
        .add("VARIANT", text).add("IS_CONTROL", flag).add("N", count);
    for (String name : List.of("MEAN", "STDDEV", "MEAN_DIFF", "MEAN_DIFF_LOWER",
        "MEAN_DIFF_UPPER", "LIFT", "LIFT_LOWER", "LIFT_UPPER", "P_VALUE", "COHENS_D")) {
      b.add(name, number);
    }
    b.add("SIGNIFICANT", maybe).add("SRM_P", number);
    for (String name : List.of("CUPED_MEAN", "CUPED_MEAN_DIFF", "CUPED_MEAN_DIFF_LOWER",
        "CUPED_MEAN_DIFF_UPPER", "CUPED_LIFT", "CUPED_LIFT_LOWER", "CUPED_LIFT_UPPER",
        "CUPED_P_VALUE")) {
      b.add(name, number);
    }
    b.add("CUPED_SIGNIFICANT", maybe).add("CUPED_THETA", number)
        .add("CUPED_VARIANCE_REDUCTION", number);
    return b.build();
  }
}
