package dev.sorrel.sql.copy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.load.ExportColumn;
import dev.sorrel.engine.load.RowStream;
import dev.sorrel.sql.runtime.CalciteValues;
import dev.sorrel.storage.ValueType;

/**
 * The columns of a query's result as an export writes them (names, storage types, DECIMAL
 * precision and scale), and its rows converted once from Calcite's run-time values to storage
 * values. A column of a type storage has no counterpart for is written as text.
 */
final class QueryColumns {
  private static final Map<SqlTypeName, ValueType> TYPES = new EnumMap<>(SqlTypeName.class);

  static {
    TYPES.put(SqlTypeName.BOOLEAN, ValueType.BOOLEAN);
    TYPES.put(SqlTypeName.TINYINT, ValueType.TINYINT);
    TYPES.put(SqlTypeName.SMALLINT, ValueType.SMALLINT);
    TYPES.put(SqlTypeName.INTEGER, ValueType.INTEGER);
    TYPES.put(SqlTypeName.BIGINT, ValueType.BIGINT);
    TYPES.put(SqlTypeName.REAL, ValueType.REAL);
    TYPES.put(SqlTypeName.FLOAT, ValueType.DOUBLE);
    TYPES.put(SqlTypeName.DOUBLE, ValueType.DOUBLE);
    TYPES.put(SqlTypeName.DECIMAL, ValueType.DECIMAL);
    TYPES.put(SqlTypeName.CHAR, ValueType.VARCHAR);
    TYPES.put(SqlTypeName.VARCHAR, ValueType.VARCHAR);
    TYPES.put(SqlTypeName.BINARY, ValueType.VARBINARY);
    TYPES.put(SqlTypeName.VARBINARY, ValueType.VARBINARY);
    TYPES.put(SqlTypeName.DATE, ValueType.DATE);
    TYPES.put(SqlTypeName.TIME, ValueType.TIME);
    TYPES.put(SqlTypeName.TIMESTAMP, ValueType.TIMESTAMP);
  }

  private final List<ExportColumn> columns;
  private final ValueType[] types;

  QueryColumns(RelDataType rowType) {
    columns = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      final RelDataType type = field.getType();
      columns.add(new ExportColumn(field.getName(),
          TYPES.getOrDefault(type.getSqlTypeName(), ValueType.VARCHAR),
          type.getPrecision(), type.getScale()));
    }
    types = columns.stream().map(ExportColumn::type).toArray(ValueType[]::new);
  }

  List<ExportColumn> columns() {
    return columns;
  }

  /**
   * The query's rows as storage rows, converted as they are read into one array (which the
   * export copies into its column batches before asking for the next row).
   */
  RowStream storageRows(NestedQuery.Rows rows) {
    final Object[] out = new Object[types.length];
    return new RowStream() {
      @Override public boolean next() {
        return rows.next();
      }

      @Override public Object[] row() {
        final Object[] row = rows.row();
        for (int c = 0; c < out.length; c++) {
          out[c] = storageValue(types[c], row[c]);
        }
        return out;
      }
    };
  }

  /** Converts a run-time value to the exact class storage represents {@code type} by. */
  private static Object storageValue(ValueType type, Object calciteValue) {
    final Object value = CalciteValues.toStorage(calciteValue);
    if (value == null) {
      return null;
    }
    return switch (type) {
      case BOOLEAN, VARBINARY, DATE, TIME -> value;
      case TINYINT -> ((Number) value).byteValue();
      case SMALLINT -> ((Number) value).shortValue();
      case INTEGER -> ((Number) value).intValue();
      case BIGINT, TIMESTAMP -> ((Number) value).longValue();
      case REAL -> ((Number) value).floatValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case DECIMAL -> value instanceof BigDecimal d ? d : new BigDecimal(value.toString());
      case VARCHAR -> value.toString();
    };
  }
}
