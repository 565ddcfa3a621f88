package dev.sorrel.engine.load;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.storage.ValueType;

/**
 * A column of an export: its name and the storage type of its values; a DECIMAL's precision and
 * scale (a columnar file declares them; values are rounded to the scale).
 */
public record ExportColumn(String name, ValueType type, int precision, int scale) {
  /** The export column of a table column. */
  public static ExportColumn of(ColumnDef column) {
    return new ExportColumn(column.name(), column.type(), column.precision(), column.scale());
  }
}
