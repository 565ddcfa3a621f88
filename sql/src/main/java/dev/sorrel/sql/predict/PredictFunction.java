package dev.sorrel.sql.predict;

import java.util.ArrayList;
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
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.model.Models;
import dev.sorrel.sql.batch.KernelCall;
import dev.sorrel.sql.batch.KernelFunction;
import dev.sorrel.udf.PredictSignature;

/**
 * {@code PREDICT(model, arg, ...)}, {@code PREDICT_LABEL(model, arg, ...)},
 * {@code PREDICT_PROBA(model, class, arg, ...)} and
 * {@code PREDICT_OUTPUT(model, 'output', arg, ...)}: variadic functions whose
 * result type and argument list come from the registered model's signature,
 * checked when the statement is validated. They are never evaluated row by
 * row: the planner moves every call into a batching operator.
 */
public final class PredictFunction extends SqlFunction implements KernelFunction {
  private final PredictSignature.Function function;
  private final Database database;

  PredictFunction(String name, PredictSignature.Function function, Database database) {
    super(name, SqlKind.OTHER_FUNCTION, null, null, null,
        SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.function = function;
    this.database = database;
  }

  /** All four functions, bound to one database's model registry. */
  public static List<PredictFunction> all(Database database) {
    return List.of(
        new PredictFunction("PREDICT", PredictSignature.Function.SCORE, database),
        new PredictFunction("PREDICT_LABEL", PredictSignature.Function.LABEL, database),
        new PredictFunction("PREDICT_PROBA", PredictSignature.Function.PROBA, database),
        new PredictFunction("PREDICT_OUTPUT", PredictSignature.Function.OUTPUT, database));
  }

  /** Operands before the model arguments: the model, and for PROBA/OUTPUT a selector. */
  @Override public int fixedOperands() {
    return function == PredictSignature.Function.PROBA
        || function == PredictSignature.Function.OUTPUT ? 2 : 1;
  }

  @Override public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.from(fixedOperands() + 1);
  }

  @Override public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    plan(binding);
    return true;
  }

  @Override public RelDataType inferReturnType(SqlOperatorBinding binding) {
    final PredictSignature signature = plan(binding).signature();
    final RelDataTypeFactory factory = binding.getTypeFactory();
    final RelDataType type = switch (signature.resultType()) {
      case DOUBLE -> factory.createSqlType(SqlTypeName.DOUBLE);
      case BIGINT -> factory.createSqlType(SqlTypeName.BIGINT);
      case VARCHAR -> factory.createSqlType(SqlTypeName.VARCHAR);
    };
    return factory.createTypeWithNullability(type, true);
  }

  /** Scoring is never folded into a constant, even with constant arguments. */
  @Override public boolean isDynamicFunction() {
    return true;
  }

  @Override public KernelCall plan(RexCall call, List<RexNode> rowArguments,
      int firstArgument) {
    final int fixed = fixedOperands();
    final String model = KernelFunction.literalText(call.getOperands().get(0), getName());
    final String selector = fixed == 2
        ? KernelFunction.literalText(call.getOperands().get(1), getName()) : null;
    final List<RelDataType> types = new ArrayList<>();
    final int[] fields = new int[rowArguments.size()];
    for (int i = 0; i < fields.length; i++) {
      types.add(rowArguments.get(i).getType());
      fields[i] = firstArgument + i;
    }
    final Planned planned = plan(model, selector, types);
    return new PredictCall(planned.database(), model, planned.model(), planned.signature(),
        fields);
  }

  /** A call resolved against the registry: which version, and how it is read. */
  record Planned(Database database, Models.ResolvedModel model, PredictSignature signature) {
  }

  Planned plan(SqlOperatorBinding binding) {
    final String reference = literal(binding, 0, "the model ('name', 'name@alias' or"
        + " 'name:version')");
    final String selector = fixedOperands() == 2 ? literal(binding, 1,
        function == PredictSignature.Function.PROBA ? "the class" : "the output name") : null;
    final List<RelDataType> arguments = new ArrayList<>();
    for (int i = fixedOperands(); i < binding.getOperandCount(); i++) {
      arguments.add(binding.getOperandType(i));
    }
    return plan(reference, selector, arguments);
  }

  Planned plan(String reference, String selector, List<RelDataType> arguments) {
    final List<PredictSignature.Type> types = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      types.add(argumentType(getName() + "('" + reference + "', ...)", i, arguments.get(i)));
    }
    final Models.ResolvedModel model = database.models().resolve(reference);
    final PredictSignature signature = PredictSignature.plan(model.model().name(),
        model.version(), function, selector, types);
    return new Planned(database, model, signature);
  }

  /**
   * How a model argument of a SQL type is passed to a model: strings as
   * VARCHAR, exact integers as BIGINT, other numbers (and NULL) as DOUBLE.
   *
   * @param call the call as messages name it, e.g. {@code PREDICT('m', ...)}
   * @param index the argument's index among the model arguments
   * @throws SorrelException 42804 for any other type
   */
  public static PredictSignature.Type argumentType(String call, int index, RelDataType type) {
    if (SqlTypeUtil.inCharFamily(type)) {
      return PredictSignature.Type.VARCHAR;
    }
    if (SqlTypeUtil.isIntType(type)) {
      return PredictSignature.Type.BIGINT;
    }
    if (SqlTypeUtil.isNumeric(type) || SqlTypeUtil.isNull(type)) {
      return PredictSignature.Type.DOUBLE;
    }
    throw new SorrelException(ErrorCode.TYPE_MISMATCH, call + ": argument " + (index + 1)
        + " is " + type + "; model arguments are numbers or strings");
  }

  private String literal(SqlOperatorBinding binding, int ordinal, String what) {
    Object value = binding.getOperandLiteralValue(ordinal, Object.class);
    if (value == null || !(binding.isOperandLiteral(ordinal, false))) {
      throw new SorrelException(ErrorCode.TYPE_MISMATCH, getName() + ": argument "
          + (ordinal + 1) + " must be a literal naming " + what);
    }
    if (value instanceof org.apache.calcite.util.NlsString nls) {
      value = nls.getValue();
    }
    return value.toString();
  }
}
