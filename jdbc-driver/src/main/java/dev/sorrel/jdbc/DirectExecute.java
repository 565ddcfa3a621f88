package dev.sorrel.jdbc;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The ticket of a one-call prepared execution: a Flight {@code DoGet} whose
 * ticket carries a query's SQL text, its parameter values and its limits, and
 * whose answer is the query's rows. Sorrel's driver sends it for
 * {@code PreparedStatement.executeQuery()} on a {@code jdbc:sorrel://}
 * connection, so an execution costs one round trip instead of Flight SQL's
 * three (bind the values with {@code DoPut}, ask for the rows with
 * {@code GetFlightInfo}, fetch them with {@code DoGet}). The server prepares
 * each SQL text once per session and reuses the plan.
 *
 * <p>The form, big-endian: the 8 bytes {@link #MAGIC}; the SQL text (an
 * {@code int} length and that many bytes of UTF-8); the query timeout in
 * seconds ({@code int}, 0 for none); the most rows to return ({@code long},
 * 0 for no limit); the number of parameters ({@code int}); per parameter a
 * one-byte tag and its value: {@link #NULL} (nothing), {@link #BOOLEAN}
 * (a byte 0 or 1), {@link #TINYINT}, {@link #SMALLINT}, {@link #INTEGER},
 * {@link #BIGINT} (1, 2, 4, 8 bytes), {@link #REAL}, {@link #DOUBLE}
 * (IEEE 754, 4 and 8 bytes), {@link #DECIMAL} (an {@code int} scale and the
 * unscaled value's two's-complement bytes, {@code int}-length-prefixed),
 * {@link #VARCHAR} (UTF-8, length-prefixed), {@link #VARBINARY}
 * (length-prefixed), {@link #DATE} ({@code long} epoch day), {@link #TIME}
 * ({@code long} nanosecond of the day), {@link #TIMESTAMP} (the wall clock
 * as a {@code long} epoch second read as if in UTC and an {@code int}
 * nanosecond). Nothing may follow the last value. {@link #decode} checks all
 * of it: whatever bytes a client sends, it either gives a request or throws
 * {@link IllegalArgumentException}.
 */
public final class DirectExecute {
  /** The first bytes of every such ticket; a Flight SQL ticket (a protobuf {@code Any}) never starts so. */
  static final byte[] MAGIC = {'S', 'o', 'r', 'r', 'e', 'l', 'X', 1};
  /** The longest SQL text a ticket carries (16 MiB). */
  static final int MAX_SQL_BYTES = 16 << 20;
  /** The most parameters a ticket carries. */
  static final int MAX_PARAMETERS = 65_535;
  /**
   * The largest scale, either way, of a DECIMAL parameter. Sorrel's DECIMAL
   * holds at most 38 digits (Arrow's Decimal128), so a value scaled further
   * than this cannot be stored or compared usefully; without a bound, a tiny
   * ticket with scale -600000000 makes the server build a number of hundreds
   * of megabytes when it converts the value.
   */
  static final int MAX_DECIMAL_SCALE = 1000;
  /** The longest unscaled value of a DECIMAL parameter, in bytes (about 300 digits). */
  static final int MAX_DECIMAL_BYTES = 128;

  static final byte NULL = 0;
  static final byte BOOLEAN = 1;
  static final byte TINYINT = 2;
  static final byte SMALLINT = 3;
  static final byte INTEGER = 4;
  static final byte BIGINT = 5;
  static final byte REAL = 6;
  static final byte DOUBLE = 7;
  static final byte DECIMAL = 8;
  static final byte VARCHAR = 9;
  static final byte VARBINARY = 10;
  static final byte DATE = 11;
  static final byte TIME = 12;
  static final byte TIMESTAMP = 13;

  /**
   * A decoded ticket.
   *
   * @param sql the statement's text
   * @param queryTimeoutSeconds the query timeout, 0 for none
   * @param maxRows the most rows to return, 0 for no limit
   * @param parameters the parameter values in order, as {@code setObject}
   *     takes them ({@code null} for SQL NULL; dates and times as
   *     {@code LocalDate}, {@code LocalTime} and {@code LocalDateTime})
   */
  public record Request(String sql, int queryTimeoutSeconds, long maxRows,
      List<Object> parameters) {
  }

  private DirectExecute() {
  }

  /** Whether a ticket is a one-call execution's (it may still be malformed). */
  public static boolean isDirect(byte[] ticket) {
    return ticket.length >= MAGIC.length
        && Arrays.equals(ticket, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
  }

  /**
   * Whether a parameter value can travel in a ticket: the values of JDBC's
   * plain setters and their {@code java.time} equivalents (a DECIMAL within
   * the ticket's bounds; a larger one takes Flight SQL's path).
   */
  static boolean isEncodable(Object value) {
    if (value instanceof BigDecimal d) {
      return Math.abs(d.scale()) <= MAX_DECIMAL_SCALE
          && d.unscaledValue().bitLength() / 8 + 1 <= MAX_DECIMAL_BYTES;
    }
    return value == null || value instanceof Boolean || value instanceof Byte
        || value instanceof Short || value instanceof Integer || value instanceof Long
        || value instanceof Float || value instanceof Double || value instanceof BigDecimal
        || value instanceof String || value instanceof byte[] || value instanceof Date
        || value instanceof Time || value instanceof Timestamp || value instanceof LocalDate
        || value instanceof LocalTime || value instanceof LocalDateTime;
  }

  /** The ticket of one execution; every value must be {@link #isEncodable}. */
  public static byte[] encode(String sql, int queryTimeoutSeconds, long maxRows, List<?> values) {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + sql.length());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      writeBytes(out, sql.getBytes(StandardCharsets.UTF_8));
      out.writeInt(queryTimeoutSeconds);
      out.writeLong(maxRows);
      out.writeInt(values.size());
      for (Object value : values) {
        write(out, value);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  private static void write(DataOutputStream out, Object value) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof Boolean b) {
      out.writeByte(BOOLEAN);
      out.writeByte(b ? 1 : 0);
    } else if (value instanceof Byte b) {
      out.writeByte(TINYINT);
      out.writeByte(b);
    } else if (value instanceof Short s) {
      out.writeByte(SMALLINT);
      out.writeShort(s);
    } else if (value instanceof Integer i) {
      out.writeByte(INTEGER);
      out.writeInt(i);
    } else if (value instanceof Long l) {
      out.writeByte(BIGINT);
      out.writeLong(l);
    } else if (value instanceof Float f) {
      out.writeByte(REAL);
      out.writeFloat(f);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof BigDecimal d) {
      out.writeByte(DECIMAL);
      out.writeInt(d.scale());
      writeBytes(out, d.unscaledValue().toByteArray());
    } else if (value instanceof String s) {
      out.writeByte(VARCHAR);
      writeBytes(out, s.getBytes(StandardCharsets.UTF_8));
    } else if (value instanceof byte[] b) {
      out.writeByte(VARBINARY);
      writeBytes(out, b);
    } else if (value instanceof Timestamp t) {
      writeTimestamp(out, t.toLocalDateTime());
    } else if (value instanceof LocalDateTime t) {
      writeTimestamp(out, t);
    } else if (value instanceof Date d) {
      out.writeByte(DATE);
      out.writeLong(d.toLocalDate().toEpochDay());
    } else if (value instanceof LocalDate d) {
      out.writeByte(DATE);
      out.writeLong(d.toEpochDay());
    } else if (value instanceof Time t) {
      // Time.toLocalTime() drops the milliseconds a Time carries.
      out.writeByte(TIME);
      out.writeLong(t.toLocalTime().toNanoOfDay()
          + Math.floorMod(t.getTime(), 1000L) * 1_000_000L);
    } else if (value instanceof LocalTime t) {
      out.writeByte(TIME);
      out.writeLong(t.toNanoOfDay());
    } else {
      throw new IllegalArgumentException("a " + value.getClass().getName()
          + " cannot be sent in a one-call execution");
    }
  }

  private static void writeTimestamp(DataOutputStream out, LocalDateTime t) throws IOException {
    out.writeByte(TIMESTAMP);
    out.writeLong(t.toEpochSecond(ZoneOffset.UTC));
    out.writeInt(t.getNano());
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  /**
   * Reads a ticket; a malformed one (wrong magic, lengths past its end or over
   * the limits, unknown tags, values out of range, invalid UTF-8, trailing
   * bytes) throws {@link IllegalArgumentException} saying what is wrong.
   */
  public static Request decode(byte[] ticket) {
    if (!isDirect(ticket)) {
      throw new IllegalArgumentException("not a one-call execution ticket");
    }
    final ByteBuffer in = ByteBuffer.wrap(ticket).position(MAGIC.length);
    try {
      final String sql = utf8(bytes(in, MAX_SQL_BYTES, "SQL text"), "SQL text");
      final int timeout = in.getInt();
      if (timeout < 0) {
        throw new IllegalArgumentException("negative query timeout " + timeout);
      }
      final long maxRows = in.getLong();
      if (maxRows < 0) {
        throw new IllegalArgumentException("negative row limit " + maxRows);
      }
      final int count = in.getInt();
      if (count < 0 || count > MAX_PARAMETERS || count > in.remaining()) {
        throw new IllegalArgumentException("invalid parameter count " + count);
      }
      final List<Object> values = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        values.add(read(in, i + 1));
      }
      if (in.hasRemaining()) {
        throw new IllegalArgumentException(in.remaining() + " bytes after the last parameter");
      }
      return new Request(sql, timeout, maxRows, Collections.unmodifiableList(values));
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("the ticket ends too early", e);
    }
  }

  private static Object read(ByteBuffer in, int parameter) {
    final byte tag = in.get();
    return switch (tag) {
      case NULL -> null;
      case BOOLEAN -> {
        final byte b = in.get();
        if (b != 0 && b != 1) {
          throw new IllegalArgumentException("parameter " + parameter + ": invalid BOOLEAN " + b);
        }
        yield b == 1;
      }
      case TINYINT -> in.get();
      case SMALLINT -> in.getShort();
      case INTEGER -> in.getInt();
      case BIGINT -> in.getLong();
      case REAL -> in.getFloat();
      case DOUBLE -> in.getDouble();
      case DECIMAL -> {
        final int scale = in.getInt();
        if (scale < -MAX_DECIMAL_SCALE || scale > MAX_DECIMAL_SCALE) {
          throw new IllegalArgumentException("parameter " + parameter + ": DECIMAL scale "
              + scale + " is outside -" + MAX_DECIMAL_SCALE + ".." + MAX_DECIMAL_SCALE);
        }
        final byte[] unscaled = bytes(in, MAX_DECIMAL_BYTES, "DECIMAL");
        if (unscaled.length == 0) {
          throw new IllegalArgumentException("parameter " + parameter + ": empty DECIMAL");
        }
        yield new BigDecimal(new BigInteger(unscaled), scale);
      }
      case VARCHAR -> utf8(bytes(in, Integer.MAX_VALUE, "VARCHAR"), "parameter " + parameter);
      case VARBINARY -> bytes(in, Integer.MAX_VALUE, "VARBINARY");
      case DATE -> {
        final long day = in.getLong();
        if (day < LocalDate.MIN.toEpochDay() || day > LocalDate.MAX.toEpochDay()) {
          throw new IllegalArgumentException("parameter " + parameter + ": DATE out of range");
        }
        yield LocalDate.ofEpochDay(day);
      }
      case TIME -> {
        final long nanos = in.getLong();
        if (nanos < 0 || nanos >= 86_400_000_000_000L) {
          throw new IllegalArgumentException("parameter " + parameter + ": TIME out of range");
        }
        yield LocalTime.ofNanoOfDay(nanos);
      }
      case TIMESTAMP -> {
        final long seconds = in.getLong();
        final int nanos = in.getInt();
        if (nanos < 0 || nanos > 999_999_999
            || seconds < LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC)
            || seconds > LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC)) {
          throw new IllegalArgumentException("parameter " + parameter
              + ": TIMESTAMP out of range");
        }
        // A wall clock, as the three-call path binds it: no time zone (java.sql.Timestamp
        // would read it in the server's zone, moving times in a daylight-saving gap).
        yield LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
      }
      default -> throw new IllegalArgumentException("parameter " + parameter
          + ": unknown type tag " + tag);
    };
  }

  private static byte[] bytes(ByteBuffer in, int limit, String what) {
    final int length = in.getInt();
    if (length < 0 || length > limit || length > in.remaining()) {
      throw new IllegalArgumentException("invalid " + what + " length " + length);
    }
    final byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }

  private static String utf8(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(what + " is not valid UTF-8", e);
    }
  }
}
