package dev.sorrel.engine.table;

import static dev.sorrel.engine.EngineTestSupport.assertSorrel;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.storage.ValueType;

class ValuesTest {
  private static ColumnDef col(ValueType type) {
    return new ColumnDef("C", type, -1, 0, true, null);
  }

  private static ColumnDef col(ValueType type, int precision, int scale) {
    return new ColumnDef("C", type, precision, scale, false, null);
  }

  private static Object coerce(ValueType type, Object value) {
    return Values.coerce(col(type), value);
  }

  private static void assertCoerced(Object expected, ColumnDef column, Object value) {
    final Object actual = Values.coerce(column, value);
    assertEquals(expected, actual, column.sqlTypeName() + " <- " + describe(value));
    assertEquals(expected.getClass(), actual.getClass(),
        column.sqlTypeName() + " <- " + describe(value));
  }

  private static void assertCoerced(Object expected, ValueType type, Object value) {
    assertCoerced(expected, col(type), value);
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " " + value;
  }

  private static void assertOutOfRange(ColumnDef column, Object value) {
    final SorrelException e = assertSorrel(ErrorCode.NUMERIC_OUT_OF_RANGE,
        () -> Values.coerce(column, value));
    assertTrue(e.getMessage().contains(column.sqlTypeName()), e.getMessage());
  }

  private static void assertOutOfRange(ValueType type, Object value) {
    assertOutOfRange(col(type), value);
  }

  private static void assertMismatch(ColumnDef column, Object value) {
    final SorrelException e = assertSorrel(ErrorCode.TYPE_MISMATCH,
        () -> Values.coerce(column, value));
    assertEquals("42804", e.sqlState());
    assertTrue(e.getMessage().contains(value.getClass().getSimpleName()), e.getMessage());
  }

  private static void assertMismatch(ValueType type, Object value) {
    assertMismatch(col(type), value);
  }

  // ------------------------------------------------------------------ every type

  @ParameterizedTest
  @EnumSource(ValueType.class)
  void nullStaysNull(ValueType type) {
    assertNull(Values.coerce(col(type), null));
    assertNull(Values.coerce(new ColumnDef("C", type, 3, 1, false, null), null));
  }

  @ParameterizedTest
  @EnumSource(ValueType.class)
  void storageRepresentationPassesThroughUnchanged(ValueType type) {
    final Random rnd = new Random(99 + type.ordinal());
    for (int i = 0; i < 200; i++) {
      final Object value = TableTest.randomValue(type, rnd);
      final Object coerced = coerce(type, value);
      assertEquals(type.javaClass(), coerced.getClass(), type + " <- " + describe(value));
      assertTrue(Arrays.deepEquals(new Object[] {value}, new Object[] {coerced}),
          type + ": " + describe(value) + " became " + describe(coerced));
    }
  }

  @ParameterizedTest
  @EnumSource(ValueType.class)
  void unrelatedClassesAreTypeMismatches(ValueType type) {
    final Object foreign = switch (type) {
      case VARCHAR -> 42;
      case VARBINARY -> "bytes";
      case BOOLEAN -> 1;
      case DATE -> LocalDate.of(2024, 1, 1);
      default -> "42";
    };
    assertMismatch(type, foreign);
  }

  // ------------------------------------------------------------------ BOOLEAN

  @Test
  void booleanAcceptsOnlyBoolean() {
    assertCoerced(Boolean.TRUE, ValueType.BOOLEAN, true);
    assertCoerced(Boolean.FALSE, ValueType.BOOLEAN, false);
    assertMismatch(ValueType.BOOLEAN, "true");
    assertMismatch(ValueType.BOOLEAN, 0L);
  }

  // ------------------------------------------------------------------ exact integers

  @Test
  void tinyint() {
    assertCoerced((byte) 7, ValueType.TINYINT, 7);
    assertCoerced((byte) -128, ValueType.TINYINT, -128L);
    assertCoerced((byte) 127, ValueType.TINYINT, (short) 127);
    assertCoerced((byte) 5, ValueType.TINYINT, (byte) 5);
    assertOutOfRange(ValueType.TINYINT, 300);
    assertOutOfRange(ValueType.TINYINT, 128);
    assertOutOfRange(ValueType.TINYINT, -129L);
    assertOutOfRange(ValueType.TINYINT, (short) 1000);
    assertCoerced((byte) 2, ValueType.TINYINT, new BigDecimal("1.5"));
    assertCoerced((byte) 127, ValueType.TINYINT, new BigDecimal("127.4"));
    assertOutOfRange(ValueType.TINYINT, new BigDecimal("127.5"));
    assertOutOfRange(ValueType.TINYINT, new BigDecimal("-128.5"));
    assertCoerced((byte) 1, ValueType.TINYINT, 1.4);
    assertCoerced((byte) -100, ValueType.TINYINT, -100.0f);
    assertOutOfRange(ValueType.TINYINT, 1000.0);
    assertOutOfRange(ValueType.TINYINT, Double.NaN);
    assertOutOfRange(ValueType.TINYINT, Float.NEGATIVE_INFINITY);
  }

  @Test
  void smallint() {
    assertCoerced((short) 300, ValueType.SMALLINT, 300);
    assertCoerced(Short.MIN_VALUE, ValueType.SMALLINT, -32768L);
    assertCoerced(Short.MAX_VALUE, ValueType.SMALLINT, 32767);
    assertCoerced((short) -3, ValueType.SMALLINT, (byte) -3);
    assertOutOfRange(ValueType.SMALLINT, 32768);
    assertOutOfRange(ValueType.SMALLINT, -32769L);
    assertCoerced((short) -3, ValueType.SMALLINT, new BigDecimal("-2.5"));
    assertCoerced((short) 12, ValueType.SMALLINT, 12.49);
    assertOutOfRange(ValueType.SMALLINT, 1e6);
  }

  @Test
  void integer() {
    assertCoerced(42, ValueType.INTEGER, 42L);
    assertCoerced(Integer.MAX_VALUE, ValueType.INTEGER, (long) Integer.MAX_VALUE);
    assertCoerced(Integer.MIN_VALUE, ValueType.INTEGER, (long) Integer.MIN_VALUE);
    assertCoerced(-7, ValueType.INTEGER, (short) -7);
    assertOutOfRange(ValueType.INTEGER, 1L << 31);
    assertOutOfRange(ValueType.INTEGER, -(1L << 31) - 1);
    assertOutOfRange(ValueType.INTEGER, Long.MAX_VALUE);
    assertCoerced(3, ValueType.INTEGER, new BigDecimal("2.5"));
    assertCoerced(1_000_000, ValueType.INTEGER, new BigDecimal("1E+6"));
    assertOutOfRange(ValueType.INTEGER, new BigDecimal("1E+10"));
    assertCoerced(3, ValueType.INTEGER, 2.5);
    assertCoerced(2_000_000_000, ValueType.INTEGER, 2e9);
    assertOutOfRange(ValueType.INTEGER, 3e9);
  }

  @Test
  void bigint() {
    assertCoerced(42L, ValueType.BIGINT, 42);
    assertCoerced(-1L, ValueType.BIGINT, (byte) -1);
    assertCoerced(Long.MIN_VALUE, ValueType.BIGINT, Long.MIN_VALUE);
    assertCoerced(Long.MAX_VALUE, ValueType.BIGINT, new BigDecimal(Long.MAX_VALUE));
    assertOutOfRange(ValueType.BIGINT, new BigDecimal(Long.MAX_VALUE).add(BigDecimal.ONE));
    assertOutOfRange(ValueType.BIGINT, new BigDecimal("1E+30"));
    assertCoerced(-5L, ValueType.BIGINT, new BigDecimal("-4.5"));
    assertCoerced(1L << 53, ValueType.BIGINT, (double) (1L << 53));
    assertCoerced(Long.MIN_VALUE, ValueType.BIGINT, -0x1p63);
    assertOutOfRange(ValueType.BIGINT, 1e19);
    assertOutOfRange(ValueType.BIGINT, Double.POSITIVE_INFINITY);
    assertOutOfRange(ValueType.BIGINT, Double.NaN);
  }

  /** 2^63 is one more than Long.MAX_VALUE; it must not be clamped to Long.MAX_VALUE. */
  @Test
  void doubleJustAboveLongRangeIsOutOfRangeForBigint() {
    assertOutOfRange(ValueType.BIGINT, 0x1p63);
    assertOutOfRange(ValueType.BIGINT, 0x1p63f);
  }

  /**
   * A DOUBLE that rounds to a value inside the column's range fits, as the
   * same value as a DECIMAL does: 127.4 rounds to 127, a valid TINYINT.
   */
  @Test
  void doubleThatRoundsIntoRangeFits() {
    assertCoerced((byte) 127, ValueType.TINYINT, new BigDecimal("127.4"));
    assertCoerced((byte) 127, ValueType.TINYINT, 127.4);
    assertCoerced((byte) -128, ValueType.TINYINT, -128.4);
    assertCoerced(Short.MAX_VALUE, ValueType.SMALLINT, 32767.2);
    assertCoerced(Integer.MIN_VALUE, ValueType.INTEGER, -2147483648.3);
  }

  /** Halves round the same way whether the value arrives as DOUBLE or as DECIMAL. */
  @Test
  void negativeHalvesRoundTheSameForDoubleAndDecimalInput() {
    for (ValueType type : new ValueType[] {ValueType.SMALLINT, ValueType.INTEGER,
        ValueType.BIGINT}) {
      for (String half : new String[] {"2.5", "-2.5", "0.5", "-0.5", "-7.5"}) {
        assertEquals(coerce(type, new BigDecimal(half)), coerce(type, Double.parseDouble(half)),
            type + " <- " + half + " as DECIMAL vs as DOUBLE");
      }
    }
  }

  // ------------------------------------------------------------------ approximate numbers

  @Test
  void real() {
    assertCoerced(1.5f, ValueType.REAL, 1.5f);
    assertCoerced(3.0f, ValueType.REAL, 3);
    assertCoerced(-3.0f, ValueType.REAL, -3L);
    assertCoerced(0.25f, ValueType.REAL, 0.25);
    assertCoerced(1.5f, ValueType.REAL, new BigDecimal("1.5"));
    assertCoerced(Float.NaN, ValueType.REAL, Double.NaN);
    assertCoerced(Float.NEGATIVE_INFINITY, ValueType.REAL, Double.NEGATIVE_INFINITY);
  }

  /** A finite value beyond REAL's range must not silently become infinity. */
  @Test
  void finiteValueBeyondRealRangeIsOutOfRange() {
    assertOutOfRange(ValueType.REAL, 1e300);
    assertOutOfRange(ValueType.REAL, new BigDecimal("-1E+50"));
    assertOutOfRange(ValueType.DOUBLE, new BigDecimal("1E+400"));
  }

  @Test
  void doublePrecision() {
    assertCoerced(2.5, ValueType.DOUBLE, 2.5);
    assertCoerced(3.0, ValueType.DOUBLE, 3);
    assertCoerced(9.007199254740992E15, ValueType.DOUBLE, 9007199254740992L);
    assertCoerced(0.5, ValueType.DOUBLE, 0.5f);
    assertCoerced(-0.125, ValueType.DOUBLE, new BigDecimal("-0.125"));
    assertCoerced(Double.POSITIVE_INFINITY, ValueType.DOUBLE, Double.POSITIVE_INFINITY);
    assertTrue(Double.isNaN((Double) coerce(ValueType.DOUBLE, Double.NaN)));
    assertEquals(Double.doubleToRawLongBits(-0.0),
        Double.doubleToRawLongBits((Double) coerce(ValueType.DOUBLE, -0.0)), "-0.0 kept");
    assertMismatch(ValueType.DOUBLE, "2.5");
    assertMismatch(ValueType.DOUBLE, true);
  }

  // ------------------------------------------------------------------ DECIMAL

  @Test
  void unconstrainedDecimalKeepsValueAndScale() {
    final BigDecimal value = new BigDecimal("123456789012345678901234567890.000100");
    assertSame(value, coerce(ValueType.DECIMAL, value));
    assertCoerced(new BigDecimal("1E+3"), ValueType.DECIMAL, new BigDecimal("1E+3"));
    assertCoerced(BigDecimal.valueOf(42), ValueType.DECIMAL, 42);
    assertCoerced(BigDecimal.valueOf(Long.MIN_VALUE), ValueType.DECIMAL, Long.MIN_VALUE);
    assertCoerced(BigDecimal.valueOf(-3), ValueType.DECIMAL, (short) -3);
    // Doubles convert through their shortest decimal representation, not their binary value.
    assertCoerced(new BigDecimal("0.1"), ValueType.DECIMAL, 0.1);
    assertOutOfRange(ValueType.DECIMAL, Double.NaN);
    assertOutOfRange(ValueType.DECIMAL, Double.NEGATIVE_INFINITY);
    assertOutOfRange(ValueType.DECIMAL, Float.POSITIVE_INFINITY);
    assertMismatch(ValueType.DECIMAL, "1.5");
  }

  @Test
  void decimalFiveTwoRoundsHalfUpAndChecksIntegerDigits() {
    final ColumnDef d52 = col(ValueType.DECIMAL, 5, 2);
    assertEquals("DECIMAL(5, 2)", d52.sqlTypeName());
    assertCoerced(new BigDecimal("1.01"), d52, new BigDecimal("1.005"));
    assertCoerced(new BigDecimal("-1.01"), d52, new BigDecimal("-1.005"));
    assertCoerced(new BigDecimal("1.00"), d52, new BigDecimal("1.004999"));
    assertCoerced(new BigDecimal("1.00"), d52, 1);
    assertCoerced(new BigDecimal("1.00"), d52, new BigDecimal("1"));
    assertCoerced(new BigDecimal("123.46"), d52, 123.456);
    assertCoerced(new BigDecimal("0.00"), d52, new BigDecimal("0.001"));
    assertCoerced(new BigDecimal("0.00"), d52, new BigDecimal("-0.004"));
    assertCoerced(new BigDecimal("999.99"), d52, new BigDecimal("999.99"));
    assertCoerced(new BigDecimal("999.99"), d52, new BigDecimal("999.994"));
    assertCoerced(new BigDecimal("-999.99"), d52, -999.99);
    assertCoerced(new BigDecimal("100.00"), d52, new BigDecimal("1E+2"));
    assertOutOfRange(d52, new BigDecimal("999.995"));
    assertOutOfRange(d52, new BigDecimal("-999.995"));
    assertOutOfRange(d52, 1000);
    assertOutOfRange(d52, 1000L);
    assertOutOfRange(d52, 1e3);
    assertOutOfRange(d52, new BigDecimal("1E+3"));
    assertOutOfRange(d52, new BigDecimal("123456.7"));
  }

  @Test
  void decimalWithScaleEqualToPrecisionOrZero() {
    final ColumnDef d22 = col(ValueType.DECIMAL, 2, 2);
    assertCoerced(new BigDecimal("0.99"), d22, new BigDecimal("0.99"));
    assertCoerced(new BigDecimal("-0.50"), d22, new BigDecimal("-0.5"));
    assertOutOfRange(d22, new BigDecimal("0.995"));
    assertOutOfRange(d22, 1);

    final ColumnDef d30 = col(ValueType.DECIMAL, 3, 0);
    assertCoerced(new BigDecimal("999"), d30, new BigDecimal("999.4"));
    assertCoerced(new BigDecimal("-13"), d30, new BigDecimal("-12.5"));
    assertCoerced(new BigDecimal("100"), d30, new BigDecimal("1E+2"));
    assertOutOfRange(d30, new BigDecimal("999.5"));
    assertOutOfRange(d30, 1000);
  }

  // ------------------------------------------------------------------ strings and bytes

  @Test
  void varchar() {
    final String long1000 = "x".repeat(1000);
    assertSame(long1000, coerce(ValueType.VARCHAR, long1000));
    final ColumnDef v3 = col(ValueType.VARCHAR, 3, 0);
    assertCoerced("abc", v3, "abc");
    assertCoerced("", v3, "");
    // Length counts characters (code points), not UTF-16 units or bytes.
    assertCoerced("😀é😀", v3, "😀é😀");
    final SorrelException e = assertSorrel(ErrorCode.STRING_TOO_LONG,
        () -> Values.coerce(v3, "abcd"));
    assertEquals("22001", e.sqlState());
    assertTrue(e.getMessage().contains("VARCHAR(3)"), e.getMessage());
    assertSorrel(ErrorCode.STRING_TOO_LONG, () -> Values.coerce(v3, "😀😀😀😀"));
    final ColumnDef v0 = col(ValueType.VARCHAR, 0, 0);
    assertCoerced("", v0, "");
    assertSorrel(ErrorCode.STRING_TOO_LONG, () -> Values.coerce(v0, "a"));
    assertMismatch(v3, 1);
    assertMismatch(v3, 'a');
    assertMismatch(v3, new byte[] {97});
  }

  @Test
  void varbinary() {
    final byte[] bytes = {0, 1, 2, (byte) 0xFF};
    assertSame(bytes, coerce(ValueType.VARBINARY, bytes));
    final ColumnDef b2 = col(ValueType.VARBINARY, 2, 0);
    assertEquals("VARBINARY(2)", b2.sqlTypeName());
    assertArrayEquals(new byte[] {1, 2}, (byte[]) Values.coerce(b2, new byte[] {1, 2}));
    assertArrayEquals(new byte[0], (byte[]) Values.coerce(b2, new byte[0]));
    assertSorrel(ErrorCode.STRING_TOO_LONG, () -> Values.coerce(b2, new byte[] {1, 2, 3}));
    assertMismatch(b2, "ab");
    assertMismatch(b2, new Byte[] {1});
  }

  // ------------------------------------------------------------------ date and time

  @Test
  void dateTimeAndTimestamp() {
    assertCoerced(19_000, ValueType.DATE, 19_000);
    assertCoerced(-719_162, ValueType.DATE, -719_162);
    assertMismatch(ValueType.DATE, 19_000L);
    assertMismatch(ValueType.DATE, "2024-01-01");

    assertCoerced(0, ValueType.TIME, 0);
    assertCoerced(86_399_999, ValueType.TIME, 86_399_999);
    assertMismatch(ValueType.TIME, 1000L);
    assertMismatch(ValueType.TIME, java.time.LocalTime.NOON);

    assertCoerced(1_700_000_000_000L, ValueType.TIMESTAMP, 1_700_000_000_000L);
    assertCoerced(-1L, ValueType.TIMESTAMP, -1L);
    assertCoerced(1000L, ValueType.TIMESTAMP, 1000);
    assertMismatch(ValueType.TIMESTAMP, 1.5);
    assertMismatch(ValueType.TIMESTAMP, java.time.Instant.EPOCH);
  }

  @Test
  void sqlTypeNames() {
    assertEquals("DECIMAL", col(ValueType.DECIMAL).sqlTypeName());
    assertEquals("DECIMAL(10, 0)", col(ValueType.DECIMAL, 10, 0).sqlTypeName());
    assertEquals("VARCHAR", col(ValueType.VARCHAR).sqlTypeName());
    assertEquals("VARCHAR(10)", col(ValueType.VARCHAR, 10, 0).sqlTypeName());
    assertEquals("VARBINARY", col(ValueType.VARBINARY).sqlTypeName());
    for (ValueType type : new ValueType[] {ValueType.BOOLEAN, ValueType.TINYINT,
        ValueType.SMALLINT, ValueType.INTEGER, ValueType.BIGINT, ValueType.REAL, ValueType.DOUBLE,
        ValueType.DATE, ValueType.TIME, ValueType.TIMESTAMP}) {
      assertEquals(type.name(), col(type).sqlTypeName());
    }
  }
}
