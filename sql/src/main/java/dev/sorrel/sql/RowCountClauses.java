package dev.sorrel.sql;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.ddl.PositionedException;

/**
 * The row counts of a statement's LIMIT (FETCH) and OFFSET clauses. Calcite's compiled plan reads
 * a row count as a Java {@code int}: a literal beyond that range cannot be planned, and a
 * parameter must hold an {@code Integer}. So a literal out of range is refused here, with its
 * position, and a parameter's value is checked and converted when it is bound (a whole number
 * from 0 to 2,147,483,647, given as any number or as text); both fail with PostgreSQL's codes,
 * 2201W for LIMIT and 2201X for OFFSET.
 */
final class RowCountClauses {
  private RowCountClauses() {
  }

  /**
   * The parameters that give a row count, by index, each with its clause's name; refuses a
   * literal row count out of range.
   */
  static Map<Integer, String> parameters(SqlNode statement) {
    final Map<Integer, String> found = new HashMap<>();
    statement.accept(new SqlBasicVisitor<Void>() {
      @Override public Void visit(SqlCall call) {
        if (call instanceof SqlOrderBy orderBy) {
          note(orderBy.offset, "OFFSET", found);
          note(orderBy.fetch, "LIMIT", found);
        } else if (call instanceof SqlSelect select) {
          note(select.getOffset(), "OFFSET", found);
          note(select.getFetch(), "LIMIT", found);
        }
        return super.visit(call);
      }
    });
    return found;
  }

  private static void note(@Nullable SqlNode operand, String clause, Map<Integer, String> found) {
    if (operand instanceof SqlDynamicParam parameter) {
      found.put(parameter.getIndex(), clause);
    } else if (operand instanceof SqlNumericLiteral literal) {
      final BigDecimal value = literal.getValueAs(BigDecimal.class);
      if (!fits(value)) {
        throw new PositionedException(code(clause), literal.getParserPosition(), clause
            + " must be a whole number from 0 to " + Integer.MAX_VALUE + ", not "
            + value.toPlainString());
      }
    }
  }

  /** A parameter's value as the plan reads a row count. */
  static Integer bind(String clause, int position, @Nullable Object value) {
    if (value == null) {
      throw new SorrelException(code(clause), clause + " must not be NULL (parameter "
          + position + ")");
    }
    final BigDecimal number;
    try {
      number = value instanceof String text ? new BigDecimal(text.trim())
          : value instanceof Number n ? new BigDecimal(n.toString()) : null;
    } catch (NumberFormatException e) {
      throw new SorrelException(code(clause), clause + " must be a whole number from 0 to "
          + Integer.MAX_VALUE + ", not '" + value + "' (parameter " + position + ")");
    }
    if (number == null) {
      throw new SorrelException(ErrorCode.TYPE_MISMATCH, "parameter " + position + " is the "
          + clause + " row count; a value of type " + value.getClass().getSimpleName()
          + " cannot be bound to it");
    }
    if (!fits(number)) {
      throw new SorrelException(code(clause), clause + " must be a whole number from 0 to "
          + Integer.MAX_VALUE + ", not " + number.toPlainString() + " (parameter " + position
          + ")");
    }
    return number.intValueExact();
  }

  private static boolean fits(BigDecimal value) {
    return value.signum() >= 0 && value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) <= 0
        && value.stripTrailingZeros().scale() <= 0;
  }

  private static ErrorCode code(String clause) {
    return clause.equals("OFFSET") ? ErrorCode.INVALID_ROW_COUNT_IN_OFFSET
        : ErrorCode.INVALID_ROW_COUNT_IN_LIMIT;
  }
}
