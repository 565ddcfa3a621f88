package dev.sorrel.engine.table;

import java.math.BigDecimal;
import java.math.RoundingMode;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.storage.ValueType;

/**
 * Converts a value handed to the engine into a column's storage
 * representation, enforcing the column's declared limits (range, length,
 * precision). The one place where "does this value fit this column" is
 * decided, for every write path.
 */
public final class Values {
  private Values() {
  }

  /** Returns {@code value} as the storage representation of {@code column}'s type. */
  public static Object coerce(ColumnDef column, Object value) {
    if (value == null) {
      return null;
    }
    final ValueType type = column.type();
    return switch (type) {
      case BOOLEAN -> {
        if (value instanceof Boolean) {
          yield value;
        }
        throw mismatch(column, value);
      }
      case TINYINT -> (byte) integral(column, value, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SMALLINT -> (short) integral(column, value, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER -> (int) integral(column, value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      // A value of the column's own type, the usual case of a load, is kept as it is.
      case BIGINT -> value instanceof Long ? value
          : (Object) integral(column, value, Long.MIN_VALUE, Long.MAX_VALUE);
      case REAL -> {
        if (value instanceof Number n) {
          final float f = n.floatValue();
          if (Float.isInfinite(f) && !isInfinite(n)) {
            throw outOfRange(column, value);
          }
          yield f;
        }
        throw mismatch(column, value);
      }
      case DOUBLE -> {
        if (value instanceof Double) {
          yield value;
        }
        if (value instanceof Number n) {
          final double d = n.doubleValue();
          if (Double.isInfinite(d) && !isInfinite(n)) {
            throw outOfRange(column, value);
          }
          yield d;
        }
        throw mismatch(column, value);
      }
      case DECIMAL -> decimal(column, value);
      case VARCHAR -> {
        if (!(value instanceof String s)) {
          throw mismatch(column, value);
        }
        if (column.precision() >= 0 && s.codePointCount(0, s.length()) > column.precision()) {
          throw new SorrelException(ErrorCode.STRING_TOO_LONG, "value too long for column "
              + column.name() + " " + column.sqlTypeName() + ": " + s.length() + " characters");
        }
        final int unpaired = unpairedSurrogate(s);
        if (unpaired >= 0) {
          throw new SorrelException(ErrorCode.CHARACTER_NOT_IN_REPERTOIRE, "value for column "
              + column.name() + " is not Unicode text: unpaired surrogate U+"
              + Integer.toHexString(s.charAt(unpaired)).toUpperCase(java.util.Locale.ROOT)
              + " at index " + unpaired);
        }
        yield s;
      }
      case VARBINARY -> {
        if (!(value instanceof byte[] b)) {
          throw mismatch(column, value);
        }
        if (column.precision() >= 0 && b.length > column.precision()) {
          throw new SorrelException(ErrorCode.STRING_TOO_LONG, "value too long for column "
              + column.name() + " " + column.sqlTypeName() + ": " + b.length + " bytes");
        }
        yield b;
      }
      case DATE, TIME -> {
        if (value instanceof Integer) {
          yield value;
        }
        throw mismatch(column, value);
      }
      case TIMESTAMP -> {
        if (value instanceof Long) {
          yield value;
        }
        if (value instanceof Integer i) {
          yield i.longValue();
        }
        throw mismatch(column, value);
      }
    };
  }

  private static long integral(ColumnDef column, Object value, long min, long max) {
    final long v;
    if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      v = ((Number) value).longValue();
    } else if (value instanceof BigDecimal d) {
      try {
        v = d.setScale(0, RoundingMode.HALF_UP).longValueExact();
      } catch (ArithmeticException e) {
        throw outOfRange(column, value);
      }
    } else if (value instanceof Double || value instanceof Float) {
      // Round as DECIMAL input does (half up), then check the range.
      final double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw outOfRange(column, value);
      }
      try {
        v = new BigDecimal(d).setScale(0, RoundingMode.HALF_UP).longValueExact();
      } catch (ArithmeticException e) {
        throw outOfRange(column, value);
      }
    } else {
      throw mismatch(column, value);
    }
    if (v < min || v > max) {
      throw outOfRange(column, value);
    }
    return v;
  }

  private static BigDecimal decimal(ColumnDef column, Object value) {
    BigDecimal d;
    if (value instanceof BigDecimal b) {
      d = b;
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte) {
      d = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      final double v = ((Number) value).doubleValue();
      if (Double.isNaN(v) || Double.isInfinite(v)) {
        throw outOfRange(column, value);
      }
      d = BigDecimal.valueOf(v);
    } else {
      throw mismatch(column, value);
    }
    if (column.precision() > 0) {
      d = d.setScale(column.scale(), RoundingMode.HALF_UP);
      if (d.precision() - d.scale() > column.precision() - column.scale()) {
        throw outOfRange(column, value);
      }
    }
    return d;
  }

  private static boolean isInfinite(Number n) {
    return (n instanceof Double d && d.isInfinite()) || (n instanceof Float f && f.isInfinite());
  }

  private static SorrelException outOfRange(ColumnDef column, Object value) {
    return new SorrelException(ErrorCode.NUMERIC_OUT_OF_RANGE, "value " + value
        + " is out of range for column " + column.name() + " " + column.sqlTypeName());
  }

  private static SorrelException mismatch(ColumnDef column, Object value) {
    return new SorrelException(ErrorCode.TYPE_MISMATCH, "column " + column.name() + " "
        + column.sqlTypeName() + " cannot hold a value of type "
        + value.getClass().getSimpleName());
  }

  /**
   * The index of the first surrogate in {@code s} that is not half of a
   * pair, or -1. Such a string is not Unicode text and has no UTF-8 form to
   * store.
   */
  static int unpairedSurrogate(String s) {
    final int n = s.length();
    for (int i = 0; i < n; i++) {
      final char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }
}
