package dev.sorrel.server;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;

import dev.sorrel.engine.ErrorCode;

/**
 * Binds one row of Arrow parameter values (as a client sends them with a
 * prepared statement) to a JDBC prepared statement. Values arrive in the
 * types of the parameter schema {@link ArrowTypes} announced, or in any
 * compatible Arrow type a client chose; each becomes the Java value
 * {@code setObject} takes for it, and Sorrel converts it to the parameter's
 * type as it does for an embedded caller.
 */
final class Parameters {
  private Parameters() {
  }

  /** Binds row {@code row} of {@code values}; refuses a row of the wrong width with 07001. */
  static void bind(PreparedStatement statement, int parameterCount, VectorSchemaRoot values,
      int row) throws SQLException {
    if (values.getFieldVectors().size() != parameterCount) {
      throw wrongCount(parameterCount, values.getFieldVectors().size());
    }
    for (int i = 0; i < parameterCount; i++) {
      final FieldVector vector = values.getVector(i);
      final Object value = value(vector, row);
      if (value == null) {
        statement.setNull(i + 1, Types.NULL);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  /**
   * Binds the values of a one-call execution ({@link dev.sorrel.jdbc.DirectExecute}), each
   * as {@code setObject} takes it; refuses the wrong number of values with 07001.
   */
  static void bind(PreparedStatement statement, int parameterCount, List<Object> values)
      throws SQLException {
    if (values.size() != parameterCount) {
      throw wrongCount(parameterCount, values.size());
    }
    for (int i = 0; i < parameterCount; i++) {
      final Object value = values.get(i);
      if (value == null) {
        statement.setNull(i + 1, Types.NULL);
      } else {
        statement.setObject(i + 1, value);
      }
    }
  }

  private static SQLException wrongCount(int parameterCount, int values) {
    return new SQLException("the statement has " + parameterCount + " parameter"
        + (parameterCount == 1 ? "" : "s") + " but " + values + " values were bound", "07001");
  }

  /** The Java value of one Arrow value, or null. */
  static Object value(FieldVector vector, int row) throws SQLException {
    if (vector.isNull(row)) {
      return null;
    }
    if (vector instanceof BitVector v) {
      return v.get(row) != 0;
    }
    if (vector instanceof BaseIntVector v && vector.getField().getType() instanceof ArrowType.Int i) {
      final long value = v.getValueAsLong(row);
      if (!i.getIsSigned() && value < 0) {
        return new BigDecimal(Long.toUnsignedString(value));
      }
      return switch (i.getBitWidth()) {
        case 8 -> (byte) value;
        case 16 -> (short) value;
        case 32 -> (int) value;
        default -> value;
      };
    }
    if (vector instanceof Float4Vector v) {
      return v.get(row);
    }
    if (vector instanceof Float8Vector v) {
      return v.get(row);
    }
    if (vector instanceof DecimalVector v) {
      return v.getObject(row);
    }
    if (vector instanceof Decimal256Vector v) {
      return v.getObject(row);
    }
    if (vector instanceof VarBinaryVector v) {
      return v.get(row);
    }
    if (vector instanceof DateDayVector v) {
      return LocalDate.ofEpochDay(v.get(row));
    }
    if (vector instanceof DateMilliVector v) {
      return LocalDate.ofEpochDay(Math.floorDiv(v.get(row), 86_400_000L));
    }
    if (vector instanceof TimeSecVector v) {
      return LocalTime.ofSecondOfDay(v.get(row));
    }
    if (vector instanceof TimeMilliVector v) {
      return LocalTime.ofNanoOfDay(v.get(row) * 1_000_000L);
    }
    if (vector instanceof TimeMicroVector v) {
      return LocalTime.ofNanoOfDay(v.get(row) * 1_000L);
    }
    if (vector instanceof TimeNanoVector v) {
      return LocalTime.ofNanoOfDay(v.get(row));
    }
    if (vector instanceof TimeStampVector v
        && vector.getField().getType() instanceof ArrowType.Timestamp t) {
      final long value = v.get(row);
      final long nanos = switch (t.getUnit()) {
        case SECOND -> TimeUnit.SECONDS.toNanos(value);
        case MILLISECOND -> TimeUnit.MILLISECONDS.toNanos(value);
        case MICROSECOND -> TimeUnit.MICROSECONDS.toNanos(value);
        case NANOSECOND -> value;
      };
      final Instant instant = Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
          Math.floorMod(nanos, 1_000_000_000L));
      // Zone-less: a wall clock counted as if in UTC; zoned: an instant, which Sorrel turns
      // into its connection zone's wall clock as for an embedded Instant parameter.
      return t.getTimezone() == null || t.getTimezone().isEmpty()
          ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : instant;
    }
    final Object value = vector.getObject(row);
    if (value instanceof org.apache.arrow.vector.util.Text text) {
      return text.toString();
    }
    if (value instanceof String || value instanceof byte[]) {
      return value;
    }
    throw new SQLException("a parameter of Arrow type " + vector.getField().getType()
        + " cannot be bound; send it as one of the types the statement's parameter schema"
        + " names", ErrorCode.FEATURE_NOT_SUPPORTED.sqlState());
  }
}
