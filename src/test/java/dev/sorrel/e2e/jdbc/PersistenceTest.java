package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.count;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;

/** What JDBC writes is on disk when connections close, and shared while they are open. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PersistenceTest {
  private static final String ORDERS = "SELECT ID, CUSTOMER, AMOUNT, PLACED, NOTE FROM ORDERS"
      + " ORDER BY ID";

  @TempDir Path dir;

  private static List<List<Object>> expectedOrders() {
    final List<List<Object>> rows = new ArrayList<>();
    for (int i = 1; i <= 250; i++) {
      final List<Object> row = new ArrayList<>();
      row.add((long) i);
      row.add("customer-" + (i % 7));
      row.add(new BigDecimal(i + ".25"));
      row.add(Date.valueOf("2024-01-01").toLocalDate().plusDays(i).toString());
      row.add(i % 5 == 0 ? null : "note " + i);
      rows.add(row);
    }
    return rows;
  }

  /** Orders as rows of comparable values (dates as ISO text). */
  private static List<List<Object>> orders(Connection c) throws SQLException {
    final List<List<Object>> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(ORDERS)) {
      while (rs.next()) {
        final List<Object> row = new ArrayList<>();
        row.add(rs.getLong(1));
        row.add(rs.getString(2));
        row.add(rs.getBigDecimal(3));
        row.add(rs.getDate(4).toLocalDate().toString());
        row.add(rs.getString(5));
        rows.add(row);
      }
    }
    return rows;
  }

  private static void writeOrders(Connection c) throws SQLException {
    exec(c, "CREATE TABLE ORDERS (ID BIGINT NOT NULL, CUSTOMER VARCHAR(30) NOT NULL,"
            + " AMOUNT DECIMAL(10,2), PLACED DATE, NOTE VARCHAR(50), PRIMARY KEY (ID))",
        "CREATE TABLE CUSTOMERS (NAME VARCHAR(30) NOT NULL, TIER INTEGER, PRIMARY KEY (NAME))",
        "CREATE VIEW BIG_ORDERS AS SELECT ID, CUSTOMER FROM ORDERS WHERE AMOUNT > 200");
    try (PreparedStatement ps = c.prepareStatement(
        "INSERT INTO ORDERS (ID, CUSTOMER, AMOUNT, PLACED, NOTE) VALUES (?, ?, ?, ?, ?)")) {
      for (List<Object> row : expectedOrders()) {
        ps.setLong(1, (Long) row.get(0));
        ps.setString(2, (String) row.get(1));
        ps.setBigDecimal(3, (BigDecimal) row.get(2));
        ps.setDate(4, Date.valueOf((String) row.get(3)));
        ps.setString(5, (String) row.get(4));
        assertEquals(1, ps.executeUpdate());
      }
    }
    try (Statement s = c.createStatement()) {
      for (int i = 0; i < 7; i++) {
        s.executeUpdate("INSERT INTO CUSTOMERS VALUES ('customer-" + i + "', " + i + ")");
      }
    }
    exec(c, "DELETE FROM ORDERS WHERE ID > 240", "UPDATE ORDERS SET NOTE = 'updated' WHERE ID = 3");
  }

  private static List<List<Object>> expectedAfterEdits() {
    final List<List<Object>> rows = new ArrayList<>(expectedOrders().subList(0, 240));
    rows.get(2).set(4, "updated");
    return rows;
  }

  @Test
  void dataAndDefinitionsSurviveCloseAndReopen() throws SQLException {
    final Path db = dir.resolve("db");
    final Database engine;
    try (Connection a = connect(db); Connection b = connect(db)) {
      // hold on to the engine object (without keeping it open) to see it close
      engine = Database.open(db, DatabaseOptions.DEFAULT);
      engine.close();
      writeOrders(a);
      assertEquals(expectedAfterEdits(), orders(b));
      assertFalse(engine.isClosed(), "open while connections are");
    }
    assertTrue(engine.isClosed(), "closing the last connection must close the database");

    try (Connection c = connect(db)) {
      assertEquals(expectedAfterEdits(), orders(c));
      assertEquals(7, count(c, "CUSTOMERS"));
      assertEquals(List.of(List.of(5)),
          rows(c, "SELECT TIER FROM CUSTOMERS WHERE NAME = 'customer-5'"));
      // the view is back and still computes from current data
      assertEquals(41, count(c, "BIG_ORDERS")); // 200.25 .. 240.25
      exec(c, "INSERT INTO ORDERS (ID, CUSTOMER, AMOUNT) VALUES (1000, 'x', 999)");
      assertEquals(42, count(c, "BIG_ORDERS"));
      // definitions are visible to metadata and SYS
      final List<String> names = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", null)) {
        while (rs.next()) {
          names.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
        }
      }
      names.sort(null);
      assertEquals(List.of("BIG_ORDERS:VIEW", "CUSTOMERS:TABLE", "ORDERS:TABLE"), names);
      assertEquals(2, count(c, "SELECT COUNT(*) FROM SYS.TABLES WHERE TABLE_NAME IN"
          + " ('ORDERS', 'CUSTOMERS')"));
      assertEquals(1, count(c, "SELECT COUNT(*) FROM SYS.VIEWS WHERE VIEW_NAME = 'BIG_ORDERS'"));
      // constraints survive too
      assertSqlState(java.sql.SQLIntegrityConstraintViolationException.class, "23505",
          () -> exec(c, "INSERT INTO ORDERS (ID, CUSTOMER) VALUES (1, 'again')"));
      assertSqlState(java.sql.SQLIntegrityConstraintViolationException.class, "23502",
          () -> exec(c, "INSERT INTO ORDERS (ID, CUSTOMER) VALUES (2000, NULL)"));
      exec(c, "DROP VIEW BIG_ORDERS", "DROP TABLE CUSTOMERS");
    }

    // drops are durable as well; with sync=true on this open
    try (Connection c = DriverManager.getConnection(JdbcTestSupport.url(db) + ";sync=true")) {
      assertSqlState(SQLSyntaxErrorException.class, "42S02", () -> count(c, "CUSTOMERS"));
      assertSqlState(SQLSyntaxErrorException.class, "42S02", () -> count(c, "BIG_ORDERS"));
      assertEquals(241, count(c, "ORDERS"));
    }
  }

  @Test
  void twoConnectionsShareDataAndDefinitionsImmediately() throws SQLException {
    final Path db = dir.resolve("db");
    try (Connection a = connect(db); Connection b = connect(db)) {
      exec(a, "CREATE TABLE T (ID INTEGER NOT NULL, V VARCHAR(10), PRIMARY KEY (ID))");
      // b sees the table a just created, without reconnecting
      assertEquals(0, count(b, "T"));
      for (int i = 1; i <= 20; i++) {
        exec(a, "INSERT INTO T VALUES (" + i + ", 'a')");
        assertEquals(i, count(b, "T"), "b sees a's insert " + i);
      }
      exec(b, "UPDATE T SET V = 'b' WHERE ID <= 10");
      assertEquals(10, count(a, "SELECT COUNT(*) FROM T WHERE V = 'b'"));
      exec(b, "CREATE VIEW BV AS SELECT ID FROM T WHERE V = 'b'");
      assertEquals(10, count(a, "BV"));
      exec(a, "DROP VIEW BV");
      assertSqlState(SQLSyntaxErrorException.class, "42S02", () -> count(b, "BV"));
      // closing one connection leaves the other working
      a.close();
      assertEquals(20, count(b, "T"));
      exec(b, "INSERT INTO T VALUES (21, 'b')");
      try (Connection c = connect(db)) {
        assertEquals(21, count(c, "T"));
      }
      assertEquals(21, count(b, "T"));
    }
  }

  @Test
  void inMemoryDatabaseIsSharedByNameAndGoneAfterLastClose() throws SQLException {
    try (Connection a = DriverManager.getConnection("jdbc:sorrel:mem:x");
        Connection b = DriverManager.getConnection("jdbc:sorrel:mem:x")) {
      exec(a, "CREATE TABLE T (ID INTEGER NOT NULL, PRIMARY KEY (ID))",
          "INSERT INTO T VALUES (1), (2), (3)");
      assertEquals(3, count(b, "T"));
      try (Connection other = DriverManager.getConnection("jdbc:sorrel:mem:y")) {
        assertSqlState(SQLSyntaxErrorException.class, "42S02", () -> count(other, "T"));
      }
      a.close();
      // still open through b
      try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:x")) {
        assertEquals(3, count(c, "T"));
      }
      assertEquals(3, count(b, "T"));
    }
    // no directory named mem:x or x was created in the working directory
    assertFalse(java.nio.file.Files.exists(Path.of("mem:x")), "mem:x created on disk");
    try (Connection c = DriverManager.getConnection("jdbc:sorrel:mem:x")) {
      assertSqlState(SQLSyntaxErrorException.class, "42S02", () -> count(c, "T"));
      exec(c, "CREATE TABLE T (ID INTEGER NOT NULL, PRIMARY KEY (ID))");
      assertEquals(0, count(c, "T"));
    }
  }
}
