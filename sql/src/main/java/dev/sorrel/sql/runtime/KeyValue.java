package dev.sorrel.sql.runtime;

import java.math.BigDecimal;

import org.apache.calcite.DataContext;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Values;
import dev.sorrel.storage.ValueType;

/**
 * One key-bound value of a scan plan: a constant fixed at planning time or a
 * statement parameter ({@code ?}) read from the execution's data context.
 * Resolved to the key column's storage representation per execution.
 *
 * <p>A bound only narrows the scan; the filter above it still decides. So a
 * value that cannot be used exactly — a fractional number for an integer
 * key, a number out of the column's range, a string whose order RocksDB and
 * Java disagree on — narrows less ({@link #UNBOUNDED}) or, for an equality,
 * matches nothing ({@link #NO_MATCH}), and never drops a row the filter keeps.
 */
public sealed interface KeyValue {
  /** A range bound that must not narrow the scan. */
  Object UNBOUNDED = new Object();
  /** An equality that no stored key can satisfy. */
  Object NO_MATCH = new Object();

  /** Returns the value as a range bound, null for SQL NULL, or {@link #UNBOUNDED}. */
  Object resolveBound(DataContext context);

  /** Returns the value as an equality key, null for SQL NULL, or {@link #NO_MATCH}. */
  Object resolvePoint(DataContext context);

  /** A constant, already in storage representation and usable exactly. */
  record Constant(Object value) implements KeyValue {
    @Override public Object resolveBound(DataContext context) {
      return value;
    }

    @Override public Object resolvePoint(DataContext context) {
      return value;
    }

    @Override public String toString() {
      return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
  }

  /** The value of the statement parameter with this index. */
  record Parameter(int index, ColumnDef column) implements KeyValue {
    @Override public Object resolveBound(DataContext context) {
      final Object value = convert(context);
      if (value == NO_MATCH || (value instanceof String s && !orderSafe(s))) {
        return UNBOUNDED;
      }
      return value;
    }

    @Override public Object resolvePoint(DataContext context) {
      return convert(context);
    }

    private Object convert(DataContext context) {
      final Object raw = context.get("?" + index);
      if (raw == null) {
        return null;
      }
      final Object value = CalciteValues.toStorage(raw);
      // Limits of the column (length, scale) are for stored values, not for
      // what they are compared with.
      final ColumnDef unbounded = new ColumnDef(column.name(), column.type(), -1, 0, true, null);
      final Object key;
      try {
        key = Values.coerce(unbounded, value);
      } catch (SorrelException e) {
        if (e.code() == ErrorCode.NUMERIC_OUT_OF_RANGE) {
          return NO_MATCH; // no key of the column's type equals it
        }
        throw e; // a value of the wrong type is an error on every access path
      }
      if (isIntegral(column.type()) && value instanceof Number n
          && new BigDecimal(n.toString()).compareTo(new BigDecimal(key.toString())) != 0) {
        return NO_MATCH;
      }
      return key;
    }

    @Override public String toString() {
      return "?" + index;
    }
  }

  /**
   * Whether ranges over this string agree between Java's order (UTF-16 code
   * units, which SQL comparisons use) and the key encoding's (code points):
   * true when every character is below the surrogate range.
   */
  static boolean orderSafe(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= '\uD800') {
        return false;
      }
    }
    return true;
  }

  private static boolean isIntegral(ValueType type) {
    return type == ValueType.TINYINT || type == ValueType.SMALLINT || type == ValueType.INTEGER
        || type == ValueType.BIGINT;
  }
}
