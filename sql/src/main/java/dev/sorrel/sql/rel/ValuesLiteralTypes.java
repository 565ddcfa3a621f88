package dev.sorrel.sql.rel;

import java.math.BigDecimal;
import java.util.List;

import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

import com.google.common.collect.ImmutableList;

/**
 * Gives each literal of a VALUES operator the type of its column.
 *
 * <p>Calcite's SQL-to-relational conversion can build a VALUES whose row
 * type and literals disagree: in {@code INSERT INTO t (a, b) VALUES (1, 1.0),
 * (2, NULL)} validation types the NULL from the target column (DOUBLE), so
 * the column's type becomes DOUBLE, yet the literal {@code 1.0} stays an
 * exact DECIMAL and no cast is added. Metadata derived from such a VALUES
 * (the pulled-up predicates the enumerable code generator asks for) then
 * builds literals of a type their values do not match and fails. Re-typing
 * the literals before planning keeps the operator consistent.
 */
public final class ValuesLiteralTypes extends RelShuttleImpl {
  private ValuesLiteralTypes() {
  }

  /** Returns {@code rel} with every VALUES below it made consistent. */
  public static RelNode apply(RelNode rel) {
    return rel.accept(new ValuesLiteralTypes());
  }

  @Override public RelNode visit(LogicalValues values) {
    final RexBuilder rexBuilder = values.getCluster().getRexBuilder();
    final List<RelDataTypeField> fields = values.getRowType().getFieldList();
    boolean changed = false;
    final ImmutableList.Builder<ImmutableList<RexLiteral>> tuples = ImmutableList.builder();
    for (List<RexLiteral> tuple : values.getTuples()) {
      final ImmutableList.Builder<RexLiteral> row = ImmutableList.builder();
      for (int i = 0; i < tuple.size(); i++) {
        final RexLiteral literal = tuple.get(i);
        final RexLiteral retyped = retype(rexBuilder, literal, fields.get(i).getType());
        changed |= retyped != literal;
        row.add(retyped);
      }
      tuples.add(row.build());
    }
    if (!changed) {
      return values;
    }
    return LogicalValues.create(values.getCluster(), values.getRowType(), tuples.build());
  }

  private static RexLiteral retype(RexBuilder rexBuilder, RexLiteral literal, RelDataType type) {
    final SqlTypeName from = literal.getType().getSqlTypeName();
    final SqlTypeName to = type.getSqlTypeName();
    if (from == to || literal.isNull() || !SqlTypeUtil.isNumeric(literal.getType())
        || !SqlTypeUtil.isNumeric(type)) {
      return literal;
    }
    final BigDecimal value = literal.getValueAs(BigDecimal.class);
    if (value == null) {
      return literal;
    }
    final RelDataType notNull = rexBuilder.getTypeFactory()
        .createTypeWithNullability(type, false);
    if (SqlTypeFamily.APPROXIMATE_NUMERIC.contains(type)) {
      return rexBuilder.makeApproxLiteral(value.doubleValue(), notNull);
    }
    // An exact literal keeps its value only if the column's scale holds it.
    final int scale = SqlTypeUtil.hasScale(type) ? type.getScale() : 0;
    return value.stripTrailingZeros().scale() > scale ? literal
        : rexBuilder.makeExactLiteral(value.setScale(scale), notNull);
  }
}
