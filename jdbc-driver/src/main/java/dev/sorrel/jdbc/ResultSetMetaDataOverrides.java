package dev.sorrel.jdbc;

import java.sql.ResultSetMetaData;

/**
 * The {@link ResultSetMetaData} methods Sorrel answers itself (see
 * {@link JdbcProxy}).
 */
final class ResultSetMetaDataOverrides {
  private final JdbcProxy self;

  ResultSetMetaDataOverrides(JdbcProxy self) {
    this.self = self;
  }
}
