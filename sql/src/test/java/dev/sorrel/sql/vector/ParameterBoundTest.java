package dev.sorrel.sql.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;

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

  /**
   * A value that is no whole number in the column type's range bounds no block: {@code x < 5.5}
   * holds for 5 where {@code x < 5} does not, and a value past the type may be read narrowed.
   */
  @Test void integralColumnsBindOnlyWholeValuesInTheirTypesRange() {
    final ParameterBound less = new ParameterBound(SqlKind.LESS_THAN, 2, SqlTypeName.INTEGER, 0);
    assertEquals(new BlockPredicate.NotNull(2), less.bind(5.5));
    assertEquals(new BlockPredicate.NotNull(2), less.bind(new BigDecimal("5.5")));
    assertEquals(new BlockPredicate.NotNull(2), less.bind(5_000_000_000L));
    assertEquals(new BlockPredicate.NotNull(2), less.bind(new BigInteger("99999999999999999999")));
    assertEquals(new BlockPredicate.LongRange(2, Long.MIN_VALUE, 4), less.bind(5.0));
    assertEquals(new BlockPredicate.LongRange(2, Long.MIN_VALUE, 4),
        less.bind(new BigDecimal("5.00")));
    assertEquals(new BlockPredicate.NotNull(2),
        new ParameterBound(SqlKind.LESS_THAN, 2, SqlTypeName.TINYINT, 0).bind(300));
    assertEquals(new BlockPredicate.LongRange(2, Long.MIN_VALUE, 4_999_999_999L),
        new ParameterBound(SqlKind.LESS_THAN, 2, SqlTypeName.BIGINT, 0).bind(5_000_000_000L));
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
