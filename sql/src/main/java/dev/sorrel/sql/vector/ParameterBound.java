package dev.sorrel.sql.vector;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.table.segment.BlockPredicate;

/**
 * A conjunct {@code column op ?} of a batch aggregate's filter, a table column compared with a
 * query parameter, that a segment's block statistics can rule out once the parameter's value is
 * known: each execution binds it to a {@link BlockPredicate} with its value, as the filter
 * itself reads that value (an integral column against an integral parameter as a long, a DOUBLE
 * column against a numeric one as a double).
 *
 * @param op the comparison, with the column on its left
 * @param column the table ordinal of the column
 * @param columnType the column's SQL type
 * @param parameter the parameter's index
 */
record ParameterBound(SqlKind op, int column, SqlTypeName columnType, int parameter) {
  /**
   * The predicate for one execution's value of the parameter: none of the column's blocks can
   * match a NULL; a NaN compared with a DOUBLE column bounds nothing, so only the column's
   * nulls are ruled out.
   */
  BlockPredicate bind(@Nullable Object value) {
    if (value == null) {
      return new BlockPredicate.LongRange(column, 1, 0); // a range that holds nothing
    }
    if (value instanceof Number number && BatchAggregateRewrite.INTEGRAL.contains(columnType)) {
      final Long exact = exactValue(number, columnType);
      final BlockPredicate range = exact == null ? null
          : BatchAggregateRewrite.longRange(op, column, exact);
      if (range != null) {
        return range;
      }
    } else if (value instanceof Number number && columnType == SqlTypeName.DOUBLE
        && !Double.isNaN(number.doubleValue())) {
      final BlockPredicate range = BatchAggregateRewrite.doubleRange(op, column,
          number.doubleValue());
      if (range != null) {
        return range;
      }
    }
    return new BlockPredicate.NotNull(column);
  }

  /**
   * The value as a long if it is a whole number within the column type's range, else null: a
   * fractional value ({@code x < 5.5} holds for 5, {@code x < 5} does not) or one the filter may
   * read narrowed bounds no block, rather than a block the filter would keep.
   */
  static @Nullable Long exactValue(Number number, SqlTypeName columnType) {
    final long value;
    if (number instanceof Long || number instanceof Integer || number instanceof Short
        || number instanceof Byte) {
      value = number.longValue();
    } else if (number instanceof BigDecimal decimal) {
      try {
        value = decimal.longValueExact();
      } catch (ArithmeticException fractionalOrTooLarge) {
        return null;
      }
    } else if (number instanceof BigInteger integer) {
      try {
        value = integer.longValueExact();
      } catch (ArithmeticException tooLarge) {
        return null;
      }
    } else if (number instanceof Double || number instanceof Float) {
      final double d = number.doubleValue();
      // Below 2^53 in magnitude, so that the long holds the double's value exactly.
      if (d != Math.rint(d) || Math.abs(d) >= 0x1p53) {
        return null;
      }
      value = (long) d;
    } else {
      return null;
    }
    final boolean inRange = switch (columnType) {
      case TINYINT -> value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE;
      case SMALLINT -> value >= Short.MIN_VALUE && value <= Short.MAX_VALUE;
      case INTEGER -> value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE;
      default -> true;
    };
    return inRange ? value : null;
  }
}
