package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Comments set with {@code COMMENT ON} (or {@code COMMENT '...'} in CREATE
 * TABLE) are what {@code getTables} and {@code getColumns} report as REMARKS,
 * for tables, views, feature views and their online tables, and they survive
 * a restart.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CommentsMetadataTest {
  @TempDir Path dir;

  @Test void remarksShowCommentsAndSurviveARestart() throws SQLException {
    try (Connection c = connect(dir)) {
      exec(c, "CREATE TABLE orders (id INT PRIMARY KEY COMMENT 'order number',"
              + " total DECIMAL(10, 2)) COMMENT 'one row per order'",
          "COMMENT ON COLUMN orders.total IS 'in euros'",
          "CREATE VIEW big AS SELECT id, total FROM orders WHERE total > 100",
          "COMMENT ON VIEW big IS 'large orders'",
          "COMMENT ON COLUMN big.total IS 'copied from orders'",
          "CREATE ENTITY customer (customer_id BIGINT)",
          "CREATE FEATURE VIEW spend ENTITY customer (total_30d DOUBLE) COMMENT 'spend'",
          "COMMENT ON COLUMN spend.total_30d IS 'thirty days'",
          "CREATE TABLE plain (x INT)");
      check(c.getMetaData());
    }
    try (Connection c = connect(dir)) {
      check(c.getMetaData());
      exec(c, "COMMENT ON TABLE orders IS NULL", "COMMENT ON COLUMN orders.total IS NULL");
      assertNull(tableRemarks(c.getMetaData(), "PUBLIC").get("ORDERS"));
      assertNull(columnRemarks(c.getMetaData(), "PUBLIC", "ORDERS").get("TOTAL"));
      assertEquals("order number", columnRemarks(c.getMetaData(), "PUBLIC", "ORDERS").get("ID"));
    }
    try (Connection c = connect(dir)) {
      assertNull(tableRemarks(c.getMetaData(), "PUBLIC").get("ORDERS"));
      assertNull(columnRemarks(c.getMetaData(), "PUBLIC", "ORDERS").get("TOTAL"));
    }
  }

  private static void check(DatabaseMetaData meta) throws SQLException {
    final Map<String, String> tables = tableRemarks(meta, "PUBLIC");
    assertEquals("one row per order", tables.get("ORDERS"));
    assertEquals("large orders", tables.get("BIG"));
    assertEquals("spend", tables.get("SPEND"));
    assertTrue(tables.containsKey("PLAIN"));
    assertNull(tables.get("PLAIN"));
    final Map<String, String> orders = columnRemarks(meta, "PUBLIC", "ORDERS");
    assertEquals("order number", orders.get("ID"));
    assertEquals("in euros", orders.get("TOTAL"));
    assertEquals("copied from orders", columnRemarks(meta, "PUBLIC", "BIG").get("TOTAL"));
    assertNull(columnRemarks(meta, "PUBLIC", "BIG").get("ID"));
    assertEquals("thirty days", columnRemarks(meta, "PUBLIC", "SPEND").get("TOTAL_30D"));
    // The online table of a feature view shows the comments of the view's columns.
    assertEquals("thirty days", columnRemarks(meta, "ONLINE", "SPEND").get("TOTAL_30D"));
    assertTrue(tableRemarks(meta, "ONLINE").get("SPEND").endsWith(": spend"),
        tableRemarks(meta, "ONLINE").get("SPEND"));
  }

  private static Map<String, String> tableRemarks(DatabaseMetaData meta, String schema)
      throws SQLException {
    final Map<String, String> remarks = new HashMap<>();
    try (ResultSet rs = meta.getTables(null, schema, "%", null)) {
      while (rs.next()) {
        remarks.put(rs.getString("TABLE_NAME"), rs.getString("REMARKS"));
      }
    }
    return remarks;
  }

  private static Map<String, String> columnRemarks(DatabaseMetaData meta, String schema,
      String table) throws SQLException {
    final Map<String, String> remarks = new HashMap<>();
    try (ResultSet rs = meta.getColumns(null, schema, table, "%")) {
      while (rs.next()) {
        remarks.put(rs.getString("COLUMN_NAME"), rs.getString("REMARKS"));
      }
    }
    assertTrue(!remarks.isEmpty(), "no columns for " + schema + "." + table);
    return remarks;
  }
}
