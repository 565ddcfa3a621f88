package dev.sorrel.storage.arrow;

import dev.sorrel.storage.ValueType;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** The one-to-one mapping between {@link ValueType}s and Arrow types and vector classes. */
final class ArrowTypes {
  private ArrowTypes() {}

  /** The Arrow type a column of {@code type} is stored as; precision/scale apply to DECIMAL. */
  static ArrowType arrowType(ValueType type, int precision, int scale) {
    switch (type) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case TINYINT:
        return new ArrowType.Int(8, true);
      case SMALLINT:
        return new ArrowType.Int(16, true);
      case INTEGER:
        return new ArrowType.Int(32, true);
      case BIGINT:
        return new ArrowType.Int(64, true);
      case REAL:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL:
        return new ArrowType.Decimal(precision, scale, 128);
      case VARCHAR:
        return ArrowType.Utf8.INSTANCE;
      case VARBINARY:
        return ArrowType.Binary.INSTANCE;
      case DATE:
        return new ArrowType.Date(DateUnit.DAY);
      case TIME:
        return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
      case TIMESTAMP:
        // No time zone: values are UTC instants, and the zone-less type maps to
        // TimeStampMilliVector rather than TimeStampMilliTZVector.
        return new ArrowType.Timestamp(TimeUnit.MILLISECOND, null);
    }
    throw new AssertionError(type);
  }

  /**
   * The storage type of a vector produced by {@link #arrowType}.
   *
   * @throws IllegalArgumentException for a vector type storage does not use
   */
  static ValueType valueType(FieldVector vector) {
    if (vector instanceof BitVector) {
      return ValueType.BOOLEAN;
    } else if (vector instanceof TinyIntVector) {
      return ValueType.TINYINT;
    } else if (vector instanceof SmallIntVector) {
      return ValueType.SMALLINT;
    } else if (vector instanceof IntVector) {
      return ValueType.INTEGER;
    } else if (vector instanceof BigIntVector) {
      return ValueType.BIGINT;
    } else if (vector instanceof Float4Vector) {
      return ValueType.REAL;
    } else if (vector instanceof Float8Vector) {
      return ValueType.DOUBLE;
    } else if (vector instanceof DecimalVector) {
      return ValueType.DECIMAL;
    } else if (vector instanceof VarCharVector) {
      return ValueType.VARCHAR;
    } else if (vector instanceof VarBinaryVector) {
      return ValueType.VARBINARY;
    } else if (vector instanceof DateDayVector) {
      return ValueType.DATE;
    } else if (vector instanceof TimeMilliVector) {
      return ValueType.TIME;
    } else if (vector instanceof TimeStampMilliVector) {
      return ValueType.TIMESTAMP;
    }
    throw new IllegalArgumentException(
        "column " + vector.getName() + " has unsupported vector type "
            + vector.getClass().getSimpleName());
  }
}
