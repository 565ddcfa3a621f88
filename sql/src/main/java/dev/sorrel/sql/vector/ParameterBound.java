package dev.sorrel.sql.vector;

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
      final BlockPredicate range = BatchAggregateRewrite.longRange(op, column,
          number.longValue());
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
}
