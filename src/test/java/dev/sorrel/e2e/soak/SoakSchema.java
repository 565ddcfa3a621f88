package dev.sorrel.e2e.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The soak's shared objects and the invariants their rows keep. Every function here is the
 * one both the writers (to write a row) and the readers (to check it) use.
 *
 * <ul>
 * <li>{@code SOAK_SEQ}: one row whose counter every write transaction on shared tables
 *   increments first, inside the transaction: the value it reads back is its place in the
 *   commit order, since writers hold the database's writer lock from their first write to
 *   their end.
 * <li>{@code ACCOUNTS}: transfers move amounts between rows, so the sum of balances never
 *   changes; {@code CHK} is a function of the row's id, balance and version.
 * <li>{@code SHARED_ROWS}: {@code B = 7 A + 3} in every row, whatever writes it; indexed on
 *   {@code A}.
 * <li>{@code STATS}: a feature view whose values are functions of the entity key and the event
 *   time, written by the clients; {@code ORDERS}: the left side of point-in-time joins.
 * <li>{@code FLOWERS}: the iris fixture's inputs and scikit-learn's labels, for PREDICT.
 * </ul>
 */
final class SoakSchema {
  static final int ACCOUNTS = 64;
  static final long START_BALANCE = 1000;
  static final long TOTAL_BALANCE = ACCOUNTS * START_BALANCE;
  /** Keys of shared rows that upserts, range updates and deletes pick; inserts use fresh ones. */
  static final int SHARED_KEYS = 300;
  /** The first key inserts of fresh shared rows use. */
  static final long FRESH_KEYS = 1_000_000;
  static final int DRIVERS = 20;
  static final int ORDERS = 400;
  /** Event and order times lie within this many seconds after {@link #EPOCH}. */
  static final int SPAN_SECONDS = 7200;
  static final LocalDateTime EPOCH = LocalDateTime.of(2026, 1, 1, 0, 0);
  static final String EXPERIMENT = "SOAK_EXP";
  static final String MODEL = "IRIS";

  /** The iris fixture: id, four inputs, scikit-learn's label and class-0 probability. */
  record Flower(int id, double[] inputs, long label, double p0) {
  }

  final List<Flower> flowers;

  private SoakSchema(List<Flower> flowers) {
    this.flowers = flowers;
  }

  static SoakSchema load() {
    try {
      final List<String> lines = Files.readAllLines(fixture("mlp_iris.csv"));
      final List<Flower> flowers = new java.util.ArrayList<>();
      for (int i = 1; i < lines.size(); i++) {
        final String[] f = lines.get(i).split(",");
        flowers.add(new Flower(i, new double[] {Float.parseFloat(f[0]), Float.parseFloat(f[1]),
            Float.parseFloat(f[2]), Float.parseFloat(f[3])}, Long.parseLong(f[4]),
            Double.parseDouble(f[5])));
      }
      return new SoakSchema(List.copyOf(flowers));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path fixture(String name) {
    try {
      return Path.of(SoakSchema.class.getResource("/models/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Creates the shared tables, the entity and feature view, and their first rows. */
  void createTables(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE soak_seq (id INT PRIMARY KEY, n BIGINT NOT NULL)");
      s.execute("INSERT INTO soak_seq VALUES (0, 0)");
      s.execute("CREATE TABLE accounts (id BIGINT PRIMARY KEY, balance BIGINT NOT NULL,"
          + " ver BIGINT NOT NULL, chk BIGINT NOT NULL)");
      s.execute("CREATE TABLE shared_rows (id BIGINT PRIMARY KEY, a BIGINT NOT NULL,"
          + " b BIGINT NOT NULL, ver BIGINT NOT NULL, owner INT NOT NULL)");
      s.execute("CREATE TABLE orders (id BIGINT PRIMARY KEY, driver_id BIGINT NOT NULL,"
          + " ts TIMESTAMP NOT NULL)");
      s.execute("CREATE TABLE flowers (id INT PRIMARY KEY, f0 DOUBLE, f1 DOUBLE, f2 DOUBLE,"
          + " f3 DOUBLE)");
      s.execute("CREATE ENTITY driver (driver_id BIGINT)");
      s.execute("CREATE FEATURE VIEW stats ENTITY driver (rate DOUBLE, trips BIGINT)");
      s.execute("CREATE VIEW shared_v AS SELECT id, a, b FROM shared_rows WHERE MOD(id, 2) = 0");
      s.execute("CREATE INDEX shared_rows_a ON shared_rows (a)");
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO accounts VALUES (?, ?, 0, ?)")) {
      for (long id = 0; id < ACCOUNTS; id++) {
        p.setLong(1, id);
        p.setLong(2, START_BALANCE);
        p.setLong(3, chk(id, START_BALANCE, 0));
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO shared_rows VALUES (?, ?, ?, 0,"
        + " -1)")) {
      for (long id = 0; id < SHARED_KEYS; id += 2) {
        p.setLong(1, id);
        p.setLong(2, id);
        p.setLong(3, b(id));
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
      for (long id = 0; id < ORDERS; id++) {
        p.setLong(1, id);
        p.setLong(2, id % DRIVERS);
        p.setTimestamp(3, timestamp(orderMillis(id)));
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = c.prepareStatement("INSERT INTO flowers VALUES (?, ?, ?, ?, ?)")) {
      for (Flower f : flowers) {
        p.setInt(1, f.id());
        for (int i = 0; i < 4; i++) {
          p.setDouble(2 + i, f.inputs()[i]);
        }
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** Creates the model and the experiment that reads use (only in the database under test). */
  void createModelObjects(Connection c) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE MODEL " + MODEL + " FROM '" + fixture("mlp_iris.onnx").toAbsolutePath()
          + "'");
      s.execute("CREATE EXPERIMENT " + EXPERIMENT + " (control WEIGHT 50, treatment WEIGHT 50)");
    }
  }

  /** The check column of an account row. */
  static long chk(long id, long balance, long version) {
    return id * 1_000_003L + balance * 7919L + version * 31L;
  }

  /** The {@code B} of a shared row whose {@code A} is {@code a}. */
  static long b(long a) {
    return 7 * a + 3;
  }

  /** An order's time, in milliseconds after {@link #EPOCH}. */
  static long orderMillis(long id) {
    return (id * 7919L % SPAN_SECONDS) * 1000L + 500;
  }

  /** The feature {@code RATE} of a driver's row at an event time (ms after the epoch). */
  static double rate(long driver, long millis) {
    return (driver * 1_000_003L + millis) % 100_003L;
  }

  /** The feature {@code TRIPS} of a driver's row at an event time. */
  static long trips(long driver, long millis) {
    return (millis / 1000 + driver) % 977;
  }

  static Timestamp timestamp(long millisAfterEpoch) {
    return Timestamp.valueOf(EPOCH.plusNanos(millisAfterEpoch * 1_000_000L));
  }

  static long millis(Timestamp t) {
    final LocalDateTime time = t.toLocalDateTime();
    return (time.toInstant(ZoneOffset.UTC).toEpochMilli()
        - EPOCH.toInstant(ZoneOffset.UTC).toEpochMilli());
  }

  /**
   * The variant {@code ASSIGN_VARIANT} must give a unit of the 50/50 experiment, computed here
   * as the seed article's router does: SHA-256 of {@code "<experiment>:<unit>"}, mod 100.
   */
  static String variant(long unit) {
    try {
      final byte[] sum = MessageDigest.getInstance("SHA-256")
          .digest((EXPERIMENT + ":" + unit).getBytes(StandardCharsets.UTF_8));
      return new BigInteger(1, sum).mod(BigInteger.valueOf(100)).intValue() < 50 ? "control"
          : "treatment";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
