package dev.sorrel.sql.copy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.ZoneOffset;

import dev.sorrel.storage.ValueType;

/**
 * The columns of a query result as a columnar export (Arrow, Parquet) writes them: labels,
 * storage types, DECIMAL precision and scale; and each row's values in the storage
 * representation the file writers take.
 */
final class ResultColumns {
  final String[] names;
  final ValueType[] types;
  final int[] precisions;
  final int[] scales;

  /**
   * Describes the columns of {@code meta}; a DECIMAL without a precision, or with one above
   * {@code maxDecimalPrecision}, gets {@code maxDecimalPrecision}.
   */
  ResultColumns(ResultSetMetaData meta, int maxDecimalPrecision) throws SQLException {
    final int width = meta.getColumnCount();
    names = new String[width];
    types = new ValueType[width];
    precisions = new int[width];
    scales = new int[width];
    for (int c = 0; c < width; c++) {
      names[c] = meta.getColumnLabel(c + 1);
      types[c] = valueType(meta, c + 1);
      final int precision = meta.getPrecision(c + 1);
      precisions[c] = precision > 0 && precision <= maxDecimalPrecision
          ? precision : maxDecimalPrecision;
      scales[c] = Math.max(0, meta.getScale(c + 1));
    }
  }

  /** The current row of {@code rows}, in storage representation. */
  Object[] row(ResultSet rows) throws SQLException {
    final Object[] row = new Object[types.length];
    for (int c = 0; c < row.length; c++) {
      row[c] = storageValue(types[c], rows.getObject(c + 1), scales[c]);
    }
    return row;
  }

  private static ValueType valueType(ResultSetMetaData meta, int column) throws SQLException {
    return switch (meta.getColumnType(column)) {
      case Types.BOOLEAN, Types.BIT -> ValueType.BOOLEAN;
      case Types.TINYINT -> ValueType.TINYINT;
      case Types.SMALLINT -> ValueType.SMALLINT;
      case Types.INTEGER -> ValueType.INTEGER;
      case Types.BIGINT -> ValueType.BIGINT;
      case Types.REAL -> ValueType.REAL;
      case Types.FLOAT, Types.DOUBLE -> ValueType.DOUBLE;
      case Types.DECIMAL, Types.NUMERIC -> ValueType.DECIMAL;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> ValueType.VARBINARY;
      case Types.DATE -> ValueType.DATE;
      case Types.TIME -> ValueType.TIME;
      case Types.TIMESTAMP -> ValueType.TIMESTAMP;
      default -> ValueType.VARCHAR;
    };
  }

  /** Converts a JDBC value to the storage form the file writers take. */
  private static Object storageValue(ValueType type, Object value, int scale) {
    if (value == null) {
      return null;
    }
    return switch (type) {
      case BOOLEAN -> (Boolean) value;
      case TINYINT -> ((Number) value).byteValue();
      case SMALLINT -> ((Number) value).shortValue();
      case INTEGER -> ((Number) value).intValue();
      case BIGINT -> ((Number) value).longValue();
      case REAL -> ((Number) value).floatValue();
      case DOUBLE -> ((Number) value).doubleValue();
      case DECIMAL -> (value instanceof BigDecimal d ? d : new BigDecimal(value.toString()))
          .setScale(scale, RoundingMode.HALF_UP);
      case VARCHAR -> value.toString();
      case VARBINARY -> (byte[]) value;
      case DATE -> (int) ((java.sql.Date) value).toLocalDate().toEpochDay();
      case TIME -> {
        // toLocalTime() drops the milliseconds, which the instant still has.
        final java.sql.Time time = (java.sql.Time) value;
        yield (int) (time.toLocalTime().toNanoOfDay() / 1_000_000
            + Math.floorMod(time.getTime(), 1_000L));
      }
      case TIMESTAMP -> ((java.sql.Timestamp) value).toLocalDateTime()
          .toInstant(ZoneOffset.UTC).toEpochMilli();
    };
  }
}
