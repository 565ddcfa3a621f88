package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.assertSqlState;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.memory;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secondary indexes through JDBC: the queries they exist for become index
 * scans (with parameters too), they never change an answer, metadata lists
 * them, and they survive a reopen.
 */
class IndexTest {
  @TempDir Path dir;

  private static String plan(Connection c, String sql) throws SQLException {
    final StringBuilder out = new StringBuilder();
    for (List<Object> row : rows(c, "EXPLAIN PLAN FOR " + sql)) {
      out.append(row.get(0)).append('\n');
    }
    return out.toString();
  }

  private static List<Long> longs(PreparedStatement ps) throws SQLException {
    final List<Long> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }

  /** The two queries indexes were asked for: a time window and a lookup by user. */
  @Test void monitoringWindowAndUserLookupAreIndexScans() throws SQLException {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE predictions (id BIGINT PRIMARY KEY, user_id VARCHAR(20),"
          + " score DOUBLE, ts TIMESTAMP)",
          "CREATE INDEX predictions_ts ON predictions (ts)",
          "CREATE INDEX predictions_user ON predictions (user_id)");
      try (PreparedStatement insert = c.prepareStatement(
          "INSERT INTO predictions VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < 500; i++) {
          insert.setLong(1, i);
          insert.setString(2, "user" + (i % 37));
          insert.setDouble(3, i / 500.0);
          insert.setTimestamp(4, new Timestamp(1_700_000_000_000L + i * 60_000L));
          insert.addBatch();
        }
        insert.executeBatch();
      }
      assertTrue(plan(c, "SELECT id FROM predictions WHERE ts >= ?")
          .contains("access=[index PREDICTIONS_TS: ?0 <= TS]"));
      assertTrue(plan(c, "SELECT id, score FROM predictions WHERE user_id = ?")
          .contains("access=[index PREDICTIONS_USER: USER_ID = ?0]"));
      try (PreparedStatement window = c.prepareStatement(
          "SELECT id FROM predictions WHERE ts >= ? ORDER BY id")) {
        for (int from : new int[] {0, 250, 499, 500}) {
          window.setTimestamp(1, new Timestamp(1_700_000_000_000L + from * 60_000L));
          final List<Long> ids = longs(window);
          assertEquals(500 - from, ids.size(), "window from " + from);
          assertEquals(ids.isEmpty() ? null : (long) from, ids.isEmpty() ? null : ids.get(0));
        }
        window.setTimestamp(1, null);
        assertEquals(List.of(), longs(window), "a NULL bound keeps nothing");
      }
      try (PreparedStatement byUser = c.prepareStatement(
          "SELECT id FROM predictions WHERE user_id = ? ORDER BY id")) {
        byUser.setString(1, "user5");
        final List<Long> ids = longs(byUser);
        assertEquals(14, ids.size());
        assertEquals(5L, ids.get(0));
        byUser.setString(1, "nobody");
        assertEquals(List.of(), longs(byUser));
      }
    }
  }

  // ------------------------------------------------------------------ oracle

  private static final String[] TEXTS = {"", "a", "ab", "b", "z", "\u00E9", "\uE000",
      "\uFFFC", "\uD83D\uDE00", "\uD83D\uDE00x", "a\uD83D\uDE00", "A", "it's"};

  private static String literal(Object value) {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    return value.toString();
  }

  private static Object randomValue(Random random, int column) {
    if (random.nextInt(6) == 0) {
      return null;
    }
    return switch (column) {
      case 0 -> random.nextInt(11) - 5;
      case 1 -> TEXTS[random.nextInt(TEXTS.length)];
      case 2 -> (random.nextInt(17) - 8) / 4.0;
      default -> new BigDecimal(random.nextInt(401) - 200).movePointLeft(2);
    };
  }

  /** A value to compare column {@code column} with, of its type or another numeric one. */
  private static Object operand(Random random, int column) {
    final Object value = randomValue(random, column);
    if (value == null) {
      return column == 1 ? "b" : 0;
    }
    if (column != 1 && random.nextInt(3) == 0) {
      return switch (random.nextInt(3)) {
        case 0 -> new BigDecimal(random.nextInt(21) - 10).movePointLeft(1);
        case 1 -> (random.nextInt(9) - 4) * 1.5;
        default -> (long) (random.nextInt(7) - 3);
      };
    }
    return value;
  }

  private static final String[] COLUMNS = {"A", "S", "D", "M"};

  /**
   * Random rows (NULLs, strings beyond the BMP, numbers) and random writes
   * to two copies of one table, one with ascending, descending, composite and
   * unique indexes and one without: every query with random predicates
   * (literals and parameters of mixed numeric types) answers the same on both.
   */
  @Test void indexesNeverChangeAnAnswer() throws SQLException {
    final Random random = new Random(20261207L);
    try (Connection c = memory()) {
      for (String table : List.of("PLAIN", "INDEXED")) {
        exec(c, "CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, a INTEGER, s VARCHAR(10),"
            + " d DOUBLE, m DECIMAL(6, 2))");
      }
      exec(c, "CREATE INDEX i_a ON indexed (a)",
          "CREATE INDEX i_s ON indexed (s DESC)",
          "CREATE INDEX i_asd ON indexed (a, s DESC, d)",
          "CREATE INDEX i_d ON indexed (d DESC, m)",
          "CREATE UNIQUE INDEX i_id_m ON indexed (m, id)");
      int nextId = 0;
      int indexPlans = 0;
      for (int round = 0; round < 40; round++) {
        // A write, the same on both tables.
        if (random.nextInt(2) == 0) {
          final List<Object[]> inserted = new ArrayList<>();
          for (int i = 0; i < 5 + random.nextInt(10); i++) {
            inserted.add(new Object[] {nextId++, randomValue(random, 0), randomValue(random, 1),
                randomValue(random, 2), randomValue(random, 3)});
          }
          for (String table : List.of("PLAIN", "INDEXED")) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table
                + " VALUES (?, ?, ?, ?, ?)")) {
              for (Object[] row : inserted) {
                insert.setInt(1, (Integer) row[0]);
                insert.setObject(2, row[1], java.sql.Types.INTEGER);
                insert.setObject(3, row[2], java.sql.Types.VARCHAR);
                insert.setObject(4, row[3], java.sql.Types.DOUBLE);
                insert.setObject(5, row[4], java.sql.Types.DECIMAL);
                insert.addBatch();
              }
              insert.executeBatch();
            }
          }
        } else {
          final String write;
          if (random.nextBoolean()) {
            final int col = random.nextInt(4);
            write = "UPDATE {T} SET " + COLUMNS[col] + " = " + literal(randomValue(random, col))
                + " WHERE MOD(id, 7) = " + random.nextInt(7);
          } else {
            write = "DELETE FROM {T} WHERE MOD(id, 11) = " + random.nextInt(11);
          }
          for (String table : List.of("PLAIN", "INDEXED")) {
            exec(c, write.replace("{T}", table));
          }
        }
        for (int q = 0; q < 25; q++) {
          final List<String> conditions = new ArrayList<>();
          final List<Object> parameters = new ArrayList<>();
          for (int p = 0; p < 1 + random.nextInt(3); p++) {
            final int col = random.nextInt(4);
            final boolean param = random.nextBoolean();
            final String op = new String[] {"=", "<", "<=", ">", ">=", "IN", "BETWEEN"}[
                random.nextInt(7)];
            final List<String> operands = new ArrayList<>();
            for (int k = 0; k < (op.equals("IN") ? 1 + random.nextInt(3)
                : op.equals("BETWEEN") ? 2 : 1); k++) {
              final Object value = operand(random, col);
              if (param) {
                parameters.add(value);
                operands.add("?");
              } else {
                operands.add(literal(value));
              }
            }
            conditions.add(COLUMNS[col] + (op.equals("IN")
                ? " IN (" + String.join(", ", operands) + ")"
                : op.equals("BETWEEN") ? " BETWEEN " + operands.get(0) + " AND " + operands.get(1)
                : " " + op + " " + operands.get(0)));
          }
          final String where = String.join(" AND ", conditions);
          final List<List<Object>> expected = query(c, "PLAIN", where, parameters);
          final List<List<Object>> actual = query(c, "INDEXED", where, parameters);
          assertEquals(expected, actual, "WHERE " + where + " with " + parameters);
          if (plan(c, "SELECT * FROM indexed WHERE " + where).contains("access=[index ")) {
            indexPlans++;
          }
        }
      }
      assertTrue(indexPlans > 300, "queries planned as index scans: " + indexPlans);
    }
  }

  private static List<List<Object>> query(Connection c, String table, String where,
      List<Object> parameters) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT id, a, s, d, m FROM " + table
        + " WHERE " + where + " ORDER BY id")) {
      for (int i = 0; i < parameters.size(); i++) {
        ps.setObject(i + 1, parameters.get(i));
      }
      final List<List<Object>> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          final List<Object> row = new ArrayList<>();
          for (int i = 1; i <= 5; i++) {
            row.add(rs.getObject(i));
          }
          out.add(row);
        }
      }
      return out;
    }
  }

  // ------------------------------------------------------------------ metadata

  @Test void getIndexInfoListsThePrimaryKeyAndEveryIndex() throws SQLException {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, email VARCHAR(20) UNIQUE, a INTEGER,"
          + " b INTEGER)",
          "CREATE INDEX t_ab ON t (a, b DESC)",
          "INSERT INTO t VALUES (1, 'x', 1, 1), (2, 'y', 1, 2), (3, NULL, 2, 2)");
      final DatabaseMetaData meta = c.getMetaData();
      final List<String> all = new ArrayList<>();
      try (ResultSet rs = meta.getIndexInfo(null, "PUBLIC", "T", false, false)) {
        while (rs.next()) {
          all.add(rs.getString("INDEX_NAME") + " " + rs.getBoolean("NON_UNIQUE") + " "
              + rs.getShort("ORDINAL_POSITION") + " " + rs.getString("COLUMN_NAME") + " "
              + rs.getString("ASC_OR_DESC") + " " + rs.getLong("CARDINALITY") + " "
              + rs.getShort("TYPE") + " " + rs.getString("TABLE_SCHEM"));
        }
      }
      assertEquals(List.of(
          "PK_T false 1 ID A 3 3 PUBLIC",
          "T_EMAIL_KEY false 1 EMAIL A 3 3 PUBLIC",
          "T_AB true 1 A A 3 3 PUBLIC",
          "T_AB true 2 B D 3 3 PUBLIC"), all);
      final List<String> unique = new ArrayList<>();
      try (ResultSet rs = meta.getIndexInfo(null, null, "T", true, true)) {
        while (rs.next()) {
          unique.add(rs.getString("INDEX_NAME") + " " + rs.getObject("CARDINALITY"));
        }
      }
      assertEquals(List.of("PK_T null", "T_EMAIL_KEY null"), unique,
          "approximate figures are not kept");
      try (ResultSet rs = meta.getIndexInfo(null, null, "NOPE", false, true)) {
        assertTrue(!rs.next());
      }
    }
  }

  // ------------------------------------------------------------------ persistence

  @Test void indexesSurviveAReopen() throws SQLException {
    final Path db = dir.resolve("db");
    try (Connection c = connect(db)) {
      exec(c, "CREATE TABLE u (id INTEGER PRIMARY KEY, email VARCHAR(20), org INTEGER)",
          "INSERT INTO u VALUES (1, 'a', 1), (2, 'b', 1), (3, 'c', 2)",
          "CREATE UNIQUE INDEX u_email ON u (email)",
          "CREATE INDEX u_org ON u (org)",
          "CREATE INDEX u_gone ON u (org, email)",
          "DROP INDEX u_gone");
    }
    try (Connection c = connect(db)) {
      assertEquals(List.of(List.of("U_EMAIL"), List.of("U_ORG")),
          rows(c, "SELECT index_name FROM sys.indexes WHERE NOT is_primary_key"
              + " ORDER BY index_name"));
      assertTrue(plan(c, "SELECT id FROM u WHERE org = 1").contains("index U_ORG"));
      assertEquals(List.of(List.of(1), List.of(2)),
          rows(c, "SELECT id FROM u WHERE org = 1 ORDER BY id"));
      final SQLException e = assertSqlState(SQLIntegrityConstraintViolationException.class,
          "23505", () -> exec(c, "INSERT INTO u VALUES (4, 'a', 3)"));
      assertTrue(e.getMessage().contains("U_EMAIL"), e.getMessage());
      exec(c, "CREATE INDEX u_gone ON u (email)");
    }
  }

  /** A statement prepared with an index plan keeps answering after the index is dropped. */
  @Test void preparedStatementOutlivesItsIndex() throws SQLException {
    try (Connection c = memory()) {
      exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER)",
          "INSERT INTO t VALUES (1, 10), (2, 20), (3, 10)",
          "CREATE INDEX t_a ON t (a)");
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE a = ? ORDER BY id")) {
        ps.setInt(1, 10);
        assertEquals(List.of(1L, 3L), longs(ps));
        exec(c, "DROP INDEX t_a");
        assertEquals(List.of(1L, 3L), longs(ps));
        exec(c, "CREATE INDEX t_a ON t (id)");
        assertEquals(List.of(1L, 3L), longs(ps));
      }
    }
  }

  /**
   * A transaction whose snapshot is older than a {@code CREATE INDEX} reads
   * the table, not the index it has no entries of in that snapshot: neither
   * a statement planned afresh nor one prepared (and cached) with the index.
   */
  @Test void indexCreatedAfterASnapshotIsNotReadInIt() throws SQLException {
    final Path db = dir.resolve("snapshot-index");
    try (Connection a = connect(db); Connection b = connect(db)) {
      exec(a, "CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT)",
          "INSERT INTO t VALUES (44, 44), (45, 45)");
      try (PreparedStatement early = b.prepareStatement("SELECT id FROM t WHERE v = ?")) {
        a.setAutoCommit(false);
        a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        assertEquals(2L, rows(a, "SELECT COUNT(*) FROM t").get(0).get(0));
        exec(b, "CREATE INDEX t_v ON t (v)");
        assertTrue(plan(a, "SELECT id FROM t WHERE v = 44").contains("T_V"),
            plan(a, "SELECT id FROM t WHERE v = 44"));
        assertEquals(List.of(List.<Object>of(44L)), rows(a, "SELECT id FROM t WHERE v = 44"));
        try (PreparedStatement ps = a.prepareStatement("SELECT id FROM t WHERE v = ?")) {
          ps.setLong(1, 45);
          assertEquals(List.of(45L), longs(ps));
        }
        // The same text, planned with the index by a newer snapshot, then run in the old one.
        early.setLong(1, 44);
        assertEquals(List.of(44L), longs(early));
        assertEquals(List.of(List.<Object>of(44L)), rows(a, "SELECT id FROM t WHERE v = 44"));
        assertEquals(List.of(List.<Object>of(1L)),
            rows(a, "SELECT COUNT(*) FROM t t1 JOIN t t2 ON t1.id = t2.v WHERE t1.id = 45"));
        a.commit();
        assertEquals(List.of(List.<Object>of(44L)), rows(a, "SELECT id FROM t WHERE v = 44"));
      }
    }
  }
}
