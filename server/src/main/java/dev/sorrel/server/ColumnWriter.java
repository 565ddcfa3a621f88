package dev.sorrel.server;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliTZVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * Copies one column of the current row of a JDBC result set into an Arrow
 * vector, in the representation {@link ArrowTypes} chose for it.
 *
 * <p>Written here rather than taken from Arrow's JDBC adapter, whose readers
 * turn timestamps into instants through the JVM's default time zone (Sorrel's
 * are zone-less wall-clock values) and read binary values as streams.
 */
@FunctionalInterface
interface ColumnWriter {
  /** Writes column {@code column} (1-based) of the current row at {@code row}. */
  void write(ResultSet rows, int column, int row) throws SQLException;

  /**
   * The writer of {@code vector} for the result set beneath Sorrel's
   * ({@link dev.sorrel.jdbc.DirectValues}), or null if the column must be read
   * through Sorrel's result set. It reads only plain getters; a timestamp is
   * read as the number beneath it, the wall clock's milliseconds as if in UTC,
   * which is the vector's value (a column whose values are not numbers fails
   * to read, and the caller falls back to {@link #of}).
   */
  static ColumnWriter direct(FieldVector vector) {
    if (vector instanceof TimeStampMilliVector v) {
      return (rs, c, r) -> {
        final long value = rs.getLong(c);
        if (rs.wasNull()) {
          v.setNull(r);
        } else {
          v.setSafe(r, value);
        }
      };
    }
    final boolean plain = vector instanceof BitVector || vector instanceof TinyIntVector
        || vector instanceof SmallIntVector || vector instanceof IntVector
        || vector instanceof BigIntVector || vector instanceof Float4Vector
        || vector instanceof Float8Vector || vector instanceof DecimalVector
        || vector instanceof VarCharVector || vector instanceof VarBinaryVector
        || vector instanceof NullVector;
    return plain ? of(vector) : null;
  }

  /** The writer for a vector of the schema {@link ArrowTypes#resultSchema} made. */
  static ColumnWriter of(FieldVector vector) {
    if (vector instanceof BitVector v) {
      return (rs, c, r) -> {
        final boolean value = rs.getBoolean(c);
        if (rs.wasNull()) {
          v.setNull(r);
        } else {
          v.setSafe(r, value ? 1 : 0);
        }
      };
    }
    if (vector instanceof TinyIntVector v) {
      return (rs, c, r) -> {
        final byte value = rs.getByte(c);
        if (rs.wasNull()) {
          v.setNull(r);
        } else {
          v.setSafe(r, value);
        }
      };
    }
    if (vector instanceof SmallIntVector v) {
      return (rs, c, r) -> {
        final short value = rs.getShort(c);
        if (rs.wasNull()) {
          v.setNull(r);
        } else {
          v.setSafe(r, value);
        }
      };
    }
    if (vector instanceof IntVector v) {
      return (rs, c, r) -> {
        final int value = rs.getInt(c);
        if (rs.wasNull()) {
          v.setNull(r);
        } else {
          v.setSafe(r, value);
        }
      };
    }
    if (vector instanceof BigIntVector v) {
      return (rs, c, r) -> {
        final long value = rs.getLong(c);
        if (rs.wasNull()) {
          v.setNull(r);
        } else {
          v.setSafe(r, value);
        }
      };
    }
    if (vector instanceof Float4Vector v) {
      return (rs, c, r) -> {
        final float value = rs.getFloat(c);
        if (rs.wasNull()) {
          v.setNull(r);
        } else {
          v.setSafe(r, value);
        }
      };
    }
    if (vector instanceof Float8Vector v) {
      return (rs, c, r) -> {
        final double value = rs.getDouble(c);
        if (rs.wasNull()) {
          v.setNull(r);
        } else {
          v.setSafe(r, value);
        }
      };
    }
    if (vector instanceof DecimalVector v) {
      return (rs, c, r) -> {
        final BigDecimal value = rs.getBigDecimal(c);
        if (value == null) {
          v.setNull(r);
        } else {
          v.setSafe(r, fit(value, v));
        }
      };
    }
    if (vector instanceof VarCharVector v) {
      return (rs, c, r) -> {
        final String value = rs.getString(c);
        if (value == null) {
          v.setNull(r);
        } else {
          v.setSafe(r, value.getBytes(StandardCharsets.UTF_8));
        }
      };
    }
    if (vector instanceof VarBinaryVector v) {
      return (rs, c, r) -> {
        final byte[] value = rs.getBytes(c);
        if (value == null) {
          v.setNull(r);
        } else {
          v.setSafe(r, value);
        }
      };
    }
    if (vector instanceof DateDayVector v) {
      return (rs, c, r) -> {
        final LocalDate value = rs.getObject(c, LocalDate.class);
        if (value == null) {
          v.setNull(r);
        } else {
          v.setSafe(r, Math.toIntExact(value.toEpochDay()));
        }
      };
    }
    if (vector instanceof TimeMilliVector v) {
      return (rs, c, r) -> {
        final LocalTime value = rs.getObject(c, LocalTime.class);
        if (value == null) {
          v.setNull(r);
        } else {
          v.setSafe(r, (int) (value.toNanoOfDay() / 1_000_000L));
        }
      };
    }
    if (vector instanceof TimeStampMilliVector v) {
      return (rs, c, r) -> {
        final LocalDateTime value = rs.getObject(c, LocalDateTime.class);
        if (value == null) {
          v.setNull(r);
        } else {
          v.setSafe(r, value.toInstant(ZoneOffset.UTC).toEpochMilli());
        }
      };
    }
    if (vector instanceof TimeStampMilliTZVector v) {
      return (rs, c, r) -> {
        final java.time.OffsetDateTime value = rs.getObject(c, java.time.OffsetDateTime.class);
        if (value == null) {
          v.setNull(r);
        } else {
          v.setSafe(r, value.toInstant().toEpochMilli());
        }
      };
    }
    if (vector instanceof NullVector) {
      return (rs, c, r) -> { };
    }
    throw new IllegalStateException("no writer for " + vector.getField());
  }

  /** The value at the vector's scale; more digits than its precision is a 22003 error. */
  private static BigDecimal fit(BigDecimal value, DecimalVector vector) {
    final BigDecimal scaled = value.scale() == vector.getScale() ? value
        : value.setScale(vector.getScale(), RoundingMode.HALF_UP);
    if (scaled.precision() > vector.getPrecision()) {
      throw new SorrelException(ErrorCode.NUMERIC_OUT_OF_RANGE, "the value " + value
          + " has more than the " + vector.getPrecision() + " digits a decimal column of the"
          + " result can carry");
    }
    return scaled;
  }
}
