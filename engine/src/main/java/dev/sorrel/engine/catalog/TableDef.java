package dev.sorrel.engine.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * A table as the catalog stores it. Rows are keyed by the primary key; a
 * table without one is keyed by a hidden, increasing row id.
 *
 * @param id internal id, the key prefix of the table's rows; never reused
 * @param name table name
 * @param columns columns in order
 * @param primaryKey ordinals of the primary key columns, in key order; empty
 *     if the table has no primary key
 * @param createdMillis creation time, milliseconds since the epoch
 */
public record TableDef(int id, String name, List<ColumnDef> columns,
    List<Integer> primaryKey, long createdMillis) {

  public TableDef {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  /** Returns the ordinal of a column, or -1. */
  public int columnIndex(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }

  public boolean hasPrimaryKey() {
    return !primaryKey.isEmpty();
  }

  /** Validates a definition before it is created; throws on the first problem. */
  static void validate(String name, List<ColumnDef> columns, List<Integer> primaryKey) {
    if (columns.isEmpty()) {
      throw new SorrelException(ErrorCode.INVALID_DEFINITION,
          "table " + name + " must have at least one column");
    }
    final List<String> seen = new ArrayList<>();
    String identity = null;
    for (ColumnDef column : columns) {
      if (column.hasIdentity()) {
        if (identity != null) {
          throw new SorrelException(ErrorCode.INVALID_DEFINITION, "table " + name
              + " has two identity columns, " + identity + " and " + column.name()
              + "; a table can have one");
        }
        identity = column.name();
        column.identity().validate(column);
        if (column.nullable()) {
          throw new SorrelException(ErrorCode.INVALID_DEFINITION,
              "identity column " + column.name() + " must be NOT NULL");
        }
      }
      if (seen.contains(column.name())) {
        throw new SorrelException(ErrorCode.INVALID_DEFINITION,
            "duplicate column name " + column.name() + " in table " + name);
      }
      seen.add(column.name());
      if (column.type() == dev.sorrel.storage.ValueType.DECIMAL && column.precision() > 0
          && (column.scale() < 0 || column.scale() > column.precision())) {
        throw new SorrelException(ErrorCode.INVALID_DEFINITION, String.format(Locale.ROOT,
            "column %s: DECIMAL scale %d must be between 0 and the precision %d",
            column.name(), column.scale(), column.precision()));
      }
    }
    final List<Integer> keySeen = new ArrayList<>();
    for (int ordinal : primaryKey) {
      if (ordinal < 0 || ordinal >= columns.size()) {
        throw new SorrelException(ErrorCode.INVALID_DEFINITION,
            "primary key of " + name + " names column #" + ordinal + " of " + columns.size());
      }
      if (keySeen.contains(ordinal)) {
        throw new SorrelException(ErrorCode.INVALID_DEFINITION,
            "column " + columns.get(ordinal).name() + " appears twice in the primary key of "
                + name);
      }
      keySeen.add(ordinal);
      if (columns.get(ordinal).nullable()) {
        throw new SorrelException(ErrorCode.INVALID_DEFINITION,
            "primary key column " + columns.get(ordinal).name() + " must be NOT NULL");
      }
    }
  }
}
