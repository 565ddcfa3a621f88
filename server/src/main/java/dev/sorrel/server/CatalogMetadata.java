package dev.sorrel.server;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.flight.sql.FlightSqlProducer.Schemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetDbSchemas;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetPrimaryKeys;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetTables;
import org.apache.arrow.flight.sql.impl.FlightSql.CommandGetXdbcTypeInfo;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Flight SQL's catalog commands (GetCatalogs, GetDbSchemas, GetTables,
 * GetTableTypes, GetPrimaryKeys, the foreign-key commands, GetXdbcTypeInfo),
 * answered by the embedded connection's {@link DatabaseMetaData}: a remote
 * client sees the same schemas, tables, table types, keys and types as an
 * embedded one, in Flight SQL's shape.
 */
final class CatalogMetadata {
  private final BufferAllocator allocator;

  CatalogMetadata(BufferAllocator allocator) {
    this.allocator = allocator;
  }

  void catalogs(Connection connection, ServerStreamListener listener) throws SQLException {
    final List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getCatalogs()) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString("TABLE_CAT")});
      }
    }
    MetadataRows.send(Schemas.GET_CATALOGS_SCHEMA, rows, allocator, listener);
  }

  void schemas(Connection connection, CommandGetDbSchemas command,
      ServerStreamListener listener) throws SQLException {
    final List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getSchemas(
        command.hasCatalog() ? command.getCatalog() : null,
        command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null)) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString("TABLE_CATALOG"), rs.getString("TABLE_SCHEM")});
      }
    }
    MetadataRows.send(Schemas.GET_SCHEMAS_SCHEMA, rows, allocator, listener);
  }

  void tables(Connection connection, CommandGetTables command, ServerStreamListener listener)
      throws SQLException {
    final DatabaseMetaData metaData = connection.getMetaData();
    final String[] types = command.getTableTypesCount() == 0 ? null
        : command.getTableTypesList().toArray(new String[0]);
    final List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = metaData.getTables(
        command.hasCatalog() ? command.getCatalog() : null,
        command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null,
        command.hasTableNameFilterPattern() ? command.getTableNameFilterPattern() : null,
        types)) {
      while (rs.next()) {
        final String catalog = rs.getString("TABLE_CAT");
        final String schema = rs.getString("TABLE_SCHEM");
        final String table = rs.getString("TABLE_NAME");
        final String type = rs.getString("TABLE_TYPE");
        rows.add(command.getIncludeSchema()
            ? new Object[] {catalog, schema, table, type, null}
            : new Object[] {catalog, schema, table, type});
      }
    }
    if (command.getIncludeSchema()) {
      for (Object[] row : rows) {
        row[4] = ArrowTypes.serialize(
            tableSchema(metaData, (String) row[0], (String) row[1], (String) row[2]))
            .toByteArray();
      }
    }
    MetadataRows.send(command.getIncludeSchema() ? Schemas.GET_TABLES_SCHEMA
        : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA, rows, allocator, listener);
  }

  /** A table's columns as an Arrow schema, with what getColumns says of each as metadata. */
  private static Schema tableSchema(DatabaseMetaData metaData, String catalog, String schema,
      String table) throws SQLException {
    final List<Field> fields = new ArrayList<>();
    try (ResultSet rs = metaData.getColumns(catalog, escape(metaData, schema),
        escape(metaData, table), null)) {
      while (rs.next()) {
        final int type = rs.getInt("DATA_TYPE");
        final int size = rs.getInt("COLUMN_SIZE");
        final boolean sizeKnown = !rs.wasNull();
        final int digits = rs.getInt("DECIMAL_DIGITS");
        final boolean digitsKnown = !rs.wasNull();
        final FlightSqlColumnMetadata.Builder column = new FlightSqlColumnMetadata.Builder()
            .tableName(rs.getString("TABLE_NAME"))
            .typeName(rs.getString("TYPE_NAME"))
            .isAutoIncrement("YES".equals(rs.getString("IS_AUTOINCREMENT")));
        if (rs.getString("TABLE_CAT") != null) {
          column.catalogName(rs.getString("TABLE_CAT"));
        }
        if (rs.getString("TABLE_SCHEM") != null) {
          column.schemaName(rs.getString("TABLE_SCHEM"));
        }
        if (sizeKnown) {
          column.precision(size);
        }
        if (digitsKnown) {
          column.scale(digits);
        }
        final String remarks = rs.getString("REMARKS");
        if (remarks != null) {
          column.remarks(remarks);
        }
        final boolean nullable = rs.getInt("NULLABLE") != ResultSetMetaData.columnNoNulls;
        fields.add(new Field(rs.getString("COLUMN_NAME"), new FieldType(nullable,
            ArrowTypes.arrowType(type, sizeKnown ? size : 0, digitsKnown ? digits : 0), null,
            column.build().getMetadataMap()), null));
      }
    }
    return new Schema(fields);
  }

  /** A name as a getColumns pattern that matches only itself. */
  private static String escape(DatabaseMetaData metaData, String name) throws SQLException {
    if (name == null) {
      return null;
    }
    final String escape = metaData.getSearchStringEscape();
    return name.replace(escape, escape + escape).replace("_", escape + "_")
        .replace("%", escape + "%");
  }

  void tableTypes(Connection connection, ServerStreamListener listener) throws SQLException {
    final List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getTableTypes()) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString("TABLE_TYPE")});
      }
    }
    MetadataRows.send(Schemas.GET_TABLE_TYPES_SCHEMA, rows, allocator, listener);
  }

  void primaryKeys(Connection connection, CommandGetPrimaryKeys command,
      ServerStreamListener listener) throws SQLException {
    final List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getPrimaryKeys(
        command.hasCatalog() ? command.getCatalog() : null,
        command.hasDbSchema() ? command.getDbSchema() : null, command.getTable())) {
      while (rs.next()) {
        rows.add(new Object[] {rs.getString("TABLE_CAT"), rs.getString("TABLE_SCHEM"),
            rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME"), rs.getInt("KEY_SEQ"),
            rs.getString("PK_NAME")});
      }
    }
    MetadataRows.send(Schemas.GET_PRIMARY_KEYS_SCHEMA, rows, allocator, listener);
  }

  /** Sorrel has no foreign keys: imported, exported and cross-reference keys are empty. */
  void foreignKeys(Schema schema, ServerStreamListener listener) {
    MetadataRows.send(schema, List.of(), allocator, listener);
  }

  void typeInfo(Connection connection, CommandGetXdbcTypeInfo command,
      ServerStreamListener listener) throws SQLException {
    final List<Object[]> rows = new ArrayList<>();
    try (ResultSet rs = connection.getMetaData().getTypeInfo()) {
      while (rs.next()) {
        final int dataType = rs.getInt("DATA_TYPE");
        if (command.hasDataType() && command.getDataType() != dataType) {
          continue;
        }
        final String params = rs.getString("CREATE_PARAMS");
        rows.add(new Object[] {
            rs.getString("TYPE_NAME"),
            dataType,
            integer(rs, "PRECISION"),
            rs.getString("LITERAL_PREFIX"),
            rs.getString("LITERAL_SUFFIX"),
            params == null || params.isBlank() ? null
                : Arrays.stream(params.split(",")).map(String::trim).toList(),
            rs.getInt("NULLABLE"),
            rs.getBoolean("CASE_SENSITIVE"),
            rs.getInt("SEARCHABLE"),
            rs.getBoolean("UNSIGNED_ATTRIBUTE"),
            rs.getBoolean("FIXED_PREC_SCALE"),
            rs.getBoolean("AUTO_INCREMENT"),
            rs.getString("LOCAL_TYPE_NAME"),
            integer(rs, "MINIMUM_SCALE"),
            integer(rs, "MAXIMUM_SCALE"),
            dataType,
            null,
            integer(rs, "NUM_PREC_RADIX"),
            null});
      }
    }
    MetadataRows.send(Schemas.GET_TYPE_INFO_SCHEMA, rows, allocator, listener);
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    final int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }
}
