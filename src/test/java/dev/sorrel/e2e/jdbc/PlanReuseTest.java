package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.sql.PlanCache;

/** Statements run again without being parsed and planned again, until DDL changes things. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlanReuseTest {
  @TempDir Path dir;
  private Connection connection;
  private PlanCache cache;
  private final AtomicInteger parses = new AtomicInteger();
  private final AtomicInteger plannings = new AtomicInteger();
  private Hook.Closeable parseHook;
  private Hook.Closeable plannerHook;

  @BeforeEach
  void setUp() throws SQLException {
    final Path db = dir.resolve("db");
    connection = connect(db);
    // the connection's engine database; this extra reference is released at once
    try (Database database = Database.open(db, DatabaseOptions.DEFAULT)) {
      cache = database.extension(PlanCache.class, d -> new PlanCache());
    }
    exec(connection, "CREATE TABLE T (ID INTEGER NOT NULL, NAME VARCHAR(20), PRIMARY KEY (ID))");
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO T VALUES (?, ?)")) {
      for (int i = 1; i <= 100; i++) {
        ps.setInt(1, i);
        ps.setString(2, "name" + i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    parseHook = Hook.PARSE_TREE.addThread((Consumer<Object>) o -> parses.incrementAndGet());
    plannerHook = Hook.PLANNER.addThread((Consumer<Object>) o -> plannings.incrementAndGet());
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (parseHook != null) {
      parseHook.close();
    }
    if (plannerHook != null) {
      plannerHook.close();
    }
    if (connection != null) {
      connection.close();
    }
  }

  private String nameOf(PreparedStatement ps, int id) throws SQLException {
    ps.setInt(1, id);
    try (ResultSet rs = ps.executeQuery()) {
      final String name = rs.next() ? rs.getString(1) : null;
      assertFalse(rs.next(), "one row for id " + id);
      return name;
    }
  }

  @Test
  void preparedStatementRunsManyTimesWithoutReplanning() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT NAME FROM T WHERE ID = ?")) {
      assertEquals("name1", nameOf(ps, 1));
      final int parsesAfterFirst = parses.get();
      final int planningsAfterFirst = plannings.get();
      final long missesAfterFirst = cache.misses();
      for (int round = 0; round < 5; round++) {
        for (int id = 1; id <= 120; id++) {
          assertEquals(id <= 100 ? "name" + id : null, nameOf(ps, id), "id " + id);
        }
      }
      assertEquals(parsesAfterFirst, parses.get(), "parses while re-executing");
      assertEquals(planningsAfterFirst, plannings.get(), "plannings while re-executing");
      assertEquals(missesAfterFirst, cache.misses(), "plan cache misses while re-executing");
    }
    // preparing the same text again is answered from the cache
    final int parsesBefore = parses.get();
    final long hitsBefore = cache.hits();
    try (PreparedStatement ps = connection.prepareStatement("SELECT NAME FROM T WHERE ID = ?")) {
      assertEquals("name7", nameOf(ps, 7));
    }
    assertEquals(parsesBefore, parses.get(), "parses when preparing the same text again");
    assertTrue(cache.hits() > hitsBefore, "plan cache hit expected");
  }

  @Test
  void preparedUpdateRunsManyTimesWithoutReplanning() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "UPDATE T SET NAME = ? WHERE ID = ?")) {
      ps.setString(1, "x");
      ps.setInt(2, 1);
      assertEquals(1, ps.executeUpdate());
      final int parsesAfterFirst = parses.get();
      final long missesAfterFirst = cache.misses();
      for (int id = 2; id <= 60; id++) {
        ps.setString(1, "u" + id);
        ps.setInt(2, id);
        assertEquals(1, ps.executeUpdate(), "update of " + id);
      }
      assertEquals(parsesAfterFirst, parses.get(), "parses while re-executing");
      assertEquals(missesAfterFirst, cache.misses(), "plan cache misses while re-executing");
    }
    assertEquals(59, JdbcTestSupport.count(connection,
        "SELECT COUNT(*) FROM T WHERE NAME LIKE 'u%'"));
  }

  @Test
  void repeatedStatementTextHitsTheCacheUntilDdl() throws SQLException {
    final String sql = "SELECT * FROM T WHERE ID <= 3 ORDER BY ID";
    try (Statement s = connection.createStatement()) {
      try (ResultSet rs = s.executeQuery(sql)) {
        assertEquals(2, rs.getMetaData().getColumnCount());
      }
      final int parsesAfterFirst = parses.get();
      final long hitsAfterFirst = cache.hits();
      final long missesAfterFirst = cache.misses();
      for (int i = 0; i < 50; i++) {
        int rows = 0;
        try (ResultSet rs = s.executeQuery(sql)) {
          while (rs.next()) {
            rows++;
            assertEquals(rows, rs.getInt("ID"));
          }
        }
        assertEquals(3, rows);
      }
      assertEquals(parsesAfterFirst, parses.get(), "the same text must not be parsed again");
      assertEquals(missesAfterFirst, cache.misses(), "no plan cache misses");
      assertEquals(hitsAfterFirst + 50, cache.hits(), "one plan cache hit per execution");

      // the same text through another connection shares the plan
      try (Connection other = connect(dir.resolve("db")); Statement o = other.createStatement()) {
        o.executeQuery(sql).close();
      }
      assertEquals(parsesAfterFirst, parses.get(), "another connection reuses the plan");

      // DDL changes the table: the next run plans again and sees the new column
      exec(connection, "DROP TABLE T",
          "CREATE TABLE T (ID INTEGER NOT NULL, NAME VARCHAR(20), EXTRA VARCHAR(5),"
              + " PRIMARY KEY (ID))",
          "INSERT INTO T VALUES (1, 'a', 'e1'), (2, 'b', 'e2'), (3, 'c', 'e3'), (4, 'd', 'e4')");
      final int parsesBeforeRerun = parses.get();
      try (ResultSet rs = s.executeQuery(sql)) {
        assertEquals(3, rs.getMetaData().getColumnCount());
        assertEquals("EXTRA", rs.getMetaData().getColumnName(3));
        assertTrue(rs.next());
        assertEquals("e1", rs.getString("EXTRA"));
      }
      assertEquals(parsesBeforeRerun + 1, parses.get(), "parsed again after DDL");
      // and then is cached again
      try (ResultSet rs = s.executeQuery(sql)) {
        assertEquals(3, rs.getMetaData().getColumnCount());
      }
      assertEquals(parsesBeforeRerun + 1, parses.get(), "cached again after re-planning");

      // DDL is never cached: running it twice runs it twice
      exec(connection, "CREATE TABLE U (ID INTEGER NOT NULL, PRIMARY KEY (ID))");
      exec(connection, "DROP TABLE U");
      exec(connection, "CREATE TABLE U (ID INTEGER NOT NULL, PRIMARY KEY (ID))");
      assertEquals(0, JdbcTestSupport.count(connection, "U"));
    }
  }

  @Test
  void differentTextsGetDifferentPlans() throws SQLException {
    try (Statement s = connection.createStatement()) {
      assertEquals(5, JdbcTestSupport.count(connection, "SELECT COUNT(*) FROM T WHERE ID <= 5"));
      assertEquals(6, JdbcTestSupport.count(connection, "SELECT COUNT(*) FROM T WHERE ID <= 6"));
      final int parses0 = parses.get();
      s.executeQuery("SELECT COUNT(*) FROM T WHERE ID <= 7").close();
      assertEquals(parses0 + 1, parses.get(), "a new text is parsed");
    }
  }

  @Test
  void statementPreparedBeforeDdlDoesNotReadTheNewTableWithTheOldPlan() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM T WHERE ID = ?")) {
      exec(connection, "DROP TABLE T",
          "CREATE TABLE T (ID INTEGER NOT NULL, QTY INTEGER, NAME VARCHAR(20), PRIMARY KEY (ID))",
          "INSERT INTO T VALUES (1, 42, 'b')");
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        // if it runs at all, it must answer from the new definition
        assertEquals(3, rs.getMetaData().getColumnCount());
        assertTrue(rs.next());
        assertEquals(42, rs.getInt("QTY"));
        assertEquals("b", rs.getString("NAME"));
      } catch (SQLException e) {
        assertTrue(e.getSQLState() != null && e.getSQLState().startsWith("42"),
            e.getSQLState() + ": " + e.getMessage());
      }
    }
    assertEquals(1, JdbcTestSupport.count(connection, "T"));
  }
}
