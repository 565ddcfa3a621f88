package dev.sorrel.sql.runtime;

import java.math.BigDecimal;

import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;

/**
 * Converts between Calcite's run-time values and the engine's storage
 * representations. They agree for everything but binary strings (Calcite's
 * {@link ByteString}, storage's {@code byte[]}) and for literal values as the
 * planner holds them ({@link NlsString}, {@link DateString}, …).
 */
public final class CalciteValues {
  private CalciteValues() {
  }

  /** Converts a run-time or literal value to a storage value. */
  public static Object toStorage(Object value) {
    if (value instanceof ByteString b) {
      return b.getBytes();
    }
    if (value instanceof NlsString s) {
      return s.getValue();
    }
    if (value instanceof DateString d) {
      return d.getDaysSinceEpoch();
    }
    if (value instanceof TimeString t) {
      return t.getMillisOfDay();
    }
    if (value instanceof TimestampString t) {
      return t.getMillisSinceEpoch();
    }
    if (value instanceof java.util.Calendar c) {
      return c.getTimeInMillis();
    }
    return value;
  }

  /** Converts a storage value to Calcite's run-time representation. */
  public static Object toCalcite(Object value) {
    return value instanceof byte[] b ? new ByteString(b) : value;
  }

  /**
   * Whether any of these columns of a table is binary: only then do its
   * storage values need converting for Calcite.
   */
  public static boolean hasBinary(Table table, int[] columns) {
    for (int column : columns) {
      if (table.columns().get(column).type() == ValueType.VARBINARY) {
        return true;
      }
    }
    return false;
  }

  /** Whether a literal value is an integer, for deciding if a bound is exact. */
  public static boolean isIntegral(Object value) {
    if (value instanceof BigDecimal d) {
      return d.signum() == 0 || d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0;
    }
    return value instanceof Long || value instanceof Integer || value instanceof Short
        || value instanceof Byte;
  }
}
