package dev.sorrel.jdbc;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.avatica.AvaticaUtils;
import org.apache.calcite.rel.type.RelDataTypeSystem;

import dev.sorrel.sql.schema.SorrelSchema;

/**
 * The {@code DatabaseMetaData} answers of a server connection that Arrow's
 * Flight SQL JDBC driver leaves empty: {@code getTypeInfo} (Arrow's driver
 * does not send GetXdbcTypeInfo) and {@code getIndexInfo} (Flight SQL has no
 * index command). Each gives the rows and columns the embedded driver
 * ({@link SorrelMeta}) gives: the type rows are the embedded driver's own
 * static data; the index rows are read from {@code SYS.INDEXES} on the server,
 * with the table's row count as the cardinality unless an approximate answer
 * is asked for (embedded, the count of an index's keys is the table's rows).
 *
 * <p>The rows come back as the result of a {@code VALUES} query the server
 * runs, so the caller gets a result set of the connection like any other
 * metadata call's, with the column types the embedded driver reports.
 */
final class RemoteMetadata {
  private RemoteMetadata() {
  }

  /** The types a column can be declared with, as the embedded driver lists them. */
  static ResultSet typeInfo(Connection connection) throws SQLException {
    // The embedded connection's type system is Calcite's default: Sorrel sets none.
    return rows(connection, SorrelMeta.TypeInfoRow.class, SorrelMeta.TYPE_INFO_COLUMNS,
        SorrelMeta.typeInfoRows(RelDataTypeSystem.DEFAULT));
  }

  /** A table's primary key and indexes, one row per column, as embedded. */
  static ResultSet indexInfo(Connection connection, String schema, String table,
      boolean unique, boolean approximate) throws SQLException {
    final List<SorrelMeta.IndexInfoRow> rows = new ArrayList<>();
    if (table != null && (schema == null || schema.equals(SorrelSchema.NAME))) {
      try (PreparedStatement p = connection.prepareStatement("SELECT INDEX_NAME,"
          + " COLUMN_NAMES, IS_UNIQUE, IS_PRIMARY_KEY FROM SYS.INDEXES WHERE TABLE_NAME = ?")) {
        p.setString(1, table);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            final boolean primaryKey = rs.getBoolean(4);
            final boolean isUnique = rs.getBoolean(3);
            if (unique && !isUnique && !primaryKey) {
              continue;
            }
            // SYS.INDEXES lists an index's columns as "A, B DESC".
            final String[] columns = rs.getString(2).split(", ");
            for (int i = 0; i < columns.length; i++) {
              final boolean descending = columns[i].endsWith(" DESC");
              rows.add(new SorrelMeta.IndexInfoRow(table, !isUnique && !primaryKey,
                  rs.getString(1), (short) (i + 1), descending
                      ? columns[i].substring(0, columns[i].length() - " DESC".length())
                      : columns[i], descending ? "D" : "A", null));
            }
          }
        }
      }
      if (!approximate && !rows.isEmpty()) {
        final long count = count(connection, table);
        rows.replaceAll(r -> new SorrelMeta.IndexInfoRow(r.tableName, r.nonUnique,
            r.indexName, r.ordinalPosition, r.columnName, r.ascOrDesc, count));
      }
    }
    rows.sort(SorrelMeta.INDEX_INFO_ORDER);
    return rows(connection, SorrelMeta.IndexInfoRow.class, SorrelMeta.INDEX_INFO_COLUMNS,
        rows);
  }

  private static long count(Connection connection, String table) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(
        "SELECT COUNT(*) FROM " + identifier(SorrelSchema.NAME) + "." + identifier(table))) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * A result set of rows of a metadata row class ({@link SorrelMeta}'s), its
   * columns named and typed as the embedded driver names and types them.
   */
  private static ResultSet rows(Connection connection, Class<?> type, String[] names,
      List<?> rows) throws SQLException {
    final List<Field> fields = new ArrayList<>();
    for (String name : names) {
      try {
        fields.add(type.getField(AvaticaUtils.toCamelCase(name)));
      } catch (NoSuchFieldException e) {
        throw new IllegalStateException("no field for " + name + " in " + type, e);
      }
    }
    final StringBuilder sql = new StringBuilder("SELECT * FROM (VALUES ");
    final List<?> values = rows.isEmpty() ? java.util.Collections.singletonList(null) : rows;
    for (int r = 0; r < values.size(); r++) {
      sql.append(r == 0 ? "(" : ", (");
      for (int f = 0; f < fields.size(); f++) {
        final Object value;
        try {
          value = values.get(r) == null ? null : fields.get(f).get(values.get(r));
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        sql.append(f == 0 ? "" : ", ").append(literal(value, fields.get(f).getType()));
      }
      sql.append(')');
    }
    sql.append(") AS T (");
    for (int i = 0; i < names.length; i++) {
      sql.append(i == 0 ? "" : ", ").append(identifier(names[i]));
    }
    sql.append(')');
    if (rows.isEmpty()) {
      sql.append(" WHERE FALSE");
    }
    final Statement statement = connection.createStatement();
    try {
      final ResultSet result = statement.executeQuery(sql.toString());
      statement.closeOnCompletion();
      return result;
    } catch (SQLException | RuntimeException e) {
      try {
        statement.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /** A SQL literal of a value, cast to the type the embedded driver gives its Java type. */
  private static String literal(Object value, Class<?> type) {
    final String sqlType;
    if (type == String.class) {
      sqlType = "VARCHAR";
    } else if (type == int.class || type == Integer.class) {
      sqlType = "INTEGER";
    } else if (type == short.class || type == Short.class) {
      sqlType = "SMALLINT";
    } else if (type == long.class || type == Long.class) {
      sqlType = "BIGINT";
    } else if (type == boolean.class || type == Boolean.class) {
      sqlType = "BOOLEAN";
    } else {
      throw new IllegalStateException("no SQL type for " + type);
    }
    final String text = value == null ? "NULL"
        : value instanceof String s ? "'" + s.replace("'", "''") + "'"
        : value.toString().toUpperCase(java.util.Locale.ROOT);
    return "CAST(" + text + " AS " + sqlType + ")";
  }

  private static String identifier(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }
}
