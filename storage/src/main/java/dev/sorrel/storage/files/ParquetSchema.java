package dev.sorrel.storage.files;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.Set;

import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;

import dev.sorrel.storage.ValueType;

/**
 * The Parquet schema Sorrel writes for columns of storage types (see {@link ParquetRowWriter}
 * for the mapping), and the conversions of values that are not stored as they are: DECIMALs to
 * their unscaled form and timestamps to microseconds. Shared by the row and batch writers, so
 * that both write the same files.
 */
final class ParquetSchema {
  final String[] names;
  final ValueType[] types;
  final int[] precisions;
  final int[] scales;
  /** The byte length of a FIXED_LEN_BYTE_ARRAY DECIMAL column, else 0. */
  final int[] fixedLengths;
  final MessageType messageType;

  /**
   * @throws IllegalArgumentException if two columns have the same name, or a DECIMAL column's
   *     precision or scale is missing or out of range
   */
  ParquetSchema(String[] names, ValueType[] types, int[] decimalPrecisions,
      int[] decimalScales) {
    if (names.length != types.length) {
      throw new IllegalArgumentException(
          names.length + " column names for " + types.length + " column types");
    }
    this.names = names.clone();
    this.types = types.clone();
    this.precisions = new int[types.length];
    this.scales = new int[types.length];
    this.fixedLengths = new int[types.length];
    final Set<String> seen = new HashSet<>();
    final Types.MessageTypeBuilder schema = Types.buildMessage();
    for (int c = 0; c < types.length; c++) {
      if (!seen.add(names[c])) {
        throw new IllegalArgumentException("column name " + names[c] + " appears twice;"
            + " Parquet columns need distinct names");
      }
      if (types[c] == ValueType.DECIMAL) {
        if (decimalPrecisions == null || decimalPrecisions.length <= c || decimalScales == null
            || decimalScales.length <= c) {
          throw new IllegalArgumentException("no precision and scale given for DECIMAL column "
              + names[c]);
        }
        precisions[c] = decimalPrecisions[c];
        scales[c] = decimalScales[c];
        if (precisions[c] < 1 || precisions[c] > ParquetRowWriter.MAX_DECIMAL_PRECISION
            || scales[c] < 0 || scales[c] > precisions[c]) {
          throw new IllegalArgumentException("invalid DECIMAL(" + precisions[c] + ", "
              + scales[c] + ") for column " + names[c]);
        }
      }
      addField(schema, c);
    }
    this.messageType = schema.named("schema");
  }

  private void addField(Types.MessageTypeBuilder schema, int c) {
    final String name = names[c];
    switch (types[c]) {
      case BOOLEAN -> schema.optional(PrimitiveTypeName.BOOLEAN).named(name);
      case TINYINT -> schema.optional(PrimitiveTypeName.INT32)
          .as(LogicalTypeAnnotation.intType(8, true)).named(name);
      case SMALLINT -> schema.optional(PrimitiveTypeName.INT32)
          .as(LogicalTypeAnnotation.intType(16, true)).named(name);
      case INTEGER -> schema.optional(PrimitiveTypeName.INT32).named(name);
      case BIGINT -> schema.optional(PrimitiveTypeName.INT64).named(name);
      case REAL -> schema.optional(PrimitiveTypeName.FLOAT).named(name);
      case DOUBLE -> schema.optional(PrimitiveTypeName.DOUBLE).named(name);
      case DECIMAL -> {
        final LogicalTypeAnnotation decimal =
            LogicalTypeAnnotation.decimalType(scales[c], precisions[c]);
        if (precisions[c] <= 9) {
          schema.optional(PrimitiveTypeName.INT32).as(decimal).named(name);
        } else if (precisions[c] <= 18) {
          schema.optional(PrimitiveTypeName.INT64).as(decimal).named(name);
        } else {
          fixedLengths[c] = bytesFor(precisions[c]);
          schema.optional(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(fixedLengths[c])
              .as(decimal).named(name);
        }
      }
      case VARCHAR -> schema.optional(PrimitiveTypeName.BINARY)
          .as(LogicalTypeAnnotation.stringType()).named(name);
      case VARBINARY -> schema.optional(PrimitiveTypeName.BINARY).named(name);
      case DATE -> schema.optional(PrimitiveTypeName.INT32)
          .as(LogicalTypeAnnotation.dateType()).named(name);
      case TIME -> schema.optional(PrimitiveTypeName.INT32)
          .as(LogicalTypeAnnotation.timeType(false, TimeUnit.MILLIS)).named(name);
      case TIMESTAMP -> schema.optional(PrimitiveTypeName.INT64)
          .as(LogicalTypeAnnotation.timestampType(false, TimeUnit.MICROS)).named(name);
    }
  }

  /** The fewest bytes whose two's complement holds every unscaled value of {@code precision}. */
  private static int bytesFor(int precision) {
    final BigInteger largest = BigInteger.TEN.pow(precision).subtract(BigInteger.ONE);
    return largest.bitLength() / 8 + 1;
  }

  /**
   * A TIMESTAMP of column {@code c} in milliseconds as the file's microseconds.
   *
   * @throws IllegalArgumentException if it is out of the microseconds' range
   */
  long timestampMicros(int c, long millis) {
    try {
      return Math.multiplyExact(millis, 1_000L);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("TIMESTAMP value " + millis + " ms is out of"
          + " range for column " + names[c], e);
    }
  }

  /**
   * A DECIMAL of column {@code c} as the file stores it: an {@code Integer}, a {@code Long} or
   * a {@link Binary} of the unscaled value, by the column's precision.
   *
   * @throws IllegalArgumentException if it does not fit the column's scale without rounding or
   *     exceeds its precision
   */
  Object decimal(int c, BigDecimal value) {
    final BigDecimal scaled;
    try {
      scaled = value.setScale(scales[c], RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("DECIMAL value " + value + " does not fit scale "
          + scales[c] + " of column " + names[c], e);
    }
    if (scaled.precision() > precisions[c] && scaled.signum() != 0) {
      throw new IllegalArgumentException("DECIMAL value " + value + " exceeds precision "
          + precisions[c] + " of column " + names[c]);
    }
    final BigInteger unscaled = scaled.unscaledValue();
    if (precisions[c] <= 9) {
      return unscaled.intValueExact();
    }
    if (precisions[c] <= 18) {
      return unscaled.longValueExact();
    }
    final byte[] minimal = unscaled.toByteArray();
    final byte[] fixed = new byte[fixedLengths[c]];
    final byte pad = (byte) (unscaled.signum() < 0 ? 0xFF : 0x00);
    final int offset = fixed.length - minimal.length;
    for (int i = 0; i < offset; i++) {
      fixed[i] = pad;
    }
    System.arraycopy(minimal, 0, fixed, offset, minimal.length);
    return Binary.fromConstantByteArray(fixed);
  }
}
