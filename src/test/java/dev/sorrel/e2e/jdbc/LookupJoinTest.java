package dev.sorrel.e2e.jdbc;

import static dev.sorrel.e2e.jdbc.JdbcTestSupport.connect;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.exec;
import static dev.sorrel.e2e.jdbc.JdbcTestSupport.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joins planned as lookups into a table: a small left side probes the right
 * table by its primary key, a prefix of it, or an index, with the right
 * side's other conditions applied to the rows found. Each answer is checked
 * against the same join computed in Java from the tables' rows, including
 * NULL and missing keys, LEFT JOINs (rewritten only when every condition is
 * part of the probe), parameters, a transaction's own writes, and an index
 * dropped under a prepared statement.
 */
class LookupJoinTest {
  private static final int ACCOUNTS = 12_000;
  private static final long PER_COLOR = ACCOUNTS / 3;
  private static final String[] COLORS = {"red", "green", "blue"};

  @TempDir Path dir;
  private Connection c;

  /** accounts 12,000 rows; attrs 3 per account; picks 6 rows naming some accounts. */
  @BeforeEach void load() throws SQLException {
    c = connect(dir);
    exec(c, "CREATE TABLE accounts (id INT PRIMARY KEY, region VARCHAR(10), score INT)",
        "CREATE TABLE attrs (account_id INT, attr VARCHAR(10), val VARCHAR(10),"
            + " PRIMARY KEY (account_id, attr))",
        "CREATE INDEX attrs_by_value ON attrs (attr, val)",
        "CREATE TABLE picks (pick_id INT PRIMARY KEY, account_id INT, color VARCHAR(10))",
        "INSERT INTO picks VALUES (1, 7, 'red'), (2, 12, 'blue'), (3, NULL, 'red'),"
            + " (4, 99999, NULL), (5, 7, 'green'), (6, 2999, 'purple')");
    try (PreparedStatement account = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, ?)");
         PreparedStatement attr = c.prepareStatement("INSERT INTO attrs VALUES (?, ?, ?)")) {
      for (int i = 0; i < ACCOUNTS; i++) {
        account.setInt(1, i);
        account.setString(2, i % 4 == 0 ? null : "r" + (i % 5));
        account.setInt(3, i % 20);
        account.addBatch();
        for (String name : new String[] {"color", "size", "tier"}) {
          attr.setInt(1, i);
          attr.setString(2, name);
          attr.setString(3, name.equals("color") ? COLORS[i % 3] : name + (i % 7));
          attr.addBatch();
        }
      }
      account.executeBatch();
      attr.executeBatch();
    }
  }

  @AfterEach void close() throws SQLException {
    c.close();
  }

  private String plan(String sql) throws SQLException {
    final StringBuilder out = new StringBuilder();
    for (List<Object> row : rows(c, "EXPLAIN PLAN FOR " + sql)) {
      out.append(row.get(0)).append('\n');
    }
    return out.toString();
  }

  private static List<List<Object>> sorted(List<List<Object>> rows) {
    final List<List<Object>> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(Object::toString));
    return out;
  }

  private Map<Integer, Object[]> accounts() throws SQLException {
    final Map<Integer, Object[]> out = new HashMap<>();
    for (List<Object> row : rows(c, "SELECT id, region, score FROM accounts")) {
      out.put((Integer) row.get(0), row.toArray());
    }
    return out;
  }

  private List<Object[]> picks() throws SQLException {
    final List<Object[]> out = new ArrayList<>();
    for (List<Object> row : rows(c, "SELECT pick_id, account_id, color FROM picks")) {
      out.add(row.toArray());
    }
    return out;
  }

  @Test void aSmallSideProbesThePrimaryKeyAndFiltersTheRowsFound() throws SQLException {
    final String sql = "SELECT p.pick_id, a.region, a.score FROM picks p"
        + " JOIN accounts a ON a.id = p.account_id WHERE a.score > 10";
    final String shape = plan(sql);
    assertTrue(shape.contains("SorrelLookupJoin(type=[inner], access=[key lookup ACCOUNTS: ID"),
        shape);
    final Map<Integer, Object[]> accounts = accounts();
    final List<List<Object>> expected = new ArrayList<>();
    for (Object[] pick : picks()) {
      final Object[] account = pick[1] == null ? null : accounts.get(pick[1]);
      if (account != null && (Integer) account[2] > 10) {
        expected.add(Arrays.asList(pick[0], account[1], account[2]));
      }
    }
    assertEquals(sorted(expected), sorted(rows(c, sql)));
    assertEquals(2, expected.size());
  }

  @Test void aLeftJoinOnTheKeyPadsMissingAndNullKeysWithNulls() throws SQLException {
    final String sql = "SELECT p.pick_id, a.id, a.region FROM picks p"
        + " LEFT JOIN accounts a ON a.id = p.account_id";
    final String shape = plan(sql);
    assertTrue(shape.contains("SorrelLookupJoin(type=[left], access=[key lookup ACCOUNTS"),
        shape);
    final Map<Integer, Object[]> accounts = accounts();
    final List<List<Object>> expected = new ArrayList<>();
    for (Object[] pick : picks()) {
      final Object[] account = pick[1] == null ? null : accounts.get(pick[1]);
      expected.add(Arrays.asList(pick[0], account == null ? null : account[0],
          account == null ? null : account[1]));
    }
    assertEquals(sorted(expected), sorted(rows(c, sql)));
  }

  /**
   * A condition on the right side in ON must decide whether a left row has a
   * match before it is padded; the join keeps its plan, and its answer.
   */
  @Test void aLeftJoinWithAnotherConditionOnTheRightIsNotRewritten() throws SQLException {
    final String sql = "SELECT p.pick_id, a.score FROM picks p"
        + " LEFT JOIN accounts a ON a.id = p.account_id AND a.score > 10";
    assertFalse(plan(sql).contains("SorrelLookupJoin"), plan(sql));
    final Map<Integer, Object[]> accounts = accounts();
    final List<List<Object>> expected = new ArrayList<>();
    for (Object[] pick : picks()) {
      final Object[] account = pick[1] == null ? null : accounts.get(pick[1]);
      expected.add(Arrays.asList(pick[0],
          account != null && (Integer) account[2] > 10 ? account[2] : null));
    }
    assertEquals(sorted(expected), sorted(rows(c, sql)));
  }

  @Test void aKeyPrefixFindsEveryRowUnderIt() throws SQLException {
    final String sql = "SELECT p.pick_id, t.attr, t.val FROM picks p"
        + " JOIN attrs t ON t.account_id = p.account_id";
    final String shape = plan(sql);
    assertTrue(shape.contains("key prefix lookup ATTRS: ACCOUNT_ID"), shape);
    assertEquals(sorted(List.of(
        List.of(1, "color", "green"), List.of(1, "size", "size0"), List.of(1, "tier", "tier0"),
        List.of(5, "color", "green"), List.of(5, "size", "size0"), List.of(5, "tier", "tier0"),
        List.of(2, "color", "red"), List.of(2, "size", "size5"), List.of(2, "tier", "tier5"),
        List.of(6, "color", "blue"), List.of(6, "size", "size3"), List.of(6, "tier", "tier3"))),
        sorted(rows(c, sql)));
  }

  /** The documented run search's shape: a constant completes the key, a filter follows. */
  @Test void constantsAndParametersCompleteTheKey() throws SQLException {
    final String sql = "SELECT p.pick_id FROM picks p"
        + " JOIN attrs t ON t.account_id = p.account_id AND t.attr = 'color'"
        + " WHERE t.val = p.color OR t.val = 'red'";
    final String shape = plan(sql);
    assertTrue(shape.contains("key lookup ATTRS: ACCOUNT_ID, ATTR"), shape);
    // Pick 1: account 7 is green, not red: out. 2: account 12 red: in. 5: account 7 green =
    // green: in. 6: account 2999 blue, not purple: out.
    assertEquals(List.of(List.of(2), List.of(5)),
        sorted(rows(c, sql)));
    try (PreparedStatement ps = c.prepareStatement("SELECT p.pick_id, t.val FROM picks p"
        + " JOIN attrs t ON t.account_id = p.account_id AND t.attr = ? ORDER BY p.pick_id")) {
      ps.setString(1, "size");
      assertEquals(List.of(List.of(1, "size0"), List.of(2, "size5"), List.of(5, "size0"),
          List.of(6, "size3")), read(ps));
      ps.setString(1, "nothing");
      assertEquals(List.of(), read(ps));
      ps.setString(1, null);
      assertEquals(List.of(), read(ps));
    }
  }

  @Test void anIndexIsProbedByItsLeadingColumns() throws SQLException {
    final String sql = "SELECT p.pick_id, COUNT(*) FROM picks p"
        + " JOIN attrs t ON t.attr = 'color' AND t.val = p.color GROUP BY p.pick_id";
    final String shape = plan(sql);
    assertTrue(shape.contains("index ATTRS_BY_VALUE lookup ATTRS: ATTR, VAL"), shape);
    assertEquals(List.of(List.of(1, PER_COLOR), List.of(2, PER_COLOR), List.of(3, PER_COLOR),
        List.of(5, PER_COLOR)), sorted(rows(c, sql)));
    // Dropped under a prepared statement: the same answer, read without the index.
    try (PreparedStatement ps = c.prepareStatement(sql + " ORDER BY p.pick_id")) {
      assertEquals(4, read(ps).size());
      exec(c, "DROP INDEX attrs_by_value");
      assertEquals(List.of(List.of(1, PER_COLOR), List.of(2, PER_COLOR), List.of(3, PER_COLOR),
          List.of(5, PER_COLOR)), read(ps));
    }
  }

  @Test void probesSeeTheTransactionsOwnWrites() throws SQLException {
    final String sql = "SELECT p.pick_id, a.region FROM picks p"
        + " JOIN accounts a ON a.id = p.account_id ORDER BY p.pick_id";
    assertTrue(plan(sql).contains("key lookup ACCOUNTS"), plan(sql));
    c.setAutoCommit(false);
    exec(c, "INSERT INTO accounts VALUES (99999, 'new', 1)",
        "UPDATE accounts SET region = 'moved' WHERE id = 12", "DELETE FROM accounts WHERE id = 7");
    assertEquals(List.of(List.of(2, "moved"), List.of(4, "new"), List.of(6, "r4")),
        rows(c, sql));
    c.rollback();
    c.setAutoCommit(true);
    assertEquals(4, rows(c, sql).size());
  }

  /** A large left side is not probed row by row: the join scans and hashes. */
  @Test void aLargeLeftSideHashJoins() throws SQLException {
    final String sql = "SELECT COUNT(*) FROM accounts a JOIN attrs t ON t.account_id = a.id";
    final String shape = plan(sql);
    assertFalse(shape.contains("SorrelLookupJoin"), shape);
    assertEquals(List.of(List.of((long) ACCOUNTS * 3)), rows(c, sql));
  }

  /** Keys of other types are compared as the join compares them, never narrowed. */
  @Test void aKeyOfAnotherTypeKeepsTheJoinsAnswer() throws SQLException {
    exec(c, "CREATE TABLE wide (k BIGINT PRIMARY KEY, v VARCHAR(3))",
        "INSERT INTO wide VALUES (7, 'a'), (4294967303, 'b')");
    // 4294967303 wraps to 7 as an INT: a probe narrowed to INT would find account 7.
    assertEquals(List.of(List.of(7L, 7)), rows(c, "SELECT w.k, a.id FROM wide w"
        + " JOIN accounts a ON a.id = w.k"));
    exec(c, "CREATE TABLE names (n VARCHAR(20) PRIMARY KEY)",
        "INSERT INTO names VALUES ('re'), ('red'), ('redder')");
    assertEquals(List.of(List.of("red")), rows(c, "SELECT n.n FROM names n"
        + " JOIN attrs t ON t.account_id = 0 AND t.attr = 'color' AND t.val = n.n"));
  }

  private static List<List<Object>> read(PreparedStatement ps) throws SQLException {
    final List<List<Object>> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        out.add(row);
      }
    }
    return out;
  }
}
