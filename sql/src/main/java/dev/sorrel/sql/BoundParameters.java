package dev.sorrel.sql;

import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Calendar;
import java.util.List;
import java.util.Locale;
import java.util.TimeZone;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.AvaticaParameter;
import org.apache.calcite.avatica.remote.TypedValue;
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
 * here it is a type mismatch (42804) that names the parameter. JDBC 4.2
 * {@code java.time} values, which Avatica passes through unconverted, become
 * the representation their {@code java.sql} equivalents have (the same
 * wall-clock time, as TIMESTAMP has no time zone).
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
    final List<AvaticaParameter> parameters = signature.parameters;
    if (parameters.isEmpty()) {
      return signature;
    }
    final Bindable<T> bind = execution ->
        signature.enumerable(new BoundParameters(execution, values(execution, parameters)));
    // The limit (maxRowCount) is applied by the original signature.
    return new CalciteSignature<>(signature.sql, parameters, signature.internalParameters,
        signature.rowType, signature.columns, signature.cursorFactory, signature.rootSchema,
        signature.getCollationList(), -1, bind, signature.statementType);
  }

  private static @Nullable Object[] values(DataContext execution,
      List<AvaticaParameter> parameters) {
    final @Nullable Object[] values = new Object[parameters.size()];
    for (int i = 0; i < values.length; i++) {
      final Object value = fromJavaTime(execution.get("?" + i), execution);
      check(parameters.get(i), i + 1, value);
      values[i] = value;
    }
    return values;
  }

  /** The {@code java.sql} value's representation of a {@code java.time} value. */
  private static @Nullable Object fromJavaTime(@Nullable Object value, DataContext execution) {
    final Object jdbc;
    if (value instanceof LocalDateTime t) {
      jdbc = Timestamp.valueOf(t);
    } else if (value instanceof LocalDate d) {
      jdbc = java.sql.Date.valueOf(d);
    } else if (value instanceof LocalTime t) {
      jdbc = new java.sql.Time(Timestamp.valueOf(t.atDate(LocalDate.of(1970, 1, 1))).getTime());
    } else {
      return value;
    }
    // As PreparedStatement.setTimestamp etc. convert, in the connection's time zone.
    final TimeZone zone = DataContext.Variable.TIME_ZONE.get(execution);
    return TypedValue.ofJdbc(jdbc, Calendar.getInstance(zone, Locale.ROOT)).toLocal();
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
