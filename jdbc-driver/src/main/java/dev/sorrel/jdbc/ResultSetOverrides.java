package dev.sorrel.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;

import dev.sorrel.engine.ErrorCode;

/**
 * The {@link ResultSet} methods Sorrel answers itself (see {@link JdbcProxy}):
 * {@code getObject(column, Class)} for every class JDBC 4.2 maps a Sorrel
 * type to, converted as {@link JdbcValues} says; NULL is null whatever the
 * class.
 */
final class ResultSetOverrides {
  private final JdbcProxy self;

  ResultSetOverrides(JdbcProxy self) {
    this.self = self;
  }

  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    final ResultSet rs = self.target(ResultSet.class);
    if (type == null) {
      throw SqlErrors.create(ErrorCode.INVALID_PARAMETER_VALUE.sqlState(),
          "getObject needs a class to convert to, not null", null);
    }
    final Class<?> supported = JdbcValues.supported(type);
    if (supported == null) {
      throw SqlErrors.create(ErrorCode.FEATURE_NOT_SUPPORTED.sqlState(), "getObject cannot"
          + " convert to " + type.getName() + "; it converts to String, Boolean, the boxed"
          + " numbers, BigDecimal, BigInteger, byte[], the java.sql and java.time date and"
          + " time classes, Instant, OffsetDateTime and ZonedDateTime", null);
    }
    final Object value = supported == String.class ? rs.getString(columnIndex)
        : rs.getObject(columnIndex);
    if (value == null) {
      return null;
    }
    @SuppressWarnings("unchecked") final T converted =
        (T) JdbcValues.convert(value, supported, self.timeZone());
    return converted;
  }

  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(self.target(ResultSet.class).findColumn(columnLabel), type);
  }
}
