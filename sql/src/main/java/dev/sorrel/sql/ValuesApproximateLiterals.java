package dev.sorrel.sql;

import java.math.BigDecimal;
import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;

/**
 * Writes the exact numeric literals of a VALUES column that also holds a literal in E
 * notation as approximate literals: {@code VALUES (1, 1.5), (2, 1.0E10)} becomes
 * {@code VALUES (1, 1.5E0), (2, 1.0E10)}.
 *
 * <p>The column is DOUBLE either way (the least restrictive type of an exact and an
 * approximate number). But Calcite 1.42 converts each literal of a VALUES as it is written,
 * so the column's literals keep values of different Java classes (a BigDecimal for 1.5, a
 * Double for 1.0E10), and the collation it derives for the VALUES compares them, which
 * failed with a ClassCastException (XX000) before any of Sorrel's planning could re-type
 * them ({@code RelMdCollation.values}, called by {@code LogicalValues.create}).
 */
final class ValuesApproximateLiterals {
  private ValuesApproximateLiterals() {
  }

  /** Rewrites, in place, the literals of a VALUES call's columns that mix both kinds. */
  static void rewrite(SqlCall values) {
    final List<SqlNode> rows = values.getOperandList();
    int width = 0;
    for (SqlNode row : rows) {
      if (!(row instanceof SqlCall call) || call.getKind() != SqlKind.ROW) {
        return;
      }
      width = Math.max(width, call.operandCount());
    }
    for (int column = 0; column < width; column++) {
      if (holdsApproximate(rows, column)) {
        for (SqlNode row : rows) {
          final SqlCall call = (SqlCall) row;
          if (column < call.operandCount()
              && call.operand(column) instanceof SqlNumericLiteral literal
              && literal.isExact()) {
            final BigDecimal value = literal.getValueAs(BigDecimal.class);
            call.setOperand(column, SqlLiteral.createApproxNumeric(value.toString(),
                literal.getParserPosition()));
          }
        }
      }
    }
  }

  private static boolean holdsApproximate(List<SqlNode> rows, int column) {
    for (SqlNode row : rows) {
      final SqlCall call = (SqlCall) row;
      if (column < call.operandCount()
          && call.operand(column) instanceof SqlNumericLiteral literal && !literal.isExact()) {
        return true;
      }
    }
    return false;
  }
}
