package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** DatabaseMetaData and ResultSetMetaData as BI tools and JDBC browsers read them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetadataTest {
  @TempDir Path dir;
  private Connection connection;
  private DatabaseMetaData meta;

  @BeforeEach
  void createSchema() throws SQLException {
    connection = connect(dir.resolve("db"));
    exec(connection,
        "CREATE TABLE ITEMS (ID BIGINT NOT NULL, NAME VARCHAR(20) NOT NULL,"
            + " PRICE DECIMAL(10,2), NOTE VARCHAR(100), PRIMARY KEY (ID))",
        // key order (B, A) differs from column order and from name order
        "CREATE TABLE PAIRS (A INTEGER NOT NULL, B VARCHAR(10) NOT NULL, V DOUBLE,"
            + " PRIMARY KEY (B, A))",
        "CREATE VIEW CHEAP AS SELECT ID, NAME FROM ITEMS WHERE PRICE < 10",
        "INSERT INTO ITEMS VALUES (1, 'pen', 1.50, NULL), (2, 'book', 12.00, 'hard cover')");
    meta = connection.getMetaData();
  }

  @AfterEach
  void close() throws SQLException {
    if (connection != null) {
      connection.close();
    }
  }

  /** TABLE_SCHEM.TABLE_NAME -> TABLE_TYPE of a getTables result. */
  private static Map<String, String> tables(ResultSet rs) throws SQLException {
    final Map<String, String> tables = new TreeMap<>();
    try (rs) {
      while (rs.next()) {
        tables.put(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"),
            rs.getString("TABLE_TYPE"));
      }
    }
    return tables;
  }

  @Test
  void productAndDriverIdentifyThemselves() throws SQLException {
    assertEquals("Sorrel", meta.getDatabaseProductName());
    assertEquals("Sorrel JDBC Driver", meta.getDriverName());
    assertEquals("0.1.0", meta.getDatabaseProductVersion());
    assertEquals("0.1.0", meta.getDriverVersion());
    assertEquals(0, meta.getDriverMajorVersion());
    assertEquals(1, meta.getDriverMinorVersion());
    assertEquals(0, meta.getDatabaseMajorVersion());
    assertEquals(1, meta.getDatabaseMinorVersion());
    assertTrue(meta.getURL() == null || meta.getURL().startsWith("jdbc:sorrel:"),
        "URL " + meta.getURL());
    assertTrue(connection.isValid(1));
    assertFalse(connection.isClosed());
    assertTrue(connection.getAutoCommit());
  }

  @Test
  void getTablesFiltersByTypeAndEveryTypeIsListedInGetTableTypes() throws SQLException {
    final Set<String> declaredTypes = new HashSet<>();
    try (ResultSet rs = meta.getTableTypes()) {
      while (rs.next()) {
        declaredTypes.add(rs.getString("TABLE_TYPE"));
      }
    }
    assertTrue(declaredTypes.containsAll(List.of("TABLE", "VIEW", "SYSTEM TABLE")),
        "getTableTypes: " + declaredTypes);

    final Map<String, String> all = tables(meta.getTables(null, null, "%", null));
    for (var e : all.entrySet()) {
      assertTrue(declaredTypes.contains(e.getValue()), e.getKey() + " has TABLE_TYPE "
          + e.getValue() + " which getTableTypes does not list " + declaredTypes);
    }
    assertEquals("TABLE", all.get("PUBLIC.ITEMS"), "all tables: " + all);
    assertEquals("TABLE", all.get("PUBLIC.PAIRS"), "all tables: " + all);
    assertEquals("VIEW", all.get("PUBLIC.CHEAP"), "all tables: " + all);
    for (String sys : List.of("SYS.TABLES", "SYS.COLUMNS", "SYS.VIEWS")) {
      assertEquals("SYSTEM TABLE", all.get(sys), "all tables: " + all);
    }

    assertEquals(Map.of("PUBLIC.ITEMS", "TABLE", "PUBLIC.PAIRS", "TABLE"),
        tables(meta.getTables(null, null, "%", new String[] {"TABLE"})));
    assertEquals(Map.of("PUBLIC.CHEAP", "VIEW"),
        tables(meta.getTables(null, null, "%", new String[] {"VIEW"})));
    final Map<String, String> system =
        tables(meta.getTables(null, null, "%", new String[] {"SYSTEM TABLE"}));
    assertEquals(Set.of("SYSTEM TABLE"), new HashSet<>(system.values()), "" + system);
    assertTrue(system.keySet().containsAll(List.of("SYS.TABLES", "SYS.COLUMNS", "SYS.VIEWS")),
        "" + system);
    assertEquals(Map.of("PUBLIC.ITEMS", "TABLE", "PUBLIC.PAIRS", "TABLE", "PUBLIC.CHEAP", "VIEW"),
        tables(meta.getTables(null, "PUBLIC", "%", new String[] {"TABLE", "VIEW"})));
    assertEquals(Map.of("PUBLIC.ITEMS", "TABLE"),
        tables(meta.getTables(null, "PUBLIC", "ITEMS", null)));
    assertEquals(Map.of("PUBLIC.ITEMS", "TABLE"),
        tables(meta.getTables(null, "PUB%", "IT_MS", null)));
    assertEquals(Map.of(), tables(meta.getTables(null, "PUBLIC", "NO_SUCH_TABLE", null)));

    // every column of getTables is there, catalog column null (no catalogs)
    try (ResultSet rs = meta.getTables(null, "PUBLIC", "ITEMS", null)) {
      final ResultSetMetaData md = rs.getMetaData();
      final List<String> names = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        names.add(md.getColumnName(i));
      }
      assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS",
          "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME",
          "REF_GENERATION"), names);
      assertTrue(rs.next());
      assertEquals(null, rs.getString("TABLE_CAT"));
    }
  }

  /** One getColumns row, the fields BI tools look at. */
  private record Column(String name, int dataType, String typeName, Integer size,
      Integer digits, int nullable, String isNullable, int ordinal) {
  }

  private List<Column> columns(String schema, String table) throws SQLException {
    final List<Column> columns = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(null, schema, table, "%")) {
      while (rs.next()) {
        assertEquals(table, rs.getString("TABLE_NAME"));
        assertEquals(schema, rs.getString("TABLE_SCHEM"));
        final int size = rs.getInt("COLUMN_SIZE");
        final Integer sizeOrNull = rs.wasNull() ? null : size;
        final int digits = rs.getInt("DECIMAL_DIGITS");
        final Integer digitsOrNull = rs.wasNull() ? null : digits;
        columns.add(new Column(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"),
            rs.getString("TYPE_NAME"), sizeOrNull, digitsOrNull, rs.getInt("NULLABLE"),
            rs.getString("IS_NULLABLE"), rs.getInt("ORDINAL_POSITION")));
      }
    }
    columns.sort((a, b) -> Integer.compare(a.ordinal, b.ordinal));
    return columns;
  }

  @Test
  void getColumnsReportsPlainTypesSizesAndNullability() throws SQLException {
    final List<Column> items = columns("PUBLIC", "ITEMS");
    assertEquals(4, items.size(), "" + items);
    for (Column c : items) {
      assertFalse(c.typeName.toUpperCase().contains("NOT NULL"), "TYPE_NAME " + c.typeName);
      assertFalse(c.typeName.contains("JavaType"), "TYPE_NAME " + c.typeName);
      assertFalse(c.typeName.contains("("), "TYPE_NAME should be plain: " + c.typeName);
    }
    final Column id = items.get(0);
    assertEquals("ID", id.name);
    assertEquals(Types.BIGINT, id.dataType);
    assertEquals("BIGINT", id.typeName);
    assertEquals(1, id.ordinal);
    assertEquals(DatabaseMetaData.columnNoNulls, id.nullable);
    assertEquals("NO", id.isNullable);

    final Column name = items.get(1);
    assertEquals("NAME", name.name);
    assertEquals(Types.VARCHAR, name.dataType);
    assertEquals("VARCHAR", name.typeName);
    assertEquals(20, name.size);
    assertEquals(2, name.ordinal);
    assertEquals(DatabaseMetaData.columnNoNulls, name.nullable);
    assertEquals("NO", name.isNullable);

    final Column price = items.get(2);
    assertEquals("PRICE", price.name);
    assertEquals(Types.DECIMAL, price.dataType);
    assertEquals("DECIMAL", price.typeName);
    assertEquals(10, price.size);
    assertEquals(2, price.digits);
    assertEquals(3, price.ordinal);
    assertEquals(DatabaseMetaData.columnNullable, price.nullable);
    assertEquals("YES", price.isNullable);

    final Column note = items.get(3);
    assertEquals("NOTE", note.name);
    assertEquals(Types.VARCHAR, note.dataType);
    assertEquals(100, note.size);
    assertEquals(4, note.ordinal);
    assertEquals("YES", note.isNullable);

    final List<Column> pairs = columns("PUBLIC", "PAIRS");
    assertEquals(List.of("A", "B", "V"), pairs.stream().map(Column::name).toList());
    assertEquals(Types.INTEGER, pairs.get(0).dataType);
    assertEquals("INTEGER", pairs.get(0).typeName);
    assertEquals(Types.DOUBLE, pairs.get(2).dataType);
    assertEquals("DOUBLE", pairs.get(2).typeName);
    assertEquals("NO", pairs.get(1).isNullable, "key column B");
    assertEquals("YES", pairs.get(2).isNullable, "V");

    // a view's columns are described too
    final List<Column> view = columns("PUBLIC", "CHEAP");
    assertEquals(List.of("ID", "NAME"), view.stream().map(Column::name).toList());
    assertEquals(Types.BIGINT, view.get(0).dataType);
    assertEquals("VARCHAR", view.get(1).typeName);

    // a column-name pattern selects one column
    try (ResultSet rs = meta.getColumns(null, "PUBLIC", "ITEMS", "PRI%")) {
      assertTrue(rs.next());
      assertEquals("PRICE", rs.getString("COLUMN_NAME"));
      assertFalse(rs.next());
    }
  }

  @Test
  void getPrimaryKeysGivesKeyColumnsWithKeySeq() throws SQLException {
    final Map<String, Short> items = new HashMap<>();
    try (ResultSet rs = meta.getPrimaryKeys(null, "PUBLIC", "ITEMS")) {
      while (rs.next()) {
        assertEquals("ITEMS", rs.getString("TABLE_NAME"));
        assertEquals("PUBLIC", rs.getString("TABLE_SCHEM"));
        items.put(rs.getString("COLUMN_NAME"), rs.getShort("KEY_SEQ"));
      }
    }
    assertEquals(Map.of("ID", (short) 1), items);

    final Map<String, Short> pairs = new HashMap<>();
    String pkName = null;
    try (ResultSet rs = meta.getPrimaryKeys(null, "PUBLIC", "PAIRS")) {
      while (rs.next()) {
        pairs.put(rs.getString("COLUMN_NAME"), rs.getShort("KEY_SEQ"));
        pkName = rs.getString("PK_NAME");
      }
    }
    // PRIMARY KEY (B, A): B is the first key column
    assertEquals(Map.of("B", (short) 1, "A", (short) 2), pairs);
    assertNotNull(pkName);

    try (ResultSet rs = meta.getPrimaryKeys(null, "PUBLIC", "NO_SUCH_TABLE")) {
      assertFalse(rs.next());
    }
  }

  @Test
  void schemasCatalogsAndTypeInfo() throws SQLException {
    final Set<String> schemas = new TreeSet<>();
    try (ResultSet rs = meta.getSchemas()) {
      while (rs.next()) {
        schemas.add(rs.getString("TABLE_SCHEM"));
      }
    }
    assertEquals(Set.of("ONLINE", "PUBLIC", "SYS", "TRACKING"), schemas);

    try (ResultSet rs = meta.getCatalogs()) {
      while (rs.next()) {
        assertNotNull(rs.getString("TABLE_CAT"), "getCatalogs returned a row with a null name");
      }
    }

    final Set<String> typeNames = new HashSet<>();
    try (ResultSet rs = meta.getTypeInfo()) {
      while (rs.next()) {
        typeNames.add(rs.getString("TYPE_NAME"));
      }
    }
    assertFalse(typeNames.isEmpty(), "getTypeInfo returned no rows");
    assertTrue(typeNames.containsAll(List.of("VARCHAR", "INTEGER", "BIGINT", "DECIMAL")),
        "getTypeInfo: " + typeNames);
  }

  private static void assertItemsShape(ResultSet rs) throws SQLException {
    final ResultSetMetaData md = rs.getMetaData();
    assertEquals(4, md.getColumnCount());
    assertEquals(List.of("ID", "NAME", "PRICE", "NOTE"),
        List.of(md.getColumnLabel(1), md.getColumnLabel(2), md.getColumnLabel(3),
            md.getColumnLabel(4)));
    assertEquals("NAME", md.getColumnName(2));
    assertEquals(Types.BIGINT, md.getColumnType(1));
    assertEquals(Types.VARCHAR, md.getColumnType(2));
    assertEquals(Types.DECIMAL, md.getColumnType(3));
    assertEquals(Types.VARCHAR, md.getColumnType(4));
    assertEquals("BIGINT", md.getColumnTypeName(1));
    assertEquals("VARCHAR", md.getColumnTypeName(2));
    assertEquals("DECIMAL", md.getColumnTypeName(3));
    assertEquals(10, md.getPrecision(3));
    assertEquals(2, md.getScale(3));
    // Query results report VARCHAR without its length (see README: lengths are
    // enforced on write by Sorrel, not by casts that would cut values).
    assertTrue(md.getPrecision(2) == 20 || md.getPrecision(2) <= 0
        || md.getPrecision(2) == Integer.MAX_VALUE, "precision " + md.getPrecision(2));
    assertEquals(ResultSetMetaData.columnNoNulls, md.isNullable(1));
    assertEquals(ResultSetMetaData.columnNullable, md.isNullable(4));
    assertFalse(rs.next(), "expected no rows");
  }

  @Test
  void emptyQueriesStillDescribeTheirColumns() throws SQLException {
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT * FROM ITEMS WHERE 1 = 0")) {
        assertItemsShape(rs);
      }
      try (ResultSet rs = s.executeQuery("SELECT * FROM ITEMS LIMIT 0")) {
        assertItemsShape(rs);
      }
    }
    // a PreparedStatement describes its result before it runs
    try (var ps = connection.prepareStatement("SELECT * FROM ITEMS WHERE ID = ?")) {
      final ResultSetMetaData md = ps.getMetaData();
      assertEquals(4, md.getColumnCount());
      assertEquals(Types.DECIMAL, md.getColumnType(3));
      assertEquals(1, ps.getParameterMetaData().getParameterCount());
      ps.setLong(1, -1);
      try (ResultSet rs = ps.executeQuery()) {
        assertItemsShape(rs);
      }
    }
  }
}
