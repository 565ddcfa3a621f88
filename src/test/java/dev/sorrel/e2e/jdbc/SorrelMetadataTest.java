package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Metadata that shows what Sorrel is: the ONLINE schema, feature views as
 * their own table type with their comments, Sorrel's functions, defaults,
 * type literals, per-column result metadata; and a crawl of every
 * DatabaseMetaData method as SchemaCrawler makes one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SorrelMetadataTest {
  private Connection c;
  private DatabaseMetaData meta;

  @BeforeEach
  void createSchema() throws SQLException {
    c = memory();
    exec(c, "CREATE TABLE ORDERS (ID BIGINT NOT NULL PRIMARY KEY,"
            + " STATUS VARCHAR(10) DEFAULT 'new', QTY INTEGER DEFAULT 1, TS TIMESTAMP)",
        "CREATE VIEW BIG AS SELECT ID FROM ORDERS WHERE QTY > 10",
        "CREATE ENTITY DRIVER (DRIVER_ID BIGINT)",
        "CREATE FEATURE VIEW STATS ENTITY DRIVER (CONV_RATE DOUBLE, TRIPS BIGINT)"
            + " TTL INTERVAL '1' DAY COMMENT 'hourly driver statistics'");
    meta = c.getMetaData();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private static Map<String, String[]> tables(ResultSet rs) throws SQLException {
    final Map<String, String[]> tables = new TreeMap<>();
    try (rs) {
      while (rs.next()) {
        tables.put(rs.getString("TABLE_SCHEM") + "." + rs.getString("TABLE_NAME"),
            new String[] {rs.getString("TABLE_TYPE"), rs.getString("REMARKS")});
      }
    }
    return tables;
  }

  @Test void featureViewsAreTheirOwnTableTypeInPublicAndOnline() throws SQLException {
    final List<String> types = new ArrayList<>();
    try (ResultSet rs = meta.getTableTypes()) {
      while (rs.next()) {
        types.add(rs.getString(1));
      }
    }
    assertEquals(List.of("FEATURE VIEW", "SYSTEM TABLE", "TABLE", "VIEW"), types);

    final Map<String, String[]> all = tables(meta.getTables(null, null, "%", null));
    assertEquals("FEATURE VIEW", all.get("PUBLIC.STATS")[0]);
    assertEquals("hourly driver statistics", all.get("PUBLIC.STATS")[1]);
    assertEquals("FEATURE VIEW", all.get("ONLINE.STATS")[0]);
    assertTrue(all.get("ONLINE.STATS")[1].contains("hourly driver statistics"),
        all.get("ONLINE.STATS")[1]);
    assertEquals("TABLE", all.get("PUBLIC.ORDERS")[0]);
    assertEquals("VIEW", all.get("PUBLIC.BIG")[0]);
    for (Map.Entry<String, String[]> e : all.entrySet()) {
      assertTrue(types.contains(e.getValue()[0]), e.getKey() + ": " + e.getValue()[0]);
    }
    assertEquals(List.of("ONLINE.STATS", "PUBLIC.STATS"), new ArrayList<>(
        tables(meta.getTables(null, null, "%", new String[] {"FEATURE VIEW"})).keySet()));
    assertEquals(List.of("ONLINE.STATS"), new ArrayList<>(
        tables(meta.getTables(null, "ONLINE", "%", null)).keySet()));
  }

  @Test void onlineTablesHaveColumnsAndTheEntityKey() throws SQLException {
    final List<String> columns = new ArrayList<>();
    try (ResultSet rs = meta.getColumns(null, "ONLINE", "STATS", "%")) {
      while (rs.next()) {
        columns.add(rs.getString("COLUMN_NAME"));
      }
    }
    assertTrue(columns.containsAll(List.of("DRIVER_ID", "CONV_RATE", "TRIPS")), "" + columns);
    try (ResultSet rs = meta.getPrimaryKeys(null, "ONLINE", "STATS")) {
      assertTrue(rs.next());
      assertEquals("ONLINE", rs.getString("TABLE_SCHEM"));
      assertEquals("DRIVER_ID", rs.getString("COLUMN_NAME"));
      assertEquals(1, rs.getShort("KEY_SEQ"));
      assertFalse(rs.next());
    }
  }

  @Test void columnDefaultsAreListed() throws SQLException {
    final Map<String, String> defaults = new HashMap<>();
    try (ResultSet rs = meta.getColumns(null, "PUBLIC", "ORDERS", "%")) {
      while (rs.next()) {
        defaults.put(rs.getString("COLUMN_NAME"), rs.getString("COLUMN_DEF"));
      }
    }
    assertEquals("'new'", defaults.get("STATUS"));
    assertEquals("1", defaults.get("QTY"));
    assertNull(defaults.get("TS"));
  }

  @Test void getFunctionsListsSorrelsFunctionsNotViews() throws SQLException {
    final Map<String, String> functions = new TreeMap<>();
    try (ResultSet rs = meta.getFunctions(null, null, "%")) {
      while (rs.next()) {
        functions.put(rs.getString("FUNCTION_NAME"), rs.getString("REMARKS"));
        assertEquals(rs.getString("FUNCTION_NAME").equals("EXPERIMENT_RESULTS")
            ? DatabaseMetaData.functionReturnsTable : DatabaseMetaData.functionNoTable,
            rs.getShort("FUNCTION_TYPE"));
      }
    }
    assertEquals(List.of("ACCURACY", "ASSIGN_VARIANT", "COHENS_D", "DRIFT_CHI2",
        "DRIFT_CHI2_STATISTIC", "DRIFT_JS", "DRIFT_KS", "DRIFT_KS_STATISTIC", "DRIFT_PSI",
        "DRIFT_WASSERSTEIN", "EXPERIMENT_RESULTS", "F1_SCORE", "LIFT", "LIFT_LOWER", "LIFT_UPPER",
        "LOG_LOSS", "MEAN_ABSOLUTE_ERROR", "MEAN_DIFF", "MEAN_DIFF_LOWER", "MEAN_DIFF_UPPER",
        "MEAN_SQUARED_ERROR", "PRECISION_SCORE", "PREDICT", "PREDICT_LABEL", "PREDICT_OUTPUT",
        "PREDICT_PROBA", "PREDICT_VARIANT", "R2_SCORE", "RECALL_SCORE", "ROC_AUC",
        "ROOT_MEAN_SQUARED_ERROR", "SRM_P", "TTEST_P", "TTEST_T"),
        new ArrayList<>(functions.keySet()));
    // Each remark shows how to call the function.
    functions.forEach((name, remarks) -> assertTrue(remarks.startsWith(name + "("), remarks));
    try (ResultSet rs = meta.getFunctions(null, null, "PREDICT")) {
      assertTrue(rs.next());
      assertFalse(rs.next());
    }
    try (ResultSet rs = meta.getFunctionColumns(null, null, "%", "%")) {
      assertEquals("FUNCTION_NAME", rs.getMetaData().getColumnName(3));
      assertFalse(rs.next());
    }
  }

  @Test void typeInfoGivesLiteralSyntaxAndCreateParams() throws SQLException {
    final Map<String, String[]> types = new HashMap<>();
    int lastType = Integer.MIN_VALUE;
    try (ResultSet rs = meta.getTypeInfo()) {
      while (rs.next()) {
        types.put(rs.getString("TYPE_NAME"), new String[] {rs.getString("LITERAL_PREFIX"),
            rs.getString("LITERAL_SUFFIX"), rs.getString("CREATE_PARAMS")});
        assertTrue(rs.getInt("DATA_TYPE") >= lastType, "ordered by DATA_TYPE");
        lastType = rs.getInt("DATA_TYPE");
      }
    }
    assertEquals(List.of("'", "'", "length"), List.of(types.get("VARCHAR")));
    assertEquals(List.of("X'", "'", "length"), List.of(types.get("VARBINARY")));
    assertEquals("TIMESTAMP '", types.get("TIMESTAMP")[0]);
    assertEquals("precision,scale", types.get("DECIMAL")[2]);
    assertNull(types.get("INTEGER")[0]);
    assertNull(types.get("INTEGER")[2]);
  }

  @Test void resultColumnsSayTheirSizeAndWhetherTheyCanBeWritten() throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery(
        "SELECT ID, STATUS, TS, QTY + 1 AS NEXT_QTY FROM ORDERS")) {
      final ResultSetMetaData md = rs.getMetaData();
      assertEquals(20, md.getColumnDisplaySize(1));
      assertEquals(23, md.getColumnDisplaySize(3));
      assertEquals(23, md.getPrecision(3));
      assertEquals(11, md.getColumnDisplaySize(4));
      assertTrue(md.getColumnDisplaySize(2) >= 10);
      for (int i = 1; i <= 4; i++) {
        assertTrue(md.isSearchable(i));
      }
      assertTrue(md.isWritable(1) && !md.isReadOnly(1));
      assertTrue(md.isReadOnly(4) && !md.isWritable(4));
    }
    try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM ONLINE.STATS")) {
      assertTrue(rs.getMetaData().isReadOnly(1));
    }
  }

  /** Typical arguments for a DatabaseMetaData parameter of a type. */
  private static Object argument(Class<?> type, String name) {
    if (type == String.class) {
      return name.startsWith("catalog") ? null : "%";
    }
    if (type == int.class) {
      return name.contains("Type") || name.contains("type") ? Types.INTEGER : 1;
    }
    if (type == boolean.class) {
      return false;
    }
    if (type == String[].class) {
      return null;
    }
    if (type == int[].class) {
      return null;
    }
    throw new AssertionError("no argument of type " + type);
  }

  /**
   * Every DatabaseMetaData method with typical arguments, as a schema
   * crawler calls them: each answers, or fails with a SQLException that has
   * a state other than XX000; no unchecked exception, and every result set
   * can be read to its end.
   */
  @Test void everyDatabaseMetaDataMethodAnswersOrFailsWithACodedError() throws Exception {
    final List<String> failures = new ArrayList<>();
    int called = 0;
    for (Method m : DatabaseMetaData.class.getMethods()) {
      if (m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) {
        continue;
      }
      final Object[] args = new Object[m.getParameterCount()];
      for (int i = 0; i < args.length; i++) {
        args[i] = argument(m.getParameterTypes()[i], m.getParameters()[i].getName());
      }
      called++;
      try {
        final Object result = m.invoke(meta, args);
        if (result instanceof ResultSet rs) {
          try (rs) {
            final int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              for (int i = 1; i <= columns; i++) {
                rs.getObject(i);
              }
            }
          }
        } else if (m.getReturnType() == RowIdLifetime.class) {
          assertNotNull(result);
        }
      } catch (InvocationTargetException e) {
        final Throwable cause = e.getCause();
        if (!(cause instanceof SQLException s) || s.getSQLState() == null
            || s.getSQLState().equals("XX000")) {
          failures.add(m.getName() + ": " + cause);
        }
      }
    }
    assertTrue(called > 150, "called " + called);
    if (!failures.isEmpty()) {
      fail(failures.size() + " methods failed:\n" + String.join("\n", failures));
    }
  }
}
