package dev.sorrel.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import dev.sorrel.engine.ErrorCode;

/**
 * Converts values between the Java classes JDBC programs use, for
 * {@code ResultSet.getObject(column, Class)} and
 * {@code PreparedStatement.setObject(parameter, value, sqlType)}: one table
 * of conversions for both directions, as H2's and PostgreSQL's drivers
 * convert.
 *
 * <ul>
 *   <li>Numbers convert to any numeric class when the value fits (22003 if it
 *       does not); a fraction is rounded half up when the target is an
 *       integer. Text converts to a number or a boolean when it reads as one
 *       (22018 if not), and to a date, time or timestamp in ISO form (22007
 *       if not).
 *   <li>A TIMESTAMP has no time zone: as an {@link Instant},
 *       {@link OffsetDateTime} or {@link ZonedDateTime} it is the wall-clock
 *       time in the connection's time zone (the {@code timeZone} connection
 *       property, else the JVM's), and such values are stored as that
 *       zone's wall-clock time, as H2 converts between TIMESTAMP and
 *       TIMESTAMP WITH TIME ZONE.
 *   <li>{@code java.sql} dates and times are read in the connection's time
 *       zone, as {@code setTimestamp} and {@code getTimestamp} do.
 * </ul>
 */
final class JdbcValues {
  private static final Map<Class<?>, Class<?>> BOXES = Map.of(boolean.class, Boolean.class,
      byte.class, Byte.class, short.class, Short.class, int.class, Integer.class,
      long.class, Long.class, float.class, Float.class, double.class, Double.class);
  private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
      .appendPattern("HH:mm")
      .optionalStart().appendPattern(":ss")
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
      .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral(' ').append(TIME).optionalEnd()
      .optionalStart().appendLiteral('T').append(TIME).optionalEnd()
      .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
      .toFormatter(Locale.ROOT);

  private JdbcValues() {
  }

  /** The class getObject(column, type) may ask for, or null if it is not one. */
  static Class<?> supported(Class<?> type) {
    final Class<?> boxed = BOXES.getOrDefault(type, type);
    return switch (boxed.getName()) {
      case "java.lang.Object", "java.lang.String", "java.lang.Boolean", "java.lang.Byte",
          "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
          "java.lang.Double", "java.math.BigDecimal", "java.math.BigInteger", "[B",
          "java.sql.Date", "java.sql.Time", "java.sql.Timestamp", "java.util.Date",
          "java.time.LocalDate", "java.time.LocalTime", "java.time.LocalDateTime",
          "java.time.Instant", "java.time.OffsetDateTime", "java.time.ZonedDateTime" -> boxed;
      default -> null;
    };
  }

  /**
   * The Java class a parameter of a JDBC type is bound as; null for
   * {@link Types#NULL} and the types passed on unconverted
   * ({@link Types#JAVA_OBJECT}, {@link Types#OTHER}).
   *
   * @throws SQLException 0A000 for a type Sorrel has no values of
   */
  static Class<?> classOf(int sqlType) throws SQLException {
    return switch (sqlType) {
      case Types.BIT, Types.BOOLEAN -> Boolean.class;
      case Types.TINYINT -> Byte.class;
      case Types.SMALLINT -> Short.class;
      case Types.INTEGER -> Integer.class;
      case Types.BIGINT -> Long.class;
      case Types.REAL -> Float.class;
      case Types.FLOAT, Types.DOUBLE -> Double.class;
      case Types.DECIMAL, Types.NUMERIC -> BigDecimal.class;
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
          Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> String.class;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> byte[].class;
      case Types.DATE -> LocalDate.class;
      case Types.TIME -> LocalTime.class;
      // Sorrel's TIMESTAMP has no zone: a zoned value becomes the connection zone's wall clock.
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> LocalDateTime.class;
      case Types.NULL, Types.JAVA_OBJECT, Types.OTHER -> null;
      default -> throw SqlErrors.create(ErrorCode.FEATURE_NOT_SUPPORTED.sqlState(),
          "Sorrel has no values of JDBC type " + typeName(sqlType), null);
    };
  }

  static String typeName(int sqlType) {
    try {
      return java.sql.JDBCType.valueOf(sqlType).getName();
    } catch (IllegalArgumentException e) {
      return String.valueOf(sqlType);
    }
  }

  /**
   * Converts a non-null value to a class that {@link #supported} accepts.
   *
   * @param zone the connection's time zone, for dates and times
   */
  static Object convert(Object value, Class<?> type, TimeZone zone) throws SQLException {
    if (type == Object.class || type.isInstance(value)) {
      return value;
    }
    if (type == String.class) {
      return toText(value, zone);
    }
    if (type == Boolean.class) {
      return toBoolean(value);
    }
    if (type == byte[].class) {
      if (value instanceof ByteBuffer b) {
        final byte[] bytes = new byte[b.remaining()];
        b.duplicate().get(bytes);
        return bytes;
      }
      throw cannotConvert(value, "byte[]");
    }
    if (Number.class.isAssignableFrom(type)) {
      return toNumber(value, type);
    }
    return toDateTime(value, type, zone);
  }

  private static String toText(Object value, TimeZone zone) throws SQLException {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Number || value instanceof Boolean || value instanceof Character
        || value instanceof java.sql.Date || value instanceof Time
        || value instanceof Timestamp || value instanceof LocalDate
        || value instanceof LocalTime || value instanceof Instant
        || value instanceof OffsetDateTime || value instanceof ZonedDateTime) {
      return value.toString();
    }
    if (value instanceof LocalDateTime t) {
      return Timestamp.valueOf(t).toString();
    }
    if (value instanceof java.util.Date d) {
      return toDateTime(d, LocalDateTime.class, zone).toString().replace('T', ' ');
    }
    throw cannotConvert(value, "VARCHAR");
  }

  private static Boolean toBoolean(Object value) throws SQLException {
    if (value instanceof Number n) {
      return n instanceof BigDecimal d ? d.signum() != 0 : n.doubleValue() != 0;
    }
    if (value instanceof String s) {
      // The spellings PostgreSQL reads as a boolean.
      switch (s.trim().toLowerCase(Locale.ROOT)) {
        case "t", "true", "y", "yes", "on", "1" -> {
          return Boolean.TRUE;
        }
        case "f", "false", "n", "no", "off", "0" -> {
          return Boolean.FALSE;
        }
        default -> throw SqlErrors.create(ErrorCode.INVALID_CHARACTER_VALUE.sqlState(),
            "invalid boolean '" + s + "'", null);
      }
    }
    throw cannotConvert(value, "BOOLEAN");
  }

  private static Number toNumber(Object value, Class<?> type) throws SQLException {
    final BigDecimal exact = exact(value, type);
    if (type == Double.class || type == Float.class) {
      final double d = exact != null ? exact.doubleValue()
          : value instanceof Number n ? n.doubleValue() : Double.parseDouble(((String) value).trim());
      if (type == Double.class) {
        if (Double.isInfinite(d) && exact != null) {
          throw outOfRange(value, "DOUBLE");
        }
        return d;
      }
      final float f = (float) d;
      if (Float.isInfinite(f) && !Double.isInfinite(d)) {
        throw outOfRange(value, "REAL");
      }
      return f;
    }
    if (exact == null) {
      throw outOfRange(value, type.getSimpleName());
    }
    if (type == BigDecimal.class) {
      return exact;
    }
    final BigInteger integer = exact.setScale(0, RoundingMode.HALF_UP).toBigIntegerExact();
    if (type == BigInteger.class) {
      return integer;
    }
    final String name;
    final long min;
    final long max;
    if (type == Byte.class) {
      name = "TINYINT";
      min = Byte.MIN_VALUE;
      max = Byte.MAX_VALUE;
    } else if (type == Short.class) {
      name = "SMALLINT";
      min = Short.MIN_VALUE;
      max = Short.MAX_VALUE;
    } else if (type == Integer.class) {
      name = "INTEGER";
      min = Integer.MIN_VALUE;
      max = Integer.MAX_VALUE;
    } else {
      name = "BIGINT";
      min = Long.MIN_VALUE;
      max = Long.MAX_VALUE;
    }
    if (integer.bitLength() > 63 || integer.longValue() < min || integer.longValue() > max) {
      throw outOfRange(value, name);
    }
    // Not a conditional expression: it would unbox every branch and widen to long.
    final long v = integer.longValue();
    if (type == Byte.class) {
      return (byte) v;
    }
    if (type == Short.class) {
      return (short) v;
    }
    if (type == Integer.class) {
      return (int) v;
    }
    return v;
  }

  /** The value as an exact number; null for NaN and infinities. */
  private static BigDecimal exact(Object value, Class<?> type) throws SQLException {
    if (value instanceof BigDecimal d) {
      return d;
    }
    if (value instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (value instanceof Double || value instanceof Float) {
      final double d = ((Number) value).doubleValue();
      return Double.isNaN(d) || Double.isInfinite(d) ? null : BigDecimal.valueOf(d);
    }
    if (value instanceof Number n) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (value instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (value instanceof String s) {
      final String text = s.trim();
      try {
        return new BigDecimal(text);
      } catch (NumberFormatException e) {
        if (type == Double.class || type == Float.class) {
          switch (text) {
            case "NaN", "Infinity", "-Infinity" -> {
              return null;
            }
            default -> {
              // reported below
            }
          }
        }
        throw SqlErrors.create(ErrorCode.INVALID_CHARACTER_VALUE.sqlState(),
            "invalid number '" + s + "'", null);
      }
    }
    throw cannotConvert(value, type.getSimpleName());
  }

  private static Object toDateTime(Object value, Class<?> type, TimeZone zone)
      throws SQLException {
    final LocalDateTime wall = wallClock(value, type, zone);
    if (type == LocalDateTime.class) {
      return wall;
    }
    if (type == LocalDate.class) {
      return wall.toLocalDate();
    }
    if (type == LocalTime.class) {
      return wall.toLocalTime();
    }
    final ZonedDateTime zoned = wall.atZone(zone.toZoneId());
    if (type == Instant.class) {
      return zoned.toInstant();
    }
    if (type == OffsetDateTime.class) {
      return zoned.toOffsetDateTime();
    }
    if (type == ZonedDateTime.class) {
      return zoned;
    }
    // The java.sql classes, as getTimestamp etc. make them for the connection's zone.
    final long millis = zoned.toInstant().toEpochMilli();
    if (type == Timestamp.class || type == java.util.Date.class) {
      final Timestamp t = new Timestamp(millis);
      t.setNanos(wall.getNano());
      return t;
    }
    if (type == java.sql.Date.class) {
      return new java.sql.Date(wall.toLocalDate().atStartOfDay(zone.toZoneId()).toInstant()
          .toEpochMilli());
    }
    if (type == Time.class) {
      return new Time(wall.toLocalTime().atDate(LocalDate.EPOCH).atZone(zone.toZoneId())
          .toInstant().toEpochMilli());
    }
    throw SqlErrors.create(ErrorCode.FEATURE_NOT_SUPPORTED.sqlState(),
        "cannot convert to " + type.getName(), null);
  }

  /** The wall-clock date and time a value stands for, in the connection's zone. */
  private static LocalDateTime wallClock(Object value, Class<?> type, TimeZone zone)
      throws SQLException {
    final boolean wantsTime = type == LocalTime.class || type == Time.class;
    if (value instanceof LocalDateTime t) {
      return t;
    }
    if (value instanceof LocalDate d && !wantsTime) {
      return d.atStartOfDay();
    }
    if (value instanceof LocalTime t && wantsTime) {
      return t.atDate(LocalDate.EPOCH);
    }
    if (value instanceof Instant i) {
      return LocalDateTime.ofInstant(i, zone.toZoneId());
    }
    if (value instanceof OffsetDateTime t) {
      return LocalDateTime.ofInstant(t.toInstant(), zone.toZoneId());
    }
    if (value instanceof ZonedDateTime t) {
      return LocalDateTime.ofInstant(t.toInstant(), zone.toZoneId());
    }
    if (value instanceof java.sql.Date && wantsTime || value instanceof Time && !wantsTime) {
      throw cannotConvert(value, type.getSimpleName());
    }
    if (value instanceof java.util.Date d) {
      final LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(d.getTime()),
          zone.toZoneId());
      return d instanceof Timestamp ts ? t.withNano(ts.getNanos()) : t;
    }
    if (value instanceof String s) {
      final String text = s.trim();
      try {
        if (wantsTime) {
          return LocalTime.parse(text, TIME).atDate(LocalDate.EPOCH);
        }
        return LocalDateTime.parse(text, TIMESTAMP);
      } catch (DateTimeParseException e) {
        throw SqlErrors.create(ErrorCode.INVALID_DATETIME.sqlState(), "invalid "
            + (wantsTime ? "time" : type == LocalDate.class || type == java.sql.Date.class
                ? "date" : "timestamp") + " '" + s + "'", null);
      }
    }
    throw cannotConvert(value, type.getSimpleName());
  }

  private static SQLException cannotConvert(Object value, String target) {
    return SqlErrors.create(ErrorCode.INVALID_CHARACTER_VALUE.sqlState(), "cannot convert a "
        + value.getClass().getSimpleName() + " to " + target, null);
  }

  private static SQLException outOfRange(Object value, String target) {
    return SqlErrors.create(ErrorCode.NUMERIC_OUT_OF_RANGE.sqlState(),
        "value " + value + " is out of range for " + target, null);
  }
}
