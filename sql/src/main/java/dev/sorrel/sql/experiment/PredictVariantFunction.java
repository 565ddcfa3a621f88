package dev.sorrel.sql.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.engine.model.ModelVersion;
import dev.sorrel.engine.model.TensorSpec;
import dev.sorrel.sql.batch.KernelCall;
import dev.sorrel.sql.batch.KernelFunction;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.sql.predict.PredictFunction;
import dev.sorrel.udf.PredictSignature;
import dev.sorrel.udf.experiment.AssignVariantKernel;

/**
 * {@code PREDICT_VARIANT(experiment, unit, arg, ...)}: PREDICT with the model
 * of the unit's variant, the variant being exactly the one
 * {@code ASSIGN_VARIANT(experiment, unit)} gives. The experiment is a literal;
 * the unit a string or an integer as for ASSIGN_VARIANT; the model arguments
 * follow PREDICT's rules and are checked against every variant's model, each
 * of which must give a score (so the result is a nullable DOUBLE). An
 * experiment with a variant that has no model is refused when the statement
 * is prepared: such a variant's units would have no score, and a NULL would
 * read as a model's answer. Once stopped, an experiment gives everyone one
 * variant, and only that variant's model is needed. A NULL unit or argument
 * gives NULL.
 *
 * <p>Errors in a call carry the position of the operand at fault. A bare
 * {@code ?} is typed from the experiment: the unit as VARCHAR (an integer
 * bound to it hashes as its digits, as an integer unit does), each model
 * argument as its input in the variants' models (numbers as DOUBLE).
 */
public final class PredictVariantFunction extends SqlFunction implements KernelFunction {
  private final Database database;

  public PredictVariantFunction(Database database) {
    super(PredictVariantCall.FUNCTION, SqlKind.OTHER_FUNCTION, null, null, null,
        SqlFunctionCategory.USER_DEFINED_FUNCTION);
    this.database = database;
  }

  @Override public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.from(2);
  }

  @Override public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
    final ExperimentDef def = at(binding.operand(0).getParserPosition(),
        () -> experiment(binding));
    at(binding.operand(1).getParserPosition(),
        () -> AssignVariantFunction.unitType(getName(), binding.getOperandType(1)));
    final List<PredictSignature.Type> types = new ArrayList<>();
    for (int i = 2; i < binding.getOperandCount(); i++) {
      final int index = i - 2;
      final RelDataType type = binding.getOperandType(i);
      types.add(at(binding.operand(i).getParserPosition(),
          () -> PredictFunction.argumentType(call(def), index, type)));
    }
    at(binding.getCall().getParserPosition(), () -> PredictVariantCall.plan(database, def, types));
    return true;
  }

  /** Runs a check, giving the error it raises the position of the operand at fault. */
  private static <T> T at(SqlParserPos position, Supplier<T> check) {
    try {
      return check.get();
    } catch (PositionedException e) {
      throw e;
    } catch (SorrelException e) {
      throw new PositionedException(e.code(), position, e.getMessage());
    }
  }

  private static String call(ExperimentDef def) {
    return PredictVariantCall.FUNCTION + "('" + def.name() + "', ...)";
  }

  @Override public RelDataType inferReturnType(SqlOperatorBinding binding) {
    final RelDataTypeFactory factory = binding.getTypeFactory();
    return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE), true);
  }

  /** Types bare {@code ?} operands from the experiment's models; see the class comment. */
  @Override public SqlOperandTypeInference getOperandTypeInference() {
    return (binding, returnType, operandTypes) -> {
      final RelDataTypeFactory factory = binding.getTypeFactory();
      final RelDataType text = factory.createSqlType(SqlTypeName.VARCHAR);
      final RelDataType number = factory.createSqlType(SqlTypeName.DOUBLE);
      final List<String> inputs = inputKinds(binding.operand(0));
      for (int i = 0; i < operandTypes.length; i++) {
        final int feature = i - 2;
        operandTypes[i] = i < 2 ? text
            : feature < inputs.size() && inputs.get(feature).equals("STRING") ? text : number;
      }
    };
  }

  /**
   * The element type of each model argument of the experiment named by
   * {@code node}, from its first variant's model; empty if unknown (the
   * checks that follow report why).
   */
  private List<String> inputKinds(SqlNode node) {
    if (!(node instanceof SqlLiteral literal)
        || !(literal.getValue() instanceof NlsString name)) {
      return List.of();
    }
    final ExperimentDef def = database.experiments().experiment(name.getValue());
    if (def == null || def.control().model() == null) {
      return List.of();
    }
    final ModelVersion version;
    try {
      version = database.models().resolve(def.control().model()).version();
    } catch (SorrelException e) {
      return List.of();
    }
    final List<TensorSpec> inputs = version.inputs();
    final List<String> kinds = new ArrayList<>();
    if (inputs.size() == 1 && inputs.get(0).shape().size() == 2
        && inputs.get(0).shape().get(1) > 1) {
      for (long f = 0; f < inputs.get(0).shape().get(1); f++) {
        kinds.add(inputs.get(0).elementType());
      }
    } else {
      inputs.forEach(input -> kinds.add(input.elementType()));
    }
    return kinds;
  }

  /** Scoring is never folded into a constant, even with constant arguments. */
  @Override public boolean isDynamicFunction() {
    return true;
  }

  @Override public int fixedOperands() {
    return 1;
  }

  @Override public KernelCall plan(RexCall call, List<RexNode> rowArguments, int firstArgument) {
    final String name = KernelFunction.literalText(call.getOperands().get(0), getName());
    final ExperimentDef def = database.experiments().existing(name);
    final AssignVariantKernel.UnitType unitType = AssignVariantFunction.unitType(getName(),
        rowArguments.get(0).getType());
    final List<PredictSignature.Type> types = new ArrayList<>();
    for (int i = 1; i < rowArguments.size(); i++) {
      types.add(PredictFunction.argumentType(call(def), i - 1, rowArguments.get(i).getType()));
    }
    final int[] fields = new int[rowArguments.size()];
    for (int i = 0; i < fields.length; i++) {
      fields[i] = firstArgument + i;
    }
    return new PredictVariantCall(database, PredictVariantCall.plan(database, def, types),
        unitType, types, fields);
  }

  private ExperimentDef experiment(SqlOperatorBinding binding) {
    Object value = binding.isOperandLiteral(0, false)
        ? binding.getOperandLiteralValue(0, Object.class) : null;
    if (value instanceof NlsString nls) {
      value = nls.getValue();
    }
    if (!(value instanceof String name)) {
      throw new SorrelException(ErrorCode.TYPE_MISMATCH, getName() + ": the first argument"
          + " must be a string literal naming the experiment");
    }
    return database.experiments().existing(name);
  }
}
