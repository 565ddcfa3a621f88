package dev.sorrel.sql;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.jdbc.CalcitePrepare.CalciteSignature;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * A statement's parameter values as its plan reads them. Binding is where a
 * value's type is checked against the parameter's: the compiled plan casts
 * each value to the representation of the parameter's type, so a value of
 * another type would fail there as an internal-looking ClassCastException;
 * here it is a type mismatch (42804) that names the parameter.
 *
 * <p>Before the check, a value is converted to the parameter's type where
 * PostgreSQL's and H2's drivers convert: text (from {@code setString}) to a
 * number or boolean (22018 if it does not read as one) or to a date, time or
 * timestamp in ISO form (22007); a number or boolean to text. JDBC 4.2
 * {@code java.time} values, which Avatica passes through unconverted, become
 * the same wall-clock time, as TIMESTAMP has no time zone; an
 * {@code Instant}, {@code OffsetDateTime} or {@code ZonedDateTime} becomes
 * the wall-clock time in the connection's time zone.
 */
final class BoundParameters implements DataContext {
  private final DataContext execution;
  private final @Nullable Object[] values;

  private BoundParameters(DataContext execution, @Nullable Object[] values) {
    this.execution = execution;
    this.values = values;
  }

  /** A signature that binds its parameters as above when executed; itself if it has none. */
  static <T> CalciteSignature<T> binding(CalciteSignature<T> signature) {
    return binding(signature, Map.of());
  }

  /**
   * As {@link #binding(CalciteSignature)}, where the parameters at the given indexes are the
   * row counts of LIMIT or OFFSET clauses (see {@link RowCountClauses}).
   */
  static <T> CalciteSignature<T> binding(CalciteSignature<T> signature,
      Map<Integer, String> rowCounts) {
    final List<AvaticaParameter> parameters = signature.parameters;
    if (parameters.isEmpty()) {
      return signature;
    }
    final Bindable<T> bind = execution -> signature.enumerable(
        new BoundParameters(execution, values(execution, parameters, rowCounts)));
    // The limit (maxRowCount) is applied by the original signature.
    return new CalciteSignature<>(signature.sql, parameters, signature.internalParameters,
        signature.rowType, signature.columns, signature.cursorFactory, signature.rootSchema,
        signature.getCollationList(), -1, bind, signature.statementType);
  }

  private static @Nullable Object[] values(DataContext execution,
      List<AvaticaParameter> parameters, Map<Integer, String> rowCounts) {
    final @Nullable Object[] values = new Object[parameters.size()];
    for (int i = 0; i < values.length; i++) {
      final String clause = rowCounts.get(i);
      if (clause != null) {
        values[i] = RowCountClauses.bind(clause, i + 1, execution.get("?" + i));
        continue;
      }
      final Object value = convert(parameters.get(i), i + 1, execution.get("?" + i), execution);
      check(parameters.get(i), i + 1, value);
      values[i] = value;
    }
    return values;
  }

  /** The value in the representation of the parameter's type, where it converts. */
  private static @Nullable Object convert(AvaticaParameter parameter, int position,
      @Nullable Object value, DataContext execution) {
    if (value == null) {
      return null;
    }
    return switch (parameter.parameterType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT ->
          integer(value, position);
      case Types.REAL, Types.FLOAT, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC ->
          value instanceof String text ? number(text, position) : value;
      case Types.BOOLEAN -> value instanceof String text ? bool(text, position) : value;
      case Types.CHAR, Types.VARCHAR -> text(value);
      case Types.DATE, Types.TIME, Types.TIMESTAMP ->
          dateTime(parameter.parameterType, position, value, execution);
      default -> value;
    };
  }

  /**
   * An integer parameter's value: text read as a number, a whole one as a
   * {@code Long}. Numbers pass as they are: the plan compares a key with a
   * value outside its type's range as any other comparison does.
   */
  private static Object integer(Object value, int position) {
    if (!(value instanceof String text)) {
      return value;
    }
    final BigDecimal number = number(text, position);
    try {
      return number.longValueExact();
    } catch (ArithmeticException e) {
      return number;
    }
  }

  private static BigDecimal number(String text, int position) {
    try {
      return new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new SorrelException(ErrorCode.INVALID_CHARACTER_VALUE, "parameter " + position
          + ": invalid number '" + text + "'");
    }
  }

  /** The spellings PostgreSQL reads as a boolean. */
  private static Boolean bool(String text, int position) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "t", "true", "y", "yes", "on", "1" -> Boolean.TRUE;
      case "f", "false", "n", "no", "off", "0" -> Boolean.FALSE;
      default -> throw new SorrelException(ErrorCode.INVALID_CHARACTER_VALUE, "parameter "
          + position + ": invalid boolean '" + text + "'");
    };
  }

  /** Numbers and booleans as CAST spells them; other values as they are. */
  private static Object text(Object value) {
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (value instanceof Number || value instanceof Character || value instanceof LocalDate
        || value instanceof LocalTime) {
      return value.toString();
    }
    if (value instanceof LocalDateTime t) {
      return Timestamp.valueOf(t).toString();
    }
    return value;
  }

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

  /**
   * A date, time or timestamp parameter's value in its plan's representation
   * (days, milliseconds of the day, milliseconds of the wall clock since the
   * epoch) from text or {@code java.time}; other values as they are.
   */
  private static Object dateTime(int type, int position, Object value, DataContext execution) {
    final LocalDateTime wall;
    if (value instanceof LocalDateTime t) {
      wall = t;
    } else if (value instanceof LocalDate d && type != Types.TIME) {
      wall = d.atStartOfDay();
    } else if (value instanceof LocalTime t && type == Types.TIME) {
      wall = t.atDate(LocalDate.EPOCH);
    } else if (value instanceof Instant || value instanceof OffsetDateTime
        || value instanceof ZonedDateTime) {
      final Instant instant = value instanceof Instant i ? i
          : value instanceof OffsetDateTime t ? t.toInstant() : ((ZonedDateTime) value).toInstant();
      final TimeZone zone = DataContext.Variable.TIME_ZONE.get(execution);
      wall = LocalDateTime.ofInstant(instant, zone.toZoneId());
    } else if (value instanceof String text) {
      try {
        wall = type == Types.TIME ? LocalTime.parse(text.trim(), TIME).atDate(LocalDate.EPOCH)
            : LocalDateTime.parse(text.trim(), TIMESTAMP);
      } catch (DateTimeParseException e) {
        throw new SorrelException(ErrorCode.INVALID_DATETIME, "parameter " + position
            + ": invalid " + (type == Types.DATE ? "date" : type == Types.TIME ? "time"
            : "timestamp") + " '" + text + "'");
      }
    } else {
      return value;
    }
    return switch (type) {
      case Types.DATE -> (int) wall.toLocalDate().toEpochDay();
      case Types.TIME -> (int) (wall.toLocalTime().toNanoOfDay() / 1_000_000);
      default -> wall.toEpochSecond(ZoneOffset.UTC) * 1000 + wall.getNano() / 1_000_000;
    };
  }

  /** Rejects a value the plan's cast to the parameter's representation would fail on. */
  private static void check(AvaticaParameter parameter, int position, @Nullable Object value) {
    if (value == null) {
      return;
    }
    final Class<?> representation = switch (parameter.parameterType) {
      case Types.BOOLEAN -> Boolean.class;
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
          Types.DOUBLE, Types.DECIMAL, Types.NUMERIC -> Number.class;
      case Types.DATE, Types.TIME -> Integer.class;
      case Types.TIMESTAMP -> Long.class;
      case Types.BINARY, Types.VARBINARY -> ByteString.class;
      default -> Object.class;
    };
    if (!representation.isInstance(value)) {
      throw new SorrelException(ErrorCode.TYPE_MISMATCH, "parameter " + position + " is "
          + parameter.typeName + "; a value of type " + value.getClass().getSimpleName()
          + " cannot be bound to it");
    }
  }

  @Override public @Nullable Object get(String name) {
    if (name.length() > 1 && name.charAt(0) == '?') {
      final int index = Integer.parseInt(name, 1, name.length(), 10);
      if (index < values.length) {
        return values[index];
      }
    }
    return execution.get(name);
  }

  @Override public @Nullable SchemaPlus getRootSchema() {
    return execution.getRootSchema();
  }

  @Override public JavaTypeFactory getTypeFactory() {
    return execution.getTypeFactory();
  }

  @Override public QueryProvider getQueryProvider() {
    return execution.getQueryProvider();
  }
}
