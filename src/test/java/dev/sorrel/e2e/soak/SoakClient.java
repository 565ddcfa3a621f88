package dev.sorrel.e2e.soak;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;

import dev.sorrel.e2e.soak.SoakLog.Entry;
import dev.sorrel.e2e.soak.SoakLog.Write;

/**
 * One client of the soak, embedded or remote, on its own thread and connection: it picks
 * operations at random until the deadline, checks every read it makes, and records every
 * write it sees committed in the {@link SoakLog}. Besides the shared objects it owns a table
 * and a view that only it writes (and drops and creates), whose rows it knows exactly.
 *
 * <p>The only errors allowed are the documented conflicts: 55006 (the writer lock was not
 * free within {@code lock_timeout_ms}), 40001 (a serialization failure: another transaction
 * committed a change to a table this one read after its snapshot) and 25P02 (a statement of
 * a transaction already rolled back by one). Each is counted; any other error is a failure.
 */
final class SoakClient implements Runnable {
  /** Opens the client's connection. */
  interface Connector {
    Connection open() throws SQLException;
  }

  private static final int OWN_KEYS = 200;
  private static final int MAX_FAILURES = 20;

  /** A row of the client's own table: {@code B} is always {@code 7 A + 3}. */
  private record OwnRow(long a, long ver, String s) {
  }

  private enum Op {
    SHARED_TX(30), OWN_AUTOCOMMIT(12), OWN_BATCH(4), OWN_TX(6), READ_OWN(8), READ_ACCOUNTS(6),
    READ_SHARED(8), ASOF(5), ONLINE(5), PREDICT(4), ASSIGN(3), DRIFT(3), DDL_OWN(2),
    DDL_SHARED(2);

    final int weight;

    Op(int weight) {
      this.weight = weight;
    }
  }

  private static final int TOTAL_WEIGHT = Arrays.stream(Op.values()).mapToInt(o -> o.weight)
      .sum();

  private final int index;
  private final String name;
  private final Connector connector;
  private final SoakLog log;
  private final SoakFigures figures;
  private final SoakSchema schema;
  private final Random random;
  private final BooleanSupplier stop;
  private final boolean indexDdl;
  private final String table;
  private final String view;
  private final String ownTableDdl;

  private Connection c;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();
  private TreeMap<Long, OwnRow> own = new TreeMap<>();
  private boolean tableExists;
  private boolean viewExists;
  /** The commit number of this client's last committed shared transaction. */
  private long lastSeq;
  /** Program order of this client's own writes. */
  private long local;
  /** The largest commit counter and account versions this connection has read. */
  private long seenSeq;
  private final long[] seenVersions = new long[SoakSchema.ACCOUNTS];
  private int failures;
  private String current = "";
  /** The last statements and outcomes, shown with the first failure. */
  private final java.util.ArrayDeque<String> history = new java.util.ArrayDeque<>();

  SoakClient(int index, String name, Connector connector, SoakLog log, SoakFigures figures,
      SoakSchema schema, long seed, boolean indexDdl, BooleanSupplier stop) {
    this.index = index;
    this.name = name;
    this.connector = connector;
    this.log = log;
    this.figures = figures;
    this.schema = schema;
    this.random = new Random(seed);
    this.stop = stop;
    this.indexDdl = indexDdl;
    this.table = "own_" + name;
    this.view = "own_" + name + "_v";
    this.ownTableDdl = "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, a BIGINT NOT NULL,"
        + " b BIGINT NOT NULL, ver BIGINT NOT NULL, s VARCHAR(60))";
  }

  @Override public void run() {
    try {
      c = connector.open();
      try {
        // Every kind of operation once first, so that even a short run covers them all.
        for (Op op : Op.values()) {
          if (stop.getAsBoolean() || failures >= MAX_FAILURES) {
            break;
          }
          step(op);
        }
        while (!stop.getAsBoolean() && failures < MAX_FAILURES) {
          step(pick());
        }
        if (failures < MAX_FAILURES) {
          current = "final read of the own table";
          readOwn(true);
        }
      } finally {
        for (PreparedStatement p : prepared.values()) {
          p.close();
        }
        c.close();
      }
    } catch (SQLException | RuntimeException e) {
      fail("client stopped", e);
    }
  }

  private Op pick() {
    int n = random.nextInt(TOTAL_WEIGHT);
    for (Op op : Op.values()) {
      n -= op.weight;
      if (n < 0) {
        return op;
      }
    }
    throw new IllegalStateException();
  }

  private void step(Op op) {
    current = op.name();
    note("-- " + op);
    try {
      switch (op) {
        case SHARED_TX -> sharedTransaction();
        case OWN_AUTOCOMMIT -> ownAutoCommit();
        case OWN_BATCH -> ownBatch();
        case OWN_TX -> ownTransaction();
        case READ_OWN -> readOwn(false);
        case READ_ACCOUNTS -> readAccounts();
        case READ_SHARED -> readShared();
        case ASOF -> asof();
        case ONLINE -> online();
        case PREDICT -> predict();
        case ASSIGN -> assign();
        case DRIFT -> drift();
        case DDL_OWN -> ddlOwn();
        case DDL_SHARED -> ddlShared();
      }
    } catch (SQLException e) {
      note("   " + e.getSQLState() + " " + e.getMessage());
      if (!allowed(e)) {
        fail(op.name(), e);
      }
      resetConnection();
    } catch (RuntimeException e) {
      fail(op.name(), e);
      resetConnection();
    }
  }

  // ---- writes

  /**
   * A transaction over shared tables (and maybe the own table): the commit counter first
   * (unless a read comes first, which makes conflicts possible), then one to four writes,
   * maybe some under a savepoint that is rolled back; committed or rolled back.
   */
  private void sharedTransaction() throws SQLException {
    final int r = random.nextInt(100);
    final int isolation = r < 60 ? Connection.TRANSACTION_REPEATABLE_READ
        : r < 85 ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_SERIALIZABLE;
    c.setTransactionIsolation(isolation);
    c.setAutoCommit(false);
    final List<Write> writes = new ArrayList<>();
    final List<long[]> features = new ArrayList<>();
    TreeMap<Long, OwnRow> pending = new TreeMap<>(own);
    boolean ended = false;
    try {
      if (random.nextInt(100) < 30) {
        checkTotal(query1("SELECT SUM(balance) FROM accounts"), "sum read before writing");
      }
      writes.add(update("UPDATE soak_seq SET n = n + 1 WHERE id = 0", "seq"));
      final long seq = query1("SELECT n FROM soak_seq WHERE id = 0");
      if (seq <= seenSeq) {
        fail("commit counter", "incremented to " + seq + " after " + seenSeq + " was read");
      }
      final int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        sharedWrite(writes, features, pending);
      }
      if (random.nextInt(100) < 15) {
        final Savepoint savepoint = c.setSavepoint();
        final List<Write> undone = new ArrayList<>();
        final List<long[]> undoneFeatures = new ArrayList<>();
        final TreeMap<Long, OwnRow> before = new TreeMap<>(pending);
        sharedWrite(undone, undoneFeatures, pending);
        c.rollback(savepoint);
        note("   rolled back to the savepoint");
        figures.statement("rollback to savepoint");
        undoneFeatures.forEach(f -> log.featureRolledBack(f[0], f[1]));
        pending = before;
      }
      if (random.nextInt(100) < 85) {
        note("   commit " + seq);
        c.commit();
        ended = true;
        figures.commit();
        log.committed(new Entry(seq, false, index, 0, List.copyOf(writes)));
        features.forEach(f -> log.featureCommitted(f[0], f[1]));
        lastSeq = seq;
        seenSeq = seq;
        own = pending;
      } else {
        note("   rollback");
        c.rollback();
        ended = true;
        figures.rollback();
        features.forEach(f -> log.featureRolledBack(f[0], f[1]));
      }
    } catch (SQLException e) {
      note("   " + e.getSQLState() + " " + e.getMessage());
      if (!ended && allowed(e)) {
        // A conflict or a lock timeout: nothing of the transaction was committed.
        features.forEach(f -> log.featureRolledBack(f[0], f[1]));
        figures.rollback();
        rollbackQuietly();
        return;
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private void sharedWrite(List<Write> writes, List<long[]> features,
      TreeMap<Long, OwnRow> pending) throws SQLException {
    final int r = random.nextInt(100);
    if (r < 25) {
      final long from = random.nextInt(SoakSchema.ACCOUNTS);
      final long to = (from + 1 + random.nextInt(SoakSchema.ACCOUNTS - 1)) % SoakSchema.ACCOUNTS;
      final long amount = 1 + random.nextInt(50);
      writes.add(update("UPDATE accounts SET balance = balance + ?, ver = ver + 1,"
          + " chk = chk + ? WHERE id = ?", "transfer", -amount, -amount * 7919 + 31, from));
      writes.add(update("UPDATE accounts SET balance = balance + ?, ver = ver + 1,"
          + " chk = chk + ? WHERE id = ?", "transfer", amount, amount * 7919 + 31, to));
    } else if (r < 40) {
      final int rows = 1 + random.nextInt(5);
      final StringBuilder sql = new StringBuilder("INSERT INTO shared_rows VALUES ");
      final List<Object> params = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        sql.append(i > 0 ? ", " : "").append("(?, ?, ?, 0, ?)");
        final long a = random.nextInt(2001) - 1000;
        params.addAll(List.of(log.freshKey(), a, SoakSchema.b(a), index));
      }
      writes.add(update(sql.toString(), rows == 1 ? "insert shared row" : "insert shared rows",
          params.toArray()));
    } else if (r < 50) {
      final long a = random.nextInt(2001) - 1000;
      writes.add(update("INSERT INTO shared_rows VALUES (?, ?, ?, 0, ?) ON CONFLICT (id)"
          + " DO UPDATE SET a = a + 1, b = b + 7, ver = ver + 1, owner = EXCLUDED.owner",
          "upsert shared row", (long) random.nextInt(SoakSchema.SHARED_KEYS), a,
          SoakSchema.b(a), index));
    } else if (r < 58) {
      final long a = random.nextInt(2001) - 1000;
      writes.add(update("MERGE INTO shared_rows t USING (VALUES (CAST(? AS BIGINT),"
          + " CAST(? AS BIGINT))) AS s (id, a) ON t.id = s.id"
          + " WHEN MATCHED THEN UPDATE SET a = t.a - 1, b = t.b - 7, ver = t.ver + 1"
          + " WHEN NOT MATCHED THEN INSERT VALUES (s.id, s.a, 7 * s.a + 3, 0, " + index + ")",
          "merge shared row", (long) random.nextInt(SoakSchema.SHARED_KEYS), a));
    } else if (r < 68) {
      final long from = sharedKey();
      final long delta = random.nextInt(21) - 10;
      writes.add(update("UPDATE shared_rows SET a = a + ?, b = b + ?, ver = ver + 1"
          + " WHERE id BETWEEN ? AND ?", "update shared rows", delta, 7 * delta, from,
          from + random.nextInt(8)));
    } else if (r < 76) {
      final long from = sharedKey();
      writes.add(update("DELETE FROM shared_rows WHERE id BETWEEN ? AND ?",
          "delete shared rows", from, from + random.nextInt(3)));
    } else if (r < 90) {
      final int rows = 1 + random.nextInt(3);
      final StringBuilder sql = new StringBuilder(
          "INSERT INTO stats (driver_id, event_timestamp, rate, trips) VALUES ");
      final List<Object> params = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        sql.append(i > 0 ? ", " : "").append("(?, ?, ?, ?)");
        final long[] f = log.newFeatureRow(random);
        features.add(f);
        params.addAll(List.of(f[0], SoakSchema.timestamp(f[1]), SoakSchema.rate(f[0], f[1]),
            SoakSchema.trips(f[0], f[1])));
      }
      writes.add(update(sql.toString(), "insert feature rows", params.toArray()));
    } else {
      if (!tableExists) {
        sharedWrite(writes, features, pending);
        return;
      }
      writes.add(ownWrite(pending));
    }
  }

  /** A shared-row key: one of the first keys, or one inserts have used. */
  private long sharedKey() {
    if (random.nextBoolean()) {
      return random.nextInt(SoakSchema.SHARED_KEYS);
    }
    final long used = log.freshKeysUsed() - SoakSchema.FRESH_KEYS;
    return SoakSchema.FRESH_KEYS + (used <= 0 ? 0 : random.nextLong(used));
  }

  /** One write to the own table, applied to {@code rows} (the client's expectation). */
  private Write ownWrite(TreeMap<Long, OwnRow> rows) throws SQLException {
    final int r = random.nextInt(100);
    if (rows.isEmpty() || (r < 40 && rows.size() < OWN_KEYS * 3 / 4)) {
      final int n = random.nextInt(4) == 0 ? 2 + random.nextInt(4) : 1;
      final StringBuilder sql = new StringBuilder("INSERT INTO " + table + " VALUES ");
      final List<Object> params = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        final long id = freeOwnKey(rows);
        final long a = random.nextInt(2001) - 1000;
        final String s = name + ":" + id;
        sql.append(i > 0 ? ", " : "").append("(?, ?, ?, 0, ?)");
        params.addAll(List.of(id, a, SoakSchema.b(a), s));
        rows.put(id, new OwnRow(a, 0, s));
      }
      return update(sql.toString(), n == 1 ? "insert own row" : "insert own rows",
          params.toArray());
    }
    final long id = ownKey(rows);
    if (r < 70) {
      final OwnRow row = rows.get(id);
      final long delta = random.nextInt(21) - 10;
      final String s = name + ":" + id + ":" + (row.ver() + 1);
      rows.put(id, new OwnRow(row.a() + delta, row.ver() + 1, s));
      return update("UPDATE " + table + " SET a = a + ?, b = b + ?, ver = ver + 1, s = ?"
          + " WHERE id = ?", "update own row", delta, 7 * delta, s, id);
    }
    if (r < 80) {
      final long to = id + random.nextInt(10);
      for (Map.Entry<Long, OwnRow> e : rows.subMap(id, true, to, true).entrySet()) {
        e.setValue(new OwnRow(e.getValue().a() + 1, e.getValue().ver() + 1, e.getValue().s()));
      }
      return update("UPDATE " + table + " SET a = a + 1, b = b + 7, ver = ver + 1"
          + " WHERE id BETWEEN ? AND ?", "update own rows", id, to);
    }
    rows.remove(id);
    return update("DELETE FROM " + table + " WHERE id = ?", "delete own row", id);
  }

  private long freeOwnKey(TreeMap<Long, OwnRow> rows) {
    while (true) {
      final long id = random.nextInt(OWN_KEYS);
      if (!rows.containsKey(id)) {
        return id;
      }
    }
  }

  private long ownKey(TreeMap<Long, OwnRow> rows) {
    final Long key = rows.ceilingKey((long) random.nextInt(OWN_KEYS));
    return key != null ? key : rows.firstKey();
  }

  private void ownAutoCommit() throws SQLException {
    if (!tableExists) {
      createOwnTable();
      return;
    }
    final TreeMap<Long, OwnRow> pending = new TreeMap<>(own);
    try {
      final Write w = ownWrite(pending);
      recordOwn(List.of(w));
      own = pending;
    } catch (SQLException e) {
      note("   " + e.getSQLState() + " " + e.getMessage());
      if ("55006".equals(e.getSQLState())) {
        figures.conflict(e.getSQLState());
        return; // the statement never ran
      }
      throw e;
    }
  }

  /** A JDBC batch of single-row inserts into the own table: one transaction. */
  private void ownBatch() throws SQLException {
    if (!tableExists || own.size() > OWN_KEYS / 2) {
      ownAutoCommit();
      return;
    }
    final int n = 2 + random.nextInt(8);
    final String sql = "INSERT INTO " + table + " VALUES (?, ?, ?, 0, ?)";
    final TreeMap<Long, OwnRow> pending = new TreeMap<>(own);
    final List<Write> writes = new ArrayList<>();
    final PreparedStatement p = prepare(sql);
    for (int i = 0; i < n; i++) {
      final long id = freeOwnKey(pending);
      final long a = random.nextInt(2001) - 1000;
      final String s = name + ":" + id;
      pending.put(id, new OwnRow(a, 0, s));
      final List<Object> params = List.of(id, a, SoakSchema.b(a), s);
      bind(p, params.toArray());
      p.addBatch();
      writes.add(new Write(sql, params));
    }
    try {
      figures.statement("batch of own inserts");
      note("   batch " + writes.stream().map(w -> w.params().get(0).toString()).toList());
      p.executeBatch();
    } catch (SQLException e) {
      p.clearBatch();
      note("   " + e.getSQLState() + " " + e.getMessage());
      if ("55006".equals(e.getSQLState())) {
        figures.conflict(e.getSQLState());
        return;
      }
      throw e;
    }
    recordOwn(writes);
    own = pending;
  }

  /** A transaction on the own table only: no commit counter (nobody else writes it). */
  private void ownTransaction() throws SQLException {
    if (!tableExists) {
      createOwnTable();
      return;
    }
    c.setAutoCommit(false);
    final List<Write> writes = new ArrayList<>();
    TreeMap<Long, OwnRow> pending = new TreeMap<>(own);
    boolean ended = false;
    try {
      final int n = 1 + random.nextInt(4);
      for (int i = 0; i < n; i++) {
        writes.add(ownWrite(pending));
      }
      if (random.nextInt(100) < 25) {
        final Savepoint savepoint = c.setSavepoint();
        final TreeMap<Long, OwnRow> before = new TreeMap<>(pending);
        ownWrite(pending);
        c.rollback(savepoint);
        note("   rolled back to the savepoint");
        figures.statement("rollback to savepoint");
        pending = before;
      }
      readOwnIn(pending, "own transaction reads its own writes");
      if (random.nextInt(100) < 80) {
        note("   commit");
        c.commit();
        ended = true;
        figures.commit();
        recordOwn(writes);
        own = pending;
      } else {
        note("   rollback");
        c.rollback();
        ended = true;
        figures.rollback();
      }
    } catch (SQLException e) {
      note("   " + e.getSQLState() + " " + e.getMessage());
      if (!ended && allowed(e)) {
        figures.rollback();
        rollbackQuietly();
        return;
      }
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private void recordOwn(List<Write> writes) {
    log.committed(new Entry(lastSeq, true, index, local++, List.copyOf(writes)));
  }

  // ---- DDL

  private void createOwnTable() throws SQLException {
    ownDdl(ownTableDdl);
    tableExists = true;
    own = new TreeMap<>();
  }

  /**
   * DDL of the own objects: the view created or dropped, or the table dropped (with the view)
   * to be created again empty by the next write.
   */
  private void ddlOwn() throws SQLException {
    if (!tableExists) {
      createOwnTable();
      return;
    }
    final boolean dropTable = random.nextInt(100) < 30;
    if (viewExists) {
      ownDdl("DROP VIEW " + view);
      viewExists = false;
    } else if (!dropTable) {
      ownDdl("CREATE VIEW " + view + " AS SELECT id, a, b FROM " + table + " WHERE a >= 0");
      viewExists = true;
    }
    if (dropTable) {
      ownDdl("DROP TABLE " + table);
      tableExists = false;
      own = new TreeMap<>();
    }
  }

  /** Runs a DDL statement of the own objects and records it. */
  private void ownDdl(String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      figures.statement("DDL own " + sql.substring(0, sql.indexOf(' ', sql.indexOf(' ') + 1)));
      note("   " + sql);
      s.execute(sql);
    }
    closePrepared();
    recordOwn(List.of(Write.ddl(sql)));
  }

  /**
   * DDL of shared objects, which the replay does not repeat: the shared view replaced by an
   * equivalent definition, compactions that write table and history segments, a scratch
   * table created and dropped by every client with {@code IF [NOT] EXISTS} (racing with
   * each other), and with {@code indexDdl} the index on the shared rows dropped and created
   * under the writers and readers, whose transactions may have snapshots older than it.
   */
  private void ddlShared() throws SQLException {
    final int choices = 6;
    final int pick = indexDdl ? random.nextInt(choices + 2) : 2 + random.nextInt(choices);
    final String sql = switch (pick) {
      case 0 -> "CREATE INDEX IF NOT EXISTS shared_rows_a ON shared_rows (a)";
      case 1 -> "DROP INDEX IF EXISTS shared_rows_a";
      case 2 -> "CREATE OR REPLACE VIEW shared_v AS SELECT id, a, b FROM shared_rows"
          + (random.nextBoolean() ? " WHERE MOD(id, 2) = 0" : " WHERE id - 2 * (id / 2) = 0");
      case 3 -> "ALTER TABLE shared_rows COMPACT";
      case 4 -> "ALTER FEATURE VIEW stats COMPACT";
      case 5 -> "ALTER TABLE accounts COMPACT";
      case 6 -> "CREATE TABLE IF NOT EXISTS shared_scratch (id INT PRIMARY KEY)";
      default -> "DROP TABLE IF EXISTS shared_scratch";
    };
    try (Statement s = c.createStatement()) {
      figures.statement("DDL shared " + sql.substring(0, sql.indexOf(' ', sql.indexOf(' ') + 1)));
      s.execute(sql);
    }
    closePrepared();
  }

  // ---- reads

  /** The own table read back equals what this client committed (nobody else writes it). */
  private void readOwn(boolean last) throws SQLException {
    if (!tableExists) {
      return;
    }
    readOwnIn(own, last ? "own table at the end" : "own table");
    if (viewExists && !last) {
      final TreeMap<Long, Long> expected = new TreeMap<>();
      own.forEach((id, row) -> {
        if (row.a() >= 0) {
          expected.put(id, row.a());
        }
      });
      final TreeMap<Long, Long> actual = new TreeMap<>();
      try (ResultSet rs = query("SELECT id, a, b FROM " + view, "read own view")) {
        while (rs.next()) {
          if (actual.put(rs.getLong(1), rs.getLong(2)) != null) {
            fail("own view", "key " + rs.getLong(1) + " twice");
          }
        }
      }
      check(expected.equals(actual), "own view", () -> "expected " + expected + ", read "
          + actual);
    }
  }

  private void readOwnIn(TreeMap<Long, OwnRow> expected, String what) throws SQLException {
    final TreeMap<Long, OwnRow> actual = new TreeMap<>();
    final boolean ordered = random.nextBoolean();
    try (ResultSet rs = query("SELECT id, a, b, ver, s FROM " + table
        + (ordered ? " ORDER BY id" : ""), "scan own table")) {
      long previous = Long.MIN_VALUE;
      while (rs.next()) {
        final long id = rs.getLong(1);
        if (ordered && id <= previous) {
          fail(what, "key " + id + " after " + previous + " in ORDER BY id");
        }
        previous = id;
        if (rs.getLong(3) != SoakSchema.b(rs.getLong(2))) {
          fail(what, "torn row " + id + ": a " + rs.getLong(2) + ", b " + rs.getLong(3));
        }
        if (actual.put(id, new OwnRow(rs.getLong(2), rs.getLong(4), rs.getString(5))) != null) {
          fail(what, "key " + id + " twice in one scan");
        }
      }
    }
    check(expected.equals(actual), what, () -> "expected " + expected + ", read " + actual);
    final long id = random.nextInt(OWN_KEYS);
    final PreparedStatement p = prepare("SELECT a, b, ver, s FROM " + table + " WHERE id = ?");
    p.setLong(1, id);
    figures.statement("key lookup own table");
    try (ResultSet rs = p.executeQuery()) {
      final OwnRow row = rs.next() ? new OwnRow(rs.getLong(1), rs.getLong(3), rs.getString(4))
          : null;
      check(java.util.Objects.equals(row, expected.get(id)) && !rs.next(), what + " lookup",
          () -> "key " + id + ": expected " + expected.get(id) + ", read " + row);
    }
    final long sum = expected.values().stream().mapToLong(OwnRow::a).sum();
    try (ResultSet rs = query("SELECT COUNT(*), SUM(a) FROM " + table, "aggregate own table")) {
      rs.next();
      final long count = rs.getLong(1);
      final long total = rs.getLong(2);
      check(count == expected.size() && total == sum, what + " aggregate",
          () -> "COUNT " + count + ", SUM " + total + ", expected " + expected.size() + ", "
              + sum);
    }
  }

  /** Every account row's check column holds, the balances add up, and no version goes back. */
  private void readAccounts() throws SQLException {
    long sum = 0;
    final boolean[] seen = new boolean[SoakSchema.ACCOUNTS];
    try (ResultSet rs = query("SELECT id, balance, ver, chk FROM accounts", "scan accounts")) {
      while (rs.next()) {
        final int id = (int) rs.getLong(1);
        final long balance = rs.getLong(2);
        final long ver = rs.getLong(3);
        if (rs.getLong(4) != SoakSchema.chk(id, balance, ver)) {
          fail("accounts", "torn row " + id + ": balance " + balance + ", version " + ver
              + ", check " + rs.getLong(4));
        }
        if (seen[id]) {
          fail("accounts", "account " + id + " twice in one scan");
        }
        seen[id] = true;
        if (ver < seenVersions[id]) {
          fail("accounts", "account " + id + " went back from version " + seenVersions[id]
              + " to " + ver);
        }
        seenVersions[id] = ver;
        sum += balance;
      }
    }
    final long total = sum;
    check(total == SoakSchema.TOTAL_BALANCE, "accounts scan", () -> "balances add up to "
        + total);
    try (ResultSet rs = query("SELECT COUNT(*), SUM(balance) FROM accounts",
        "aggregate accounts")) {
      rs.next();
      final long count = rs.getLong(1);
      final long balance = rs.getLong(2);
      check(count == SoakSchema.ACCOUNTS && balance == SoakSchema.TOTAL_BALANCE,
          "accounts aggregate", () -> "COUNT " + count + ", SUM " + balance);
    }
    final long seq = query1("SELECT n FROM soak_seq WHERE id = 0");
    if (seq < seenSeq) {
      fail("commit counter", "read " + seq + " after " + seenSeq);
    }
    seenSeq = Math.max(seenSeq, seq);
  }

  private void checkTotal(long sum, String what) {
    check(sum == SoakSchema.TOTAL_BALANCE, what, () -> "balances add up to " + sum);
  }

  /**
   * In one snapshot: a scan of the shared rows, their aggregates, a lookup by {@code A}
   * (through the index when it exists), a key range count and the shared view must agree.
   */
  private void readShared() throws SQLException {
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setAutoCommit(false);
    try {
      final TreeMap<Long, Long> rows = new TreeMap<>();
      try (ResultSet rs = query("SELECT id, a, b, ver, owner FROM shared_rows",
          "scan shared rows")) {
        while (rs.next()) {
          final long id = rs.getLong(1);
          if (rs.getLong(3) != SoakSchema.b(rs.getLong(2))) {
            fail("shared rows", "torn row " + id + ": a " + rs.getLong(2) + ", b "
                + rs.getLong(3));
          }
          if (rows.put(id, rs.getLong(2)) != null) {
            fail("shared rows", "key " + id + " twice in one scan");
          }
        }
      }
      final long sumA = rows.values().stream().mapToLong(Long::longValue).sum();
      try (ResultSet rs = query("SELECT COUNT(*), SUM(a), SUM(b) FROM shared_rows",
          "aggregate shared rows")) {
        rs.next();
        final long count = rs.getLong(1);
        final long a = rs.getLong(2);
        final long b = rs.getLong(3);
        check(count == rows.size() && a == sumA && b == 7 * sumA + 3L * rows.size(),
            "shared rows aggregate", () -> "COUNT " + count + ", SUM(a) " + a + ", SUM(b) " + b
                + " in the snapshot that scanned " + rows.size() + " rows, SUM(a) " + sumA);
      }
      final Long stored = rows.ceilingKey((long) random.nextInt(SoakSchema.SHARED_KEYS));
      final long a = stored == null || random.nextInt(4) == 0 ? random.nextInt(2001) - 1000
          : rows.get(stored);
      final List<Long> expectedIds = new ArrayList<>();
      rows.forEach((id, value) -> {
        if (value == a) {
          expectedIds.add(id);
        }
      });
      final List<Long> ids = new ArrayList<>();
      final PreparedStatement byA = prepare("SELECT id, b FROM shared_rows WHERE a = ?"
          + " ORDER BY id");
      byA.setLong(1, a);
      figures.statement("lookup shared rows by a");
      try (ResultSet rs = byA.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
          if (rs.getLong(2) != SoakSchema.b(a)) {
            fail("shared rows by a", "row " + rs.getLong(1) + " has b " + rs.getLong(2));
          }
        }
      }
      check(ids.equals(expectedIds), "shared rows by a", () -> "a = " + a + ": read " + ids
          + ", the scan of the same snapshot has " + expectedIds);
      final long from = random.nextInt(SoakSchema.SHARED_KEYS);
      final long range = rows.subMap(from, true, from + 50, true).size();
      final PreparedStatement count = prepare("SELECT COUNT(*) FROM shared_rows"
          + " WHERE id BETWEEN ? AND ?");
      count.setLong(1, from);
      count.setLong(2, from + 50);
      figures.statement("count shared key range");
      try (ResultSet rs = count.executeQuery()) {
        rs.next();
        final long n = rs.getLong(1);
        check(n == range, "shared key range", () -> "COUNT " + n + " of keys " + from
            + ".." + (from + 50) + ", the scan has " + range);
      }
      final TreeMap<Long, Long> even = new TreeMap<>();
      rows.forEach((id, value) -> {
        if (id % 2 == 0) {
          even.put(id, value);
        }
      });
      final TreeMap<Long, Long> viewed = new TreeMap<>();
      try (ResultSet rs = query("SELECT id, a, b FROM shared_v", "read shared view")) {
        while (rs.next()) {
          if (viewed.put(rs.getLong(1), rs.getLong(2)) != null) {
            fail("shared view", "key " + rs.getLong(1) + " twice");
          }
        }
      }
      check(viewed.equals(even), "shared view", () -> "read " + viewed.size()
          + " rows, the scan's even keys are " + even.size());
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /**
   * A point-in-time join of 50 orders with the feature view the clients write: every order
   * once, no feature value from after the order, every value the function of its key and
   * time, from a row that was written and not rolled back, and never older than the newest
   * row committed before the query started.
   */
  private void asof() throws SQLException {
    final long from = random.nextInt(SoakSchema.ORDERS - 50);
    final Long[] floors = new Long[50];
    for (int i = 0; i < 50; i++) {
      final long id = from + i;
      floors[i] = log.committedFloor(id % SoakSchema.DRIVERS, SoakSchema.orderMillis(id));
    }
    final PreparedStatement p = prepare("SELECT o.id, o.driver_id, f.event_timestamp, f.rate,"
        + " f.trips FROM orders o LEFT ASOF JOIN stats f"
        + " MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id"
        + " WHERE o.id BETWEEN ? AND ?");
    p.setLong(1, from);
    p.setLong(2, from + 49);
    figures.statement("ASOF join");
    final boolean[] seen = new boolean[50];
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        final long id = rs.getLong(1);
        final int i = (int) (id - from);
        if (i < 0 || i >= 50 || seen[i]) {
          fail("ASOF join", "order " + id + (i < 0 || i >= 50 ? " outside the range" : " twice"));
          continue;
        }
        seen[i] = true;
        final java.sql.Timestamp event = rs.getTimestamp(3);
        final Long millis = event == null ? null : SoakSchema.millis(event);
        checkFeature("ASOF join order " + id, rs.getLong(2), millis,
            rs.getObject(4) == null ? null : rs.getDouble(4),
            rs.getObject(5) == null ? null : rs.getLong(5), floors[i],
            SoakSchema.orderMillis(id));
      }
    }
    for (int i = 0; i < 50; i++) {
      if (!seen[i]) {
        fail("ASOF join", "order " + (from + i) + " missing");
      }
    }
  }

  private void online() throws SQLException {
    final long driver = random.nextInt(SoakSchema.DRIVERS);
    final Long floor = log.committedLast(driver);
    final PreparedStatement p = prepare("SELECT event_timestamp, rate, trips FROM online.stats"
        + " WHERE driver_id = ?");
    p.setLong(1, driver);
    figures.statement("online lookup");
    try (ResultSet rs = p.executeQuery()) {
      if (!rs.next()) {
        check(floor == null, "online lookup", () -> "driver " + driver + ": no row, but "
            + floor + " was committed before the lookup");
        return;
      }
      final java.sql.Timestamp event = rs.getTimestamp(1);
      checkFeature("online lookup", driver, event == null ? null : SoakSchema.millis(event),
          rs.getObject(2) == null ? null : rs.getDouble(2),
          rs.getObject(3) == null ? null : rs.getLong(3), floor, Long.MAX_VALUE);
      if (rs.next()) {
        fail("online lookup", "driver " + driver + ": two rows");
      }
    }
  }

  private void checkFeature(String what, long driver, Long millis, Double rate, Long trips,
      Long floor, long notAfter) {
    figures.check("feature value");
    if (millis == null) {
      if (floor != null || rate != null || trips != null) {
        fail(what, "no feature row, but event time " + floor + " of driver " + driver
            + " was committed before the query (rate " + rate + ", trips " + trips + ")");
      }
      return;
    }
    if (millis > notAfter) {
      fail(what, "a feature value from the future: event time " + millis + " after "
          + notAfter);
    }
    if (floor != null && millis < floor) {
      fail(what, "event time " + millis + " of driver " + driver + ", but " + floor
          + " was committed before the query");
    }
    if (rate == null || trips == null || rate != SoakSchema.rate(driver, millis)
        || trips != SoakSchema.trips(driver, millis)) {
      fail(what, "torn feature row of driver " + driver + " at " + millis + ": rate " + rate
          + ", trips " + trips);
    }
    if (!log.featureMayExist(driver, millis)) {
      fail(what, "feature row of driver " + driver + " at " + millis
          + " was never committed (rolled back or never written)");
    }
  }

  /** PREDICT_LABEL and PREDICT_PROBA over the iris inputs equal scikit-learn's answers. */
  private void predict() throws SQLException {
    final int from = 1 + random.nextInt(schema.flowers.size() - 30);
    final PreparedStatement p = prepare("SELECT id, PREDICT_LABEL('" + SoakSchema.MODEL
        + "', f0, f1, f2, f3), PREDICT_PROBA('" + SoakSchema.MODEL + "', 0, f0, f1, f2, f3)"
        + " FROM flowers WHERE id BETWEEN ? AND ?");
    p.setInt(1, from);
    p.setInt(2, from + 29);
    figures.statement("PREDICT");
    int rows = 0;
    try (ResultSet rs = p.executeQuery()) {
      while (rs.next()) {
        rows++;
        final SoakSchema.Flower f = schema.flowers.get(rs.getInt(1) - 1);
        final long label = rs.getLong(2);
        final double p0 = rs.getDouble(3);
        check(label == f.label() && Math.abs(p0 - f.p0()) <= 1e-5 * Math.max(1, f.p0()),
            "PREDICT", () -> "flower " + f.id() + ": label " + label + ", p0 " + p0
                + "; scikit-learn: " + f.label() + ", " + f.p0());
      }
    }
    final int n = rows;
    check(n == 30, "PREDICT", () -> n + " rows for 30 flowers");
  }

  private void assign() throws SQLException {
    int rows = 0;
    try (ResultSet rs = query("SELECT id, ASSIGN_VARIANT('" + SoakSchema.EXPERIMENT
        + "', id) FROM accounts", "ASSIGN_VARIANT")) {
      while (rs.next()) {
        rows++;
        final long unit = rs.getLong(1);
        final String variant = rs.getString(2);
        check(SoakSchema.variant(unit).equals(variant), "ASSIGN_VARIANT", () -> "unit " + unit
            + ": " + variant + ", SHA-256 mod 100 says " + SoakSchema.variant(unit));
      }
    }
    final int n = rows;
    check(n == SoakSchema.ACCOUNTS, "ASSIGN_VARIANT", () -> n + " rows");
  }

  /** A drift aggregate over the balances equals the statistic of the same snapshot's rows. */
  private void drift() throws SQLException {
    c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
    c.setAutoCommit(false);
    try {
      final List<Double> reference = new ArrayList<>();
      final List<Double> current = new ArrayList<>();
      try (ResultSet rs = query("SELECT id, balance FROM accounts", "scan accounts")) {
        while (rs.next()) {
          (rs.getLong(1) < SoakSchema.ACCOUNTS / 2 ? reference : current)
              .add((double) rs.getLong(2));
        }
      }
      try (ResultSet rs = query("SELECT DRIFT_KS_STATISTIC(balance, id < "
          + SoakSchema.ACCOUNTS / 2 + "), SUM(balance) FROM accounts", "drift aggregate")) {
        rs.next();
        final double d = rs.getDouble(1);
        final long sum = rs.getLong(2);
        final double expected = ksStatistic(reference, current);
        check(Math.abs(d - expected) <= 1e-12 && sum == SoakSchema.TOTAL_BALANCE,
            "drift aggregate", () -> "DRIFT_KS_STATISTIC " + d + ", SUM " + sum
                + "; the same snapshot's rows give " + expected);
      }
      c.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  /** The largest distance between the two samples' empirical distribution functions. */
  static double ksStatistic(List<Double> x, List<Double> y) {
    final double[] a = x.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    final double[] b = y.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int i = 0;
    int j = 0;
    double d = 0;
    while (i < a.length && j < b.length) {
      final double v = Math.min(a[i], b[j]);
      while (i < a.length && a[i] == v) {
        i++;
      }
      while (j < b.length && b[j] == v) {
        j++;
      }
      d = Math.max(d, Math.abs((double) i / a.length - (double) j / b.length));
    }
    return d;
  }

  // ---- plumbing

  private Write update(String sql, String kind, Object... params) throws SQLException {
    final PreparedStatement p = prepare(sql);
    bind(p, params);
    figures.statement(kind);
    note("   " + kind + " " + Arrays.toString(params));
    p.executeUpdate();
    return new Write(sql, List.of(params));
  }

  private static void bind(PreparedStatement p, Object[] params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      p.setObject(i + 1, params[i]);
    }
  }

  private ResultSet query(String sql, String kind) throws SQLException {
    figures.statement(kind);
    return prepare(sql).executeQuery();
  }

  private long query1(String sql) throws SQLException {
    try (ResultSet rs = query(sql, sql.startsWith("SELECT n") ? "read commit counter"
        : "aggregate accounts")) {
      if (!rs.next()) {
        throw new IllegalStateException("no row from " + sql);
      }
      return rs.getLong(1);
    }
  }

  private PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement p = prepared.get(sql);
    if (p == null) {
      p = c.prepareStatement(sql);
      prepared.put(sql, p);
    }
    return p;
  }

  private void closePrepared() throws SQLException {
    for (PreparedStatement p : prepared.values()) {
      p.close();
    }
    prepared.clear();
  }

  private boolean allowed(SQLException e) {
    final String state = e.getSQLState();
    if ("55006".equals(state) || "40001".equals(state) || "25P02".equals(state)) {
      figures.conflict(state);
      return true;
    }
    return false;
  }

  private void rollbackQuietly() {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException e) {
      fail("rollback after " + current, e);
    }
  }

  /** After an unexpected error: no transaction left open, no statement prepared. */
  private void resetConnection() {
    rollbackQuietly();
    try {
      c.setAutoCommit(true);
      closePrepared();
    } catch (SQLException e) {
      fail("reset after " + current, e);
    }
  }

  private void check(boolean ok, String what, java.util.function.Supplier<String> detail) {
    figures.check(what.startsWith("own") ? "own table" : what);
    if (!ok) {
      fail(what, detail.get());
    }
  }

  /** Keeps a line of the client's recent history. */
  private void note(String line) {
    if (history.size() == 40) {
      history.removeFirst();
    }
    history.addLast(line);
  }

  private void fail(String what, String detail) {
    figures.fail(name + " " + current + ": " + what + ": " + detail + recent());
  }

  private void fail(String what, Exception e) {
    figures.fail(name + " " + current + ": " + what + ": " + e
        + (e instanceof SQLException s ? " [" + s.getSQLState() + "]" : "") + recent());
  }

  /** The client's recent history, with its first failure only. */
  private String recent() {
    return failures++ > 0 ? "" : System.lineSeparator() + "  recent statements of " + name
        + ":" + System.lineSeparator() + "  " + String.join(System.lineSeparator() + "  ",
        history);
  }
}
