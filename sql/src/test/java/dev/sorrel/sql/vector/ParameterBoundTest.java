package dev.sorrel.sql.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.table.segment.BlockPredicate;

/**
 * A comparison of a column with a parameter binds to the block predicate of its value: the
 * range the literal would give, nothing for NULL, only the column's nulls for NaN.
 */
class ParameterBoundTest {
  @Test void integralColumnsBindTheRangeOfTheValue() {
    final ParameterBound greater = new ParameterBound(SqlKind.GREATER_THAN, 2,
        SqlTypeName.BIGINT, 0);
    assertEquals(new BlockPredicate.LongRange(2, 11, Long.MAX_VALUE), greater.bind(10L));
    assertEquals(new BlockPredicate.LongRange(2, 8, Long.MAX_VALUE), greater.bind(7));
    assertEquals(new BlockPredicate.LongRange(2, 1, 0), greater.bind(Long.MAX_VALUE));
    assertEquals(new BlockPredicate.LongRange(2, 1, 0), greater.bind(null));
    assertEquals(new BlockPredicate.LongRange(4, Long.MIN_VALUE, 3),
        new ParameterBound(SqlKind.LESS_THAN_OR_EQUAL, 4, SqlTypeName.INTEGER, 1).bind(3));
    assertEquals(new BlockPredicate.LongRange(4, 3, 3),
        new ParameterBound(SqlKind.EQUALS, 4, SqlTypeName.SMALLINT, 1).bind((short) 3));
    assertEquals(new BlockPredicate.NotNull(4),
        new ParameterBound(SqlKind.NOT_EQUALS, 4, SqlTypeName.BIGINT, 1).bind(3L));
  }

  @Test void doubleColumnsBindTheRangeOfTheValueButNotNan() {
    final ParameterBound atLeast = new ParameterBound(SqlKind.GREATER_THAN_OR_EQUAL, 1,
        SqlTypeName.DOUBLE, 0);
    assertEquals(new BlockPredicate.DoubleRange(1, 2.5, true, Double.POSITIVE_INFINITY, true),
        atLeast.bind(2.5));
    assertEquals(new BlockPredicate.DoubleRange(1, 3.0, true, Double.POSITIVE_INFINITY, true),
        atLeast.bind(3L));
    assertEquals(new BlockPredicate.NotNull(1), atLeast.bind(Double.NaN));
    assertEquals(new BlockPredicate.LongRange(1, 1, 0), atLeast.bind(null));
    assertEquals(new BlockPredicate.DoubleRange(1, Double.NEGATIVE_INFINITY, true, 0.0, false),
        new ParameterBound(SqlKind.LESS_THAN, 1, SqlTypeName.DOUBLE, 0).bind(0.0));
  }
}
