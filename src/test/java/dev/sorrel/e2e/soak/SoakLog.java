package dev.sorrel.e2e.soak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The oracle's record: every committed write with its place in the commit order, and the
 * feature rows the clients wrote (tried, committed, rolled back), which the reads of the
 * feature view are checked against. At the end the writes are replayed, one at a time in
 * commit order, into a fresh database, and every table is compared with the soaked one.
 *
 * <p>Order. A transaction that writes a shared table increments {@code SOAK_SEQ} first and
 * reads the value back: writers are serialized by the database's writer lock, held from a
 * transaction's first write to its end, so the values of committed transactions are exactly
 * 1..N in commit order (a gap or a repeat is itself a failure). A write that touches only a
 * client's own table (auto-commit statements, JDBC batches, transactions, DDL of its table
 * and view) needs no global place: no other client reads or writes that table, so it is
 * replayed after the client's last committed shared transaction and before its next one, in
 * the client's program order.
 */
final class SoakLog {
  /** A statement and its parameters (none for DDL, run as plain text). */
  record Write(String sql, List<Object> params) {
    static Write ddl(String sql) {
      return new Write(sql, List.of());
    }
  }

  /**
   * Committed writes. {@code seq} is the commit order of a shared transaction; a client's
   * own write carries the {@code seq} of its last shared commit, {@code own} true and its
   * client and program-order number.
   */
  record Entry(long seq, boolean own, int client, long local, List<Write> writes) {
    static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::seq)
        .thenComparing(Entry::own).thenComparingInt(Entry::client)
        .thenComparingLong(Entry::local);
  }

  private final ConcurrentLinkedQueue<Entry> entries = new ConcurrentLinkedQueue<>();
  private final AtomicLong freshKeys = new AtomicLong(SoakSchema.FRESH_KEYS);
  /** Feature rows written in transactions that have not ended yet or have committed. */
  private final Set<Long> tried = ConcurrentHashMap.newKeySet();
  /** Feature rows whose transaction (or savepoint) was rolled back. */
  private final Set<Long> rolledBack = ConcurrentHashMap.newKeySet();
  /** Per driver, the event times of committed feature rows. */
  private final Map<Long, NavigableSet<Long>> committed = new ConcurrentHashMap<>();

  void committed(Entry entry) {
    entries.add(entry);
  }

  /** A shared-row key no insert has used. */
  long freshKey() {
    return freshKeys.getAndIncrement();
  }

  long freshKeysUsed() {
    return freshKeys.get();
  }

  /** A driver and event time no client has written yet, registered as tried. */
  long[] newFeatureRow(Random random) {
    while (true) {
      final long driver = random.nextInt(SoakSchema.DRIVERS);
      final long millis = random.nextLong(SoakSchema.SPAN_SECONDS * 1000L);
      if (tried.add(featureKey(driver, millis))) {
        return new long[] {driver, millis};
      }
    }
  }

  void featureCommitted(long driver, long millis) {
    committed.computeIfAbsent(driver, d -> new ConcurrentSkipListSet<>()).add(millis);
  }

  void featureRolledBack(long driver, long millis) {
    rolledBack.add(featureKey(driver, millis));
  }

  /** Whether a read may return this feature row: it was written and not rolled back. */
  boolean featureMayExist(long driver, long millis) {
    final long key = featureKey(driver, millis);
    return tried.contains(key) && !rolledBack.contains(key);
  }

  /** The newest committed event time of a driver at or before {@code millis}, or null. */
  Long committedFloor(long driver, long millis) {
    final NavigableSet<Long> times = committed.get(driver);
    return times == null ? null : times.floor(millis);
  }

  /** The newest committed event time of a driver, or null. */
  Long committedLast(long driver) {
    final NavigableSet<Long> times = committed.get(driver);
    return times == null || times.isEmpty() ? null : times.last();
  }

  private static long featureKey(long driver, long millis) {
    return driver << 40 | millis;
  }

  int entries() {
    return entries.size();
  }

  /**
   * Checks that the shared transactions' places are exactly 1..{@code last}, then runs every
   * committed write in order on {@code c}. Returns null, or what is wrong.
   */
  String replay(Connection c, long last) throws SQLException {
    final List<Entry> ordered = new ArrayList<>(entries);
    ordered.sort(Entry.ORDER);
    long expected = 1;
    for (Entry e : ordered) {
      if (!e.own()) {
        if (e.seq() != expected) {
          return "commit order: expected the transaction numbered " + expected
              + " next, found " + e.seq() + (e.seq() < expected ? " (a number given twice)"
              : " (a committed transaction is missing)");
        }
        expected++;
      }
    }
    if (expected - 1 != last) {
      return "commit order: " + (expected - 1) + " shared transactions committed, the"
          + " counter says " + last;
    }
    final Map<String, PreparedStatement> prepared = new HashMap<>();
    try (Statement ddl = c.createStatement()) {
      for (Entry e : ordered) {
        for (Write w : e.writes()) {
          if (w.params().isEmpty()) {
            ddl.execute(w.sql());
            prepared.values().removeIf(p -> {
              close(p);
              return true;
            });
          } else {
            final PreparedStatement p = prepared.computeIfAbsent(w.sql(), sql -> prepare(c, sql));
            for (int i = 0; i < w.params().size(); i++) {
              p.setObject(i + 1, w.params().get(i));
            }
            p.executeUpdate();
          }
        }
      }
    } finally {
      prepared.values().forEach(SoakLog::close);
    }
    return null;
  }

  private static PreparedStatement prepare(Connection c, String sql) {
    try {
      return c.prepareStatement(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("replay cannot prepare " + sql, e);
    }
  }

  private static void close(PreparedStatement p) {
    try {
      p.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Compares every user table and view of two databases: the same names, and for tables the
   * same rows (all columns but a feature view's write time, which is the wall clock of the
   * write). Returns the differences (at most a few per table).
   */
  static List<String> compare(Connection soaked, Connection replayed, Set<String> ignored)
      throws SQLException {
    final List<String> diffs = new ArrayList<>();
    final TreeSet<String> tables = names(soaked, "SELECT TABLE_NAME FROM SYS.TABLES"
        + " WHERE SCHEMA_NAME NOT IN ('SYS', 'TRACKING', 'ONLINE')", ignored);
    final TreeSet<String> expectedTables = names(replayed, "SELECT TABLE_NAME FROM SYS.TABLES"
        + " WHERE SCHEMA_NAME NOT IN ('SYS', 'TRACKING', 'ONLINE')", ignored);
    if (!tables.equals(expectedTables)) {
      diffs.add("tables: soaked " + tables + ", replayed " + expectedTables);
    }
    final TreeSet<String> views = names(soaked, "SELECT VIEW_NAME FROM SYS.VIEWS", ignored);
    final TreeSet<String> expectedViews = names(replayed, "SELECT VIEW_NAME FROM SYS.VIEWS",
        ignored);
    if (!views.equals(expectedViews)) {
      diffs.add("views: soaked " + views + ", replayed " + expectedViews);
    }
    for (String table : tables) {
      if (!expectedTables.contains(table)) {
        continue;
      }
      final String columns = columns(soaked, table);
      final String sql = "SELECT " + columns + " FROM " + table + " ORDER BY " + columns;
      final TreeMap<Integer, String> actual = rows(soaked, sql);
      final TreeMap<Integer, String> expected = rows(replayed, sql);
      if (!actual.equals(expected)) {
        int shown = 0;
        final int n = Math.max(actual.size(), expected.size());
        for (int i = 0; i < n && shown < 5; i++) {
          final String a = actual.get(i);
          final String x = expected.get(i);
          if (!java.util.Objects.equals(a, x)) {
            diffs.add(table + " row " + i + ": soaked " + a + ", replayed " + x);
            shown++;
          }
        }
        diffs.add(table + ": soaked " + actual.size() + " rows, replayed " + expected.size());
      }
    }
    return diffs;
  }

  private static TreeSet<String> names(Connection c, String sql, Set<String> ignored)
      throws SQLException {
    final TreeSet<String> names = new TreeSet<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        if (!ignored.contains(rs.getString(1))) {
          names.add(rs.getString(1));
        }
      }
    }
    return names;
  }

  private static String columns(Connection c, String table) throws SQLException {
    final List<String> names = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      final ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        if (!md.getColumnName(i).equalsIgnoreCase("CREATED_TIMESTAMP")) {
          names.add(md.getColumnName(i));
        }
      }
    }
    return String.join(", ", names);
  }

  private static TreeMap<Integer, String> rows(Connection c, String sql) throws SQLException {
    final TreeMap<Integer, String> rows = new TreeMap<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        rows.put(rows.size(), row.toString());
      }
    }
    return rows;
  }
}
