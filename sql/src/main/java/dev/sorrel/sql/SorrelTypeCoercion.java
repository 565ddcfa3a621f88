package dev.sorrel.sql;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit type coercion, with a text or NULL argument in an integer position of
 * {@code SUBSTRING}, {@code ROUND} and {@code TRUNCATE} read as an INTEGER.
 *
 * <p>Calcite 1.42 types the start of {@code SUBSTRING(s FROM p)} and the scale of
 * {@code ROUND(x, n)} and {@code TRUNCATE(x, n)} as any NUMERIC, so its coercion casts text
 * and an untyped NULL there to that family's default type, {@code DECIMAL(19, 9)}; no
 * implementation takes a DECIMAL there, and the statement failed when its code was generated
 * ("Unable to implement EnumerableCalc", XX000). PostgreSQL reads such text as an integer
 * ({@code substr('hello', '2')}, {@code round(1.5, '1')}; text that is no integer is 22P02,
 * here 22018 as for any failed cast) and a NULL position or scale gives NULL, as it does in
 * DuckDB. {@code SUBSTRING(s FROM p FOR '2')} already got an INTEGER, Calcite typing the
 * length as one.
 */
final class SorrelTypeCoercion extends TypeCoercionImpl {
  SorrelTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
    super(typeFactory, validator);
  }

  @Override public boolean builtinFunctionCoercion(SqlCallBinding binding,
      List<RelDataType> operandTypes, List<SqlTypeFamily> expectedFamilies) {
    if (integerSecondOperand(binding.getOperator()) && operandTypes.size() > 1
        && expectedFamilies.size() > 1 && textOrNull(operandTypes.get(1))) {
      // INTEGER itself: the INTEGER family's default type is BIGINT, which no implementation
      // takes here either.
      final RelDataType integer = factory.createTypeWithNullability(
          factory.createSqlType(SqlTypeName.INTEGER), operandTypes.get(1).isNullable());
      final boolean coerced = coerceOperandType(binding.getScope(), binding.getCall(), 1,
          integer);
      final List<RelDataType> types = new ArrayList<>(operandTypes);
      types.set(1, integer);
      final List<SqlTypeFamily> families = new ArrayList<>(expectedFamilies);
      families.set(1, SqlTypeFamily.INTEGER);
      return super.builtinFunctionCoercion(binding, types, families) || coerced;
    }
    return super.builtinFunctionCoercion(binding, operandTypes, expectedFamilies);
  }

  private static boolean integerSecondOperand(SqlOperator operator) {
    return operator == SqlStdOperatorTable.SUBSTRING || operator == SqlStdOperatorTable.ROUND
        || operator == SqlStdOperatorTable.TRUNCATE;
  }

  private static boolean textOrNull(RelDataType type) {
    return SqlTypeUtil.isCharacter(type) || type.getSqlTypeName() == SqlTypeName.NULL;
  }
}
