package dev.sorrel.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.sql.ParameterMetaData;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import com.google.protobuf.ByteString;

/**
 * How Sorrel's SQL types travel as Arrow types, in both directions: result
 * columns (with the Flight SQL column metadata a client's
 * {@code ResultSetMetaData} and {@code getColumns} are built from) and
 * statement parameters.
 *
 * <p>Date-times are wall-clock values, as Sorrel stores them: a TIMESTAMP is an
 * Arrow timestamp without a time zone, counting milliseconds as if the wall
 * clock were UTC, so no JVM's default zone ever shifts a value in transit.
 * Types a Sorrel table cannot hold but an expression can produce (an ARRAY, an
 * INTERVAL) travel as their text.
 */
final class ArrowTypes {
  /** Digits Arrow's 128-bit decimal holds. */
  static final int MAX_DECIMAL_PRECISION = 38;

  private ArrowTypes() {
  }

  /** The Arrow schema of a query's rows. */
  static Schema resultSchema(ResultSetMetaData metaData) throws SQLException {
    final List<Field> fields = new ArrayList<>();
    for (int i = 1; i <= metaData.getColumnCount(); i++) {
      final int jdbcType = metaData.getColumnType(i);
      final int precision = metaData.getPrecision(i);
      final int scale = metaData.getScale(i);
      final FlightSqlColumnMetadata.Builder column = new FlightSqlColumnMetadata.Builder()
          .typeName(metaData.getColumnTypeName(i))
          .precision(precision)
          .scale(scale)
          .isAutoIncrement(metaData.isAutoIncrement(i))
          .isCaseSensitive(metaData.isCaseSensitive(i))
          .isReadOnly(metaData.isReadOnly(i))
          .isSearchable(metaData.isSearchable(i));
      putIfNotEmpty(column::catalogName, metaData.getCatalogName(i));
      putIfNotEmpty(column::schemaName, metaData.getSchemaName(i));
      putIfNotEmpty(column::tableName, metaData.getTableName(i));
      final boolean nullable = metaData.isNullable(i) != ResultSetMetaData.columnNoNulls;
      fields.add(new Field(metaData.getColumnLabel(i),
          new FieldType(nullable, arrowType(jdbcType, precision, scale), null,
              column.build().getMetadataMap()),
          null));
    }
    return new Schema(fields);
  }

  /** The Arrow schema of a statement's parameters: one field per parameter, all nullable. */
  static Schema parameterSchema(ParameterMetaData metaData) throws SQLException {
    final List<Field> fields = new ArrayList<>();
    final int count = metaData == null ? 0 : metaData.getParameterCount();
    for (int i = 1; i <= count; i++) {
      final int jdbcType = metaData.getParameterType(i);
      final FlightSqlColumnMetadata column = new FlightSqlColumnMetadata.Builder()
          .typeName(metaData.getParameterTypeName(i))
          .precision(metaData.getPrecision(i))
          .scale(metaData.getScale(i))
          .build();
      fields.add(new Field("parameter_" + i, new FieldType(true,
          arrowType(jdbcType, metaData.getPrecision(i), metaData.getScale(i)), null,
          column.getMetadataMap()), null));
    }
    return new Schema(fields);
  }

  /** The Arrow type a value of a JDBC type travels as. */
  static ArrowType arrowType(int jdbcType, int precision, int scale) {
    return switch (jdbcType) {
      case Types.BOOLEAN, Types.BIT -> ArrowType.Bool.INSTANCE;
      case Types.TINYINT -> new ArrowType.Int(8, true);
      case Types.SMALLINT -> new ArrowType.Int(16, true);
      case Types.INTEGER -> new ArrowType.Int(32, true);
      case Types.BIGINT -> new ArrowType.Int(64, true);
      case Types.REAL -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case Types.FLOAT, Types.DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case Types.DECIMAL, Types.NUMERIC -> decimal(precision, scale);
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
          ArrowType.Binary.INSTANCE;
      case Types.DATE -> new ArrowType.Date(DateUnit.DAY);
      case Types.TIME -> new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case Types.TIMESTAMP -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
      case Types.TIMESTAMP_WITH_TIMEZONE -> new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC");
      case Types.NULL -> ArrowType.Null.INSTANCE;
      // Text, and whatever else a query can produce (intervals, arrays, ...), as text.
      default -> ArrowType.Utf8.INSTANCE;
    };
  }

  /**
   * A decimal of the declared precision and scale; an unbounded one (Sorrel's
   * DECIMAL without precision) as the widest Arrow's 128-bit decimal holds.
   */
  private static ArrowType decimal(int precision, int scale) {
    final int p = precision <= 0 || precision > MAX_DECIMAL_PRECISION
        ? MAX_DECIMAL_PRECISION : precision;
    final int s = Math.max(0, Math.min(scale, p));
    return new ArrowType.Decimal(p, s, 128);
  }

  /** A schema as Flight SQL sends it: an Arrow IPC schema message. */
  static ByteString serialize(Schema schema) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(out)), schema);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writes to memory only
    }
    return ByteString.copyFrom(out.toByteArray());
  }

  private static void putIfNotEmpty(java.util.function.Consumer<String> setter, String value) {
    if (value != null && !value.isEmpty()) {
      setter.accept(value);
    }
  }
}
