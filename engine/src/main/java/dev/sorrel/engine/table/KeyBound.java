package dev.sorrel.engine.table;

import java.math.BigDecimal;
import java.util.function.IntFunction;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.storage.ValueType;

/**
 * A value an {@link AccessPath} compares one key column with: a constant
 * already converted to the column's storage representation, or a parameter
 * converted at each execution.
 *
 * <p>A path only narrows the rows its caller filters, so a value that cannot
 * be used exactly — a fraction for an integer key, a number beyond the
 * column's range, a string whose order the key encoding does not share —
 * narrows less ({@link #UNBOUNDED}) or, as an equality, matches nothing
 * ({@link #NO_MATCH}); it never drops a row the filter keeps.
 */
sealed interface KeyBound {
  /** A range bound that must not narrow the scan. */
  Object UNBOUNDED = new Object();
  /** An equality that no stored key can satisfy. */
  Object NO_MATCH = new Object();

  /** Returns the value as an equality key, null for SQL NULL, or {@link #NO_MATCH}. */
  Object asPoint(IntFunction<Object> parameters);

  /** Returns the value as a range bound, null for SQL NULL, or {@link #UNBOUNDED}. */
  Object asBound(IntFunction<Object> parameters);

  /**
   * A constant usable exactly, in the key column's storage representation
   * ({@code type}, which says how EXPLAIN shows it).
   */
  record Constant(Object value, ValueType type) implements KeyBound {
    @Override public Object asPoint(IntFunction<Object> parameters) {
      return value;
    }

    @Override public Object asBound(IntFunction<Object> parameters) {
      return value;
    }

    @Override public String toString() {
      return switch (type) {
        case VARCHAR -> "'" + value + "'";
        case DATE -> java.time.LocalDate.ofEpochDay((Integer) value).toString();
        case TIME -> time((Integer) value);
        case TIMESTAMP -> java.time.LocalDate.ofEpochDay(Math.floorDiv((Long) value, 86_400_000L))
            + " " + time((int) Math.floorMod((Long) value, 86_400_000L));
        case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARBINARY ->
            String.valueOf(value);
      };
    }
  }

  /** Milliseconds of a day as SQL writes a time, e.g. {@code 13:05:00} or {@code 13:05:00.250}. */
  private static String time(int millis) {
    final int ms = millis % 1000;
    return String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", millis / 3_600_000,
        millis / 60_000 % 60, millis / 1000 % 60) + (ms == 0 ? ""
            : String.format(java.util.Locale.ROOT, ".%03d", ms));
  }

  /** The statement parameter with this index, compared with {@code column}. */
  record Parameter(int index, ColumnDef column) implements KeyBound {
    @Override public Object asPoint(IntFunction<Object> parameters) {
      final Object value = parameters.apply(index);
      return value == null ? null : convert(column, value);
    }

    @Override public Object asBound(IntFunction<Object> parameters) {
      final Object value = asPoint(parameters);
      return value == NO_MATCH || !orderSafe(value) ? UNBOUNDED : value;
    }

    @Override public String toString() {
      return "?" + index;
    }
  }

  /**
   * Converts a value compared with a key column to the column's storage
   * representation, or returns {@link #NO_MATCH} if no value the column can
   * hold equals it.
   *
   * @throws SorrelException {@link ErrorCode#TYPE_MISMATCH} if the value is
   *     not comparable with the column at all (an error on every access path)
   */
  static Object convert(ColumnDef column, Object value) {
    // The column's declared limits (length, scale) are for stored values, not
    // for what they are compared with: rounding 1.255 to a DECIMAL(10, 2)
    // bound of 1.26 would drop 1.26 from "k > 1.255".
    final ColumnDef unbounded = new ColumnDef(column.name(), column.type(), -1, 0, true, null);
    final Object key;
    try {
      key = Values.coerce(unbounded, value);
    } catch (SorrelException e) {
      if (e.code() == ErrorCode.NUMERIC_OUT_OF_RANGE
          || e.code() == ErrorCode.CHARACTER_NOT_IN_REPERTOIRE) {
        // Out of range, or a string with an unpaired surrogate (the key
        // encoding refuses those): no stored key equals it.
        return NO_MATCH;
      }
      throw e;
    }
    if (isIntegral(column.type()) && value instanceof Number n
        && new BigDecimal(n.toString()).compareTo(new BigDecimal(key.toString())) != 0) {
      return NO_MATCH; // coercion rounded a fraction
    }
    return key;
  }

  /**
   * Whether ranges bounded by this storage value agree between Java's order
   * of strings (UTF-16 code units, which SQL comparisons use) and the key
   * encoding's (code points): true for every non-string and for strings whose
   * characters are all below the surrogate range, where the two orders agree.
   */
  static boolean orderSafe(Object value) {
    if (value instanceof String s) {
      for (int i = 0; i < s.length(); i++) {
        if (s.charAt(i) >= '\uD800') {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isIntegral(ValueType type) {
    return switch (type) {
      case TINYINT, SMALLINT, INTEGER, BIGINT -> true;
      case BOOLEAN, REAL, DOUBLE, DECIMAL, VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP -> false;
    };
  }
}
