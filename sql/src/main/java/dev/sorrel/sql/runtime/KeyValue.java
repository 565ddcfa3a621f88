package dev.sorrel.sql.runtime;

import org.apache.calcite.DataContext;

import dev.sorrel.engine.ColumnDef;
import dev.sorrel.engine.Values;

/**
 * One key-bound value of a scan plan: a constant fixed at planning time or a
 * statement parameter ({@code ?}) read from the execution's data context.
 * Resolved to the key column's storage representation per execution.
 */
public sealed interface KeyValue {
  /** Returns the value for this execution, or null for SQL NULL. */
  Object resolve(DataContext context);

  /** A constant, already in storage representation. */
  record Constant(Object value) implements KeyValue {
    @Override public Object resolve(DataContext context) {
      return value;
    }

    @Override public String toString() {
      return value instanceof String ? "'" + value + "'" : String.valueOf(value);
    }
  }

  /** The value of the statement parameter with this index. */
  record Parameter(int index, ColumnDef column) implements KeyValue {
    @Override public Object resolve(DataContext context) {
      final Object value = context.get("?" + index);
      return value == null ? null : Values.coerce(column, CalciteValues.toStorage(value));
    }

    @Override public String toString() {
      return "?" + index;
    }
  }
}
