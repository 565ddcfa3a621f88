package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Identity columns and {@code getGeneratedKeys} through JDBC, as Spring's
 * {@code KeyHolder} and {@code SimpleJdbcInsert} and Hibernate's IDENTITY
 * generator call them.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class GeneratedKeysTest {
  private static final String ITEMS = "CREATE TABLE items (id BIGINT GENERATED ALWAYS AS"
      + " IDENTITY PRIMARY KEY, name VARCHAR(20) NOT NULL, qty INTEGER)";

  @TempDir Path dir;

  /** Every row of a result set, as lists of getObject values. */
  private static List<List<Object>> read(ResultSet rs) throws SQLException {
    final List<List<Object>> rows = new ArrayList<>();
    try (rs) {
      final int columns = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final List<Object> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static List<List<Object>> ids(long... ids) {
    final List<List<Object>> rows = new ArrayList<>();
    for (long id : ids) {
      rows.add(List.of(id));
    }
    return rows;
  }

  @Test
  void executeUpdateWithReturnGeneratedKeysReturnsTheIdentityColumn() throws Exception {
    try (Connection c = memory(); Statement s = c.createStatement()) {
      s.execute(ITEMS);
      assertEquals(1, s.executeUpdate("INSERT INTO items (name) VALUES ('a')",
          Statement.RETURN_GENERATED_KEYS));
      try (ResultSet keys = s.getGeneratedKeys()) {
        final ResultSetMetaData meta = keys.getMetaData();
        assertEquals(1, meta.getColumnCount());
        assertEquals("ID", meta.getColumnLabel(1));
        assertEquals(Types.BIGINT, meta.getColumnType(1));
        assertTrue(meta.isAutoIncrement(1));
        assertTrue(keys.next());
        assertEquals(1L, keys.getLong(1));
        assertEquals(1L, keys.getObject("id"));
        assertFalse(keys.next());
      }
      // Each execution reports its own rows, in the order they were inserted.
      assertEquals(3, s.executeUpdate("INSERT INTO items (name) VALUES ('b'), ('c'), ('d')",
          Statement.RETURN_GENERATED_KEYS));
      assertEquals(ids(2, 3, 4), read(s.getGeneratedKeys()));
      assertEquals(2, s.executeUpdate("INSERT INTO items (name, qty) SELECT name, 7 FROM items"
          + " WHERE id <= 2", Statement.RETURN_GENERATED_KEYS));
      assertEquals(ids(5, 6), read(s.getGeneratedKeys()));
    }
  }

  @Test
  void executeAndLargeUpdateTakeTheRequestToo() throws Exception {
    try (Connection c = memory(); Statement s = c.createStatement()) {
      s.execute(ITEMS);
      assertFalse(s.execute("INSERT INTO items (name) VALUES ('a')",
          Statement.RETURN_GENERATED_KEYS));
      assertEquals(1, s.getUpdateCount());
      assertEquals(ids(1), read(s.getGeneratedKeys()));
      assertEquals(1L, s.executeLargeUpdate("INSERT INTO items (name) VALUES ('b')",
          new String[] {"id", "name"}));
      assertEquals(List.of(List.of(2L, "b")), read(s.getGeneratedKeys()));
      assertFalse(s.execute("INSERT INTO items (name) VALUES ('c')", new int[] {2, 1}));
      assertEquals(List.of(List.of("c", 3L)), read(s.getGeneratedKeys()));
    }
  }

  @Test
  void withoutARequestTheKeysAreEmpty() throws Exception {
    try (Connection c = memory(); Statement s = c.createStatement()) {
      s.execute(ITEMS);
      try (ResultSet keys = s.getGeneratedKeys()) {
        assertFalse(keys.next(), "before any statement");
      }
      s.executeUpdate("INSERT INTO items (name) VALUES ('a')", Statement.RETURN_GENERATED_KEYS);
      s.executeUpdate("INSERT INTO items (name) VALUES ('b')");
      assertEquals(List.of(), read(s.getGeneratedKeys()), "a plain execution reports none");
      s.executeUpdate("INSERT INTO items (name) VALUES ('c')", Statement.NO_GENERATED_KEYS);
      assertEquals(List.of(), read(s.getGeneratedKeys()));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)")) {
        ps.setString(1, "d");
        ps.executeUpdate();
        assertEquals(List.of(), read(ps.getGeneratedKeys()));
      }
      assertTrue(c.getMetaData().supportsGetGeneratedKeys());
    }
  }

  @Test
  void preparedStatementsReturnKeysOnEachExecution() throws Exception {
    try (Connection c = memory()) {
      exec(c, ITEMS);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name, qty)"
          + " VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
        for (int i = 1; i <= 3; i++) {
          ps.setString(1, "n" + i);
          ps.setInt(2, i);
          assertEquals(1, ps.executeUpdate());
          assertEquals(ids(i), read(ps.getGeneratedKeys()));
        }
        ps.setString(1, "x");
        ps.setNull(2, Types.INTEGER);
        assertFalse(ps.execute());
        assertEquals(ids(4), read(ps.getGeneratedKeys()));
      }
      // By name, in any case, as Hibernate and Spring's SimpleJdbcInsert ask.
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)",
          new String[] {"id"})) {
        ps.setString(1, "y");
        ps.executeUpdate();
        try (ResultSet keys = ps.getGeneratedKeys()) {
          assertTrue(keys.next());
          assertEquals(5L, keys.getLong("ID"));
          assertEquals(5L, keys.getObject(1));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name, qty) VALUES"
          + " (?, 9)", new int[] {1, 3})) {
        ps.setString(1, "z");
        ps.executeUpdate();
        assertEquals(List.of(List.of(6L, 9)), read(ps.getGeneratedKeys()));
      }
    }
  }

  @Test
  void aNullBoundToAByDefaultColumnTakesTheNextValue() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id BIGINT AUTO_INCREMENT PRIMARY KEY, v VARCHAR(3))");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (id, v) VALUES (?, ?)",
          Statement.RETURN_GENERATED_KEYS)) {
        ps.setNull(1, Types.BIGINT);
        ps.setString(2, "a");
        ps.executeUpdate();
        assertEquals(ids(1), read(ps.getGeneratedKeys()));
        ps.setLong(1, 7);
        ps.setString(2, "b");
        ps.executeUpdate();
        assertEquals(ids(7), read(ps.getGeneratedKeys()));
        ps.setObject(1, null);
        ps.setString(2, "c");
        ps.executeUpdate();
        assertEquals(ids(8), read(ps.getGeneratedKeys()));
      }
    }
  }

  @Test
  void aBatchReportsOneKeyRowPerInsertedRowInOrder() throws Exception {
    try (Connection c = memory()) {
      exec(c, ITEMS);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO items (name) VALUES (?)",
          Statement.RETURN_GENERATED_KEYS)) {
        for (String name : List.of("a", "b", "c", "d")) {
          ps.setString(1, name);
          ps.addBatch();
        }
        assertArrayEquals(new int[] {1, 1, 1, 1}, ps.executeBatch());
        assertEquals(ids(1, 2, 3, 4), read(ps.getGeneratedKeys()));
        ps.setString(1, "e");
        ps.addBatch();
        ps.setString(1, "f");
        ps.addBatch();
        assertArrayEquals(new long[] {1, 1}, ps.executeLargeBatch());
        assertEquals(ids(5, 6), read(ps.getGeneratedKeys()));
      }
      assertEquals(List.of(List.of(6L)), rows(c, "SELECT COUNT(*) FROM items"));
    }
  }

  @Test
  void aFailedStatementReportsNoKeysAndTakesNoRow() throws Exception {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INTEGER AUTO_INCREMENT, k INTEGER PRIMARY KEY, v VARCHAR(3))");
      final PreparedStatement ps = c.prepareStatement("INSERT INTO t (k, v) VALUES (?, ?)",
          Statement.RETURN_GENERATED_KEYS);
      ps.setInt(1, 1);
      ps.setString(2, "a");
      ps.executeUpdate();
      assertEquals(List.of(List.of(1)), read(ps.getGeneratedKeys()));
      ps.setString(2, "too long");
      assertSqlState(SQLException.class, "22001", ps::executeUpdate);
      assertEquals(List.of(), read(ps.getGeneratedKeys()));
      ps.setInt(1, 1);
      ps.setString(2, "b");
      assertSqlState(SQLIntegrityConstraintViolationException.class, "23505",
          ps::executeUpdate);
      ps.setInt(1, 2);
      ps.executeUpdate();
      // Values taken by the failed inserts are skipped, never handed out twice.
      final long id = ((Number) read(ps.getGeneratedKeys()).get(0).get(0)).longValue();
      assertTrue(id > 1, "id " + id);
      ps.close();
    }
  }

  @Test
  void aTableWithoutIdentityReturnsTheNamedColumnsOrItsKey() throws Exception {
    try (Connection c = memory(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kv (k VARCHAR(10), n INTEGER, v DOUBLE, PRIMARY KEY (k, n))");
      s.executeUpdate("INSERT INTO kv VALUES ('a', 1, 0.5), ('b', 2, 1.5)",
          Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(List.of("a", 1), List.of("b", 2)), read(s.getGeneratedKeys()));
      s.executeUpdate("INSERT INTO kv VALUES ('c', 3, 2.5)", new String[] {"v"});
      assertEquals(List.of(List.of(2.5)), read(s.getGeneratedKeys()));
      // Neither identity nor key: every column, as PostgreSQL's driver returns.
      s.execute("CREATE TABLE log (ts TIMESTAMP, msg VARCHAR(10))");
      s.executeUpdate("INSERT INTO log VALUES (TIMESTAMP '2024-01-02 03:04:05', 'x')",
          Statement.RETURN_GENERATED_KEYS);
      try (ResultSet keys = s.getGeneratedKeys()) {
        assertEquals(2, keys.getMetaData().getColumnCount());
        assertEquals(Types.TIMESTAMP, keys.getMetaData().getColumnType(1));
        assertTrue(keys.next());
        assertEquals(java.sql.Timestamp.valueOf("2024-01-02 03:04:05"), keys.getTimestamp(1));
        assertEquals("x", keys.getString("MSG"));
      }
    }
  }

  @Test
  void anUnknownKeyColumnFailsWhenTheKeysAreRead() throws Exception {
    try (Connection c = memory(); Statement s = c.createStatement()) {
      s.execute(ITEMS);
      s.executeUpdate("INSERT INTO items (name) VALUES ('a')", new String[] {"nope"});
      assertSqlState(SQLSyntaxErrorException.class, "42S22", s::getGeneratedKeys);
      s.executeUpdate("INSERT INTO items (name) VALUES ('b')", new int[] {4});
      assertSqlState(SQLSyntaxErrorException.class, "42S22", s::getGeneratedKeys);
      assertEquals(List.of(List.of(2L)), rows(c, "SELECT COUNT(*) FROM items"));
    }
  }

  @Test
  void upsertsReportTheRowsTheyInsertAndUpdate() throws Exception {
    try (Connection c = memory(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE users (id INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
          + " name VARCHAR(10))");
      s.executeUpdate("INSERT INTO users (name) VALUES ('ann'), ('bob')");
      s.executeUpdate("INSERT INTO users VALUES (2, 'BOB'), (DEFAULT, 'cid')"
          + " ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
          Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(List.of(2), List.of(3)), read(s.getGeneratedKeys()));
      s.executeUpdate("INSERT INTO users VALUES (1, 'x') ON CONFLICT DO NOTHING",
          Statement.RETURN_GENERATED_KEYS);
      assertEquals(List.of(), read(s.getGeneratedKeys()), "a skipped row has no key");
      s.executeUpdate("MERGE INTO users u USING (VALUES ('dan')) AS n (name) ON u.name = n.name"
          + " WHEN NOT MATCHED THEN INSERT (name) VALUES (n.name)", new String[] {"id", "name"});
      assertEquals(List.of(List.of(4, "dan")), read(s.getGeneratedKeys()));
    }
  }

  @Test
  void getColumnsShowsIdentityColumns() throws Exception {
    try (Connection c = memory()) {
      exec(c, ITEMS);
      final DatabaseMetaData meta = c.getMetaData();
      try (ResultSet rs = meta.getColumns(null, "PUBLIC", "ITEMS", null)) {
        assertTrue(rs.next());
        assertEquals("ID", rs.getString("COLUMN_NAME"));
        assertEquals("YES", rs.getString("IS_AUTOINCREMENT"));
        assertEquals("YES", rs.getString("IS_GENERATEDCOLUMN"));
        assertEquals("NO", rs.getString("IS_NULLABLE"));
        assertTrue(rs.next());
        assertEquals("NAME", rs.getString("COLUMN_NAME"));
        assertEquals("NO", rs.getString("IS_AUTOINCREMENT"));
        assertEquals("NO", rs.getString("IS_GENERATEDCOLUMN"));
      }
    }
  }

  @Test
  void valuesContinueAfterReopenWithoutReuse() throws Exception {
    try (Connection c = connect(dir); Statement s = c.createStatement()) {
      s.execute(ITEMS);
      s.executeUpdate("INSERT INTO items (name) VALUES ('a'), ('b')");
    }
    try (Connection c = connect(dir); Statement s = c.createStatement()) {
      s.executeUpdate("INSERT INTO items (name) VALUES ('c')", Statement.RETURN_GENERATED_KEYS);
      assertEquals(ids(3), read(s.getGeneratedKeys()), "a clean close leaves no gap");
    }
  }

  @Test
  void connectionsInsertingAtOnceNeverGetTheSameValue() throws Exception {
    final int threads = 4;
    final int rowsEach = 300;
    try (Connection setup = connect(dir)) {
      exec(setup, ITEMS);
    }
    final ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      final CyclicBarrier start = new CyclicBarrier(threads);
      final List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        final int thread = t;
        futures.add(pool.submit(() -> {
          final List<Long> keys = new ArrayList<>();
          try (Connection c = connect(dir); PreparedStatement ps = c.prepareStatement(
              "INSERT INTO items (name, qty) VALUES (?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            start.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < rowsEach; i++) {
              ps.setString(1, "t" + thread);
              ps.setInt(2, i);
              ps.executeUpdate();
              try (ResultSet rs = ps.getGeneratedKeys()) {
                assertTrue(rs.next());
                keys.add(rs.getLong(1));
                assertFalse(rs.next(), "one key per insert, none of another connection's");
              }
            }
          }
          return keys;
        }));
      }
      final Set<Long> all = new HashSet<>();
      for (Future<List<Long>> future : futures) {
        final List<Long> keys = future.get(240, TimeUnit.SECONDS);
        for (int i = 1; i < keys.size(); i++) {
          assertTrue(keys.get(i) > keys.get(i - 1), "a connection's keys increase");
        }
        all.addAll(keys);
      }
      assertEquals(threads * rowsEach, all.size(), "no value handed out twice");
      try (Connection c = connect(dir)) {
        assertEquals(List.of(List.of((long) threads * rowsEach, (long) threads * rowsEach)),
            rows(c, "SELECT COUNT(*), COUNT(DISTINCT id) FROM items"));
        assertEquals(List.of(List.of((long) threads * rowsEach)), rows(c,
            "SELECT MAX(id) FROM items"), "no gap while the database stays open");
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
    }
  }
}
