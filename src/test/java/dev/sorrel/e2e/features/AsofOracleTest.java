package dev.sorrel.e2e.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.Comparator;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TimeZone;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sorrel's point-in-time join ({@code [LEFT] ASOF JOIN ... MATCH_CONDITION})
 * checked row by row against an independent oracle: the same data loaded into
 * DuckDB, with the rule written out in DuckDB SQL (last write wins on an exact
 * (key, event, created) triple; newest event at or before the left time, ties
 * to the newest created time; no match if that row is older than the TTL).
 *
 * <p>Each seed builds one Sorrel database and one DuckDB database with random
 * data chosen to hit the edges: ties on event time with equal and distinct
 * created times, rewritten triples, left times exactly at an event, at
 * event + TTL and one millisecond later, NULL keys and times, keys without
 * features and duplicate left rows. Timestamps are compared as UTC epoch
 * milliseconds; the oracle works on those directly (BIGINT), so it cannot
 * share a time-zone mistake with Sorrel.
 *
 * <p>The first seed's database is on disk, and its views are compacted after
 * loading, so its joins search the views' history segments; the other seeds
 * are in memory, where joins seek RocksDB: both paths meet the same oracle.
 *
 * <p>The DuckDB oracle is written twice (DuckDB's ASOF LEFT JOIN over the
 * per-(key, event) winners, and a join of all candidates ranked by a window)
 * and the two must agree before Sorrel is compared with them.
 */
class AsofOracleTest {
  private static final long MINUTE = 60_000L;
  private static final long HOUR = 60 * MINUTE;
  private static final long T0 = Instant.parse("2024-03-01T00:00:00Z").toEpochMilli();
  /** Event times sit on a 15-minute grid of 40 slots (10 hours), so ties are frequent. */
  private static final long SLOT = 15 * MINUTE;
  private static final int SLOTS = 40;
  /** Created time relative to the event time; zeros repeated so equal triples occur. */
  private static final long[] CREATED_OFFSETS = {-10 * MINUTE, 0, 0, 0, 1, MINUTE,
      10 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 5 * HOUR};
  private static final long FAR_FUTURE = Instant.parse("2100-01-01T00:00:00Z").toEpochMilli();
  private static final DateTimeFormatter LITERAL = DateTimeFormatter
      .ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final List<String> ITEMS = List.of("a", "ab", "b", "", "A", "\u00e9", "a b");

  /** A feature view: name, entity key columns (with their DuckDB types), TTL, features. */
  record View(String name, List<String> keys, List<String> duckKeyTypes, Long ttl, String dbl,
      String lng) {
  }

  static final View FV2H = new View("fv2h", List.of("driver_id"), List.of("BIGINT"), 2 * HOUR,
      "conv_rate", "trips");
  static final View FVINF = new View("fvinf", List.of("driver_id"), List.of("BIGINT"), null,
      "conv_rate", "trips");
  static final View SFV = new View("sfv", List.of("store_id", "item"),
      List.of("INTEGER", "VARCHAR"), 30 * MINUTE, "price", "qty");

  /** One written feature row; {@code created} is null until a stamped row is read back. */
  static final class Feat {
    final long rowNo;
    final List<Object> key;
    final long event;
    Long created;
    final boolean stamped;
    final Double dbl;
    final Long lng;
    String view;
    long writeSeq;

    Feat(long rowNo, List<Object> key, long event, Long created, Double dbl, Long lng) {
      this.rowNo = rowNo;
      this.key = key;
      this.event = event;
      this.created = created;
      this.stamped = created == null;
      this.dbl = dbl;
      this.lng = lng;
    }

    @Override public String toString() {
      return "row_no=" + rowNo + " key=" + key + " event=" + fmt(event) + " created="
          + (created == null ? "NULL" : fmt(created)) + " " + dbl + " " + lng;
    }
  }

  /** A left row. */
  record Probe(int id, List<Object> key, Long ts) {
    @Override public String toString() {
      return "id=" + id + " key=" + key + " ts=" + (ts == null ? "NULL" : fmt(ts));
    }
  }

  /** One seed's databases and the data written to both. */
  static final class Fixture implements AutoCloseable {
    final long seed;
    final Connection sorrel;
    final Connection duck;
    final List<List<Object>> drivers = new ArrayList<>();
    final List<List<Object>> driverStrangers = new ArrayList<>();
    final Map<View, List<Feat>> written = new HashMap<>();
    final Map<View, Map<List<Object>, List<Feat>>> survivors = new HashMap<>();
    final Map<String, List<List<Object>>> oracleCache = new HashMap<>();
    List<Probe> orders;
    List<Probe> visits;

    Fixture(long seed, Connection sorrel, Connection duck) {
      this.seed = seed;
      this.sorrel = sorrel;
      this.duck = duck;
    }

    @Override public void close() throws SQLException {
      try {
        sorrel.close();
      } finally {
        duck.close();
      }
    }
  }

  @TempDir static Path dir;
  /** Per seed, its fixture, or the exception that building it threw. */
  private static final Map<Long, Object> FIXTURES = new HashMap<>();

  static Stream<Long> seeds() {
    return Stream.of(20240301L, 7L, 99991L);
  }

  private static synchronized Fixture fixture(long seed) throws Exception {
    final Object known = FIXTURES.get(seed);
    if (known instanceof Fixture fx) {
      return fx;
    }
    if (known instanceof Exception e) {
      throw new AssertionError("seed " + seed + ": building the data failed earlier", e);
    }
    // The first seed runs on disk, the others in memory.
    // Chunks of 50,000 left rows, so that joins of a few hundred thousand rows
    // cross chunk boundaries and use the two-thread seek path.
    final String url = (FIXTURES.isEmpty() ? "jdbc:sorrel:" + dir.resolve("db" + seed)
        : "jdbc:sorrel:mem:asof_oracle_" + seed + "_" + System.nanoTime())
        + ";asof_chunk_rows=50000";
    try {
      final Fixture fx = build(seed, url);
      FIXTURES.put(seed, fx);
      return fx;
    } catch (Exception | AssertionError e) {
      FIXTURES.put(seed, e instanceof Exception x ? x : new Exception(e));
      throw e;
    }
  }

  @AfterAll
  static synchronized void closeAll() throws SQLException {
    for (Object fx : FIXTURES.values()) {
      if (fx instanceof Fixture open) {
        open.close();
      }
    }
    FIXTURES.clear();
  }

  // ------------------------------------------------------------------ tests

  /** What was written reads back: timestamps exactly, rewritten triples replaced. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void storedRowsRoundTrip(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    for (View v : List.of(FV2H, FVINF, SFV)) {
      final List<Feat> expected = fx.survivors.get(v).values().stream().flatMap(List::stream)
          .sorted(Comparator.comparingLong(f -> f.rowNo)).toList();
      final List<List<Object>> want = new ArrayList<>();
      for (Feat f : expected) {
        final List<Object> row = new ArrayList<>();
        row.add(f.rowNo);
        for (Object k : f.key) {
          row.add(k instanceof Integer i ? (Object) i.longValue() : k);
        }
        row.addAll(Arrays.asList(f.event, f.created, f.dbl, f.lng));
        want.add(row);
      }
      final List<List<Object>> got = read(fx.sorrel, "SELECT row_no, " + String.join(", ", v.keys)
          + ", event_timestamp, created_timestamp, " + v.dbl + ", " + v.lng + " FROM " + v.name
          + " ORDER BY row_no");
      assertEquals(want.size(), got.size(), v.name + ": rows kept after rewrites");
      for (int i = 0; i < want.size(); i++) {
        assertEquals(want.get(i), got.get(i), v.name + ": stored row " + i);
      }
      // Absolute values, independent of the JVM time zone: compare with literals.
      final Random rnd = new Random(seed);
      final Set<Feat> sample = new LinkedHashSet<>();
      while (sample.size() < 30) {
        sample.add(expected.get(rnd.nextInt(expected.size())));
      }
      assertEquals(sample.size(), count(fx.sorrel, "SELECT COUNT(*) FROM " + v.name
          + " f JOIN (VALUES " + sample.stream().map(f -> "(" + f.rowNo + ", " + lit(f.event)
              + ", " + lit(f.created) + ")").collect(Collectors.joining(", "))
          + ") AS e (row_no, event_ts, created_ts) ON f.row_no = e.row_no"
          + " AND f.event_timestamp = e.event_ts AND f.created_timestamp = e.created_ts"),
          v.name + ": times equal to literals");
    }
    final Random rnd = new Random(seed);
    final Set<Probe> sample = new LinkedHashSet<>();
    while (sample.size() < 30) {
      sample.add(fx.orders.get(rnd.nextInt(fx.orders.size())));
    }
    assertEquals(sample.size(), count(fx.sorrel, "SELECT COUNT(*) FROM orders o JOIN (VALUES "
        + sample.stream().map(p -> "(" + p.id + ", " + (p.ts == null ? "NULL" : lit(p.ts)) + ")")
            .collect(Collectors.joining(", ")) + ") AS e (id, ts) ON o.id = e.id"
        + " AND (o.ts = e.ts OR o.ts IS NULL AND e.ts IS NULL)"), "orders: times equal to literals");
    assertEquals(fx.orders.size(), count(fx.sorrel, "SELECT COUNT(*) FROM orders"));
    assertEquals(fx.visits.size(), count(fx.sorrel, "SELECT COUNT(*) FROM visits"));
  }

  /** The random data really contains the cases the other tests are meant to cover. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void dataCoversTheEdgeCases(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    final Connection d = fx.duck;
    assertPositive(d, "rewritten triples", "SELECT count(*) FROM (SELECT 1 FROM feat_fv2h"
        + " GROUP BY driver_id, event_ts, created_ts HAVING count(*) > 1)");
    assertPositive(d, "event ties with distinct created", "SELECT count(*) FROM (SELECT 1 FROM"
        + " feat_fv2h GROUP BY driver_id, event_ts HAVING count(DISTINCT created_ts) > 1)");
    assertPositive(d, "composite-key event ties", "SELECT count(*) FROM (SELECT 1 FROM feat_sfv"
        + " GROUP BY store_id, item, event_ts HAVING count(DISTINCT created_ts) > 1)");
    assertPositive(d, "duplicate left rows", "SELECT count(*) FROM (SELECT 1 FROM orders"
        + " WHERE driver_id IS NOT NULL AND ts IS NOT NULL GROUP BY driver_id, ts"
        + " HAVING count(*) > 1)");
    assertPositive(d, "NULL left keys", "SELECT count(*) FROM orders WHERE driver_id IS NULL");
    assertPositive(d, "NULL left times", "SELECT count(*) FROM orders WHERE ts IS NULL");
    assertPositive(d, "left keys without features", "SELECT count(*) FROM orders o WHERE"
        + " o.driver_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM feat_fv2h f"
        + " WHERE f.driver_id = o.driver_id)");
    assertPositive(d, "composite NULL key parts", "SELECT count(*) FROM visits"
        + " WHERE store_id IS NULL OR item IS NULL");
    // Per left row, the newest candidate at or before it (no TTL) decides the edge.
    int exact = 0;
    int atTtl = 0;
    int pastTtl = 0;
    int tieDecided = 0;
    for (Probe p : fx.orders) {
      final Feat best = newest(fx.survivors.get(FV2H), p.key, p.ts);
      if (best == null) {
        continue;
      }
      final long age = p.ts - best.event;
      exact += age == 0 ? 1 : 0;
      atTtl += age == FV2H.ttl ? 1 : 0;
      pastTtl += age == FV2H.ttl + 1 ? 1 : 0;
      final long siblings = fx.survivors.get(FV2H).get(p.key).stream()
          .filter(f -> f.event == best.event).count();
      tieDecided += siblings > 1 && age <= FV2H.ttl ? 1 : 0;
    }
    assertTrue(exact > 0, "left rows exactly at an event: " + exact);
    assertTrue(atTtl > 0, "left rows exactly TTL after the newest event: " + atTtl);
    assertTrue(pastTtl > 0, "left rows TTL + 1 ms after the newest event: " + pastTtl);
    assertTrue(tieDecided > 10, "matches decided by the created-time tie rule: " + tieDecided);
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void leftAsofWithTtl(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    check(fx, "left, TTL", FV2H, fx.orders,
        sorrel(FV2H, "orders o", false, "", "o.ts >= f.event_timestamp",
            "o.driver_id = f.driver_id"),
        oracle(fx, FV2H, "orders", false, false, false));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void leftAsofWithoutTtl(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    check(fx, "left, no TTL", FVINF, fx.orders,
        sorrel(FVINF, "orders o", false, "", "o.ts >= f.event_timestamp",
            "o.driver_id = f.driver_id"),
        oracle(fx, FVINF, "orders", false, false, false));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void strictMatchCondition(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    for (View v : List.of(FV2H, FVINF)) {
      final List<List<Object>> expected = oracle(fx, v, "orders", true, false, false);
      check(fx, "strict >, " + v.name, v, fx.orders, sorrel(v, "orders o", false, "",
          "o.ts > f.event_timestamp", "o.driver_id = f.driver_id"), expected);
      check(fx, "strict, flipped <, " + v.name, v, fx.orders, sorrel(v, "orders o", false, "",
          "f.event_timestamp < o.ts", "f.driver_id = o.driver_id"), expected);
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void innerAsofJoinDropsUnmatchedRows(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    for (View v : List.of(FV2H, FVINF)) {
      check(fx, "inner, " + v.name, v, fx.orders, sorrel(v, "orders o", true, "",
          "o.ts >= f.event_timestamp", "o.driver_id = f.driver_id"),
          oracle(fx, v, "orders", false, true, false));
    }
    check(fx, "inner strict, fv2h", FV2H, fx.orders, sorrel(FV2H, "orders o", true, "",
        "o.ts > f.event_timestamp", "o.driver_id = f.driver_id"),
        oracle(fx, FV2H, "orders", true, true, false));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void matchConditionWrittenTheOtherWayRound(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    check(fx, "flipped <=, left", FV2H, fx.orders, sorrel(FV2H, "orders o", false, "",
        "f.event_timestamp <= o.ts", "o.driver_id = f.driver_id"),
        oracle(fx, FV2H, "orders", false, false, false));
    check(fx, "flipped <=, inner", FV2H, fx.orders, sorrel(FV2H, "orders o", true, "",
        "f.event_timestamp <= o.ts", "f.driver_id = o.driver_id"),
        oracle(fx, FV2H, "orders", false, true, false));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void valuesAsLeftInput(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    final List<Probe> left = fx.orders.subList(0, 200);
    final String values = left.stream().map(p -> "(" + p.id + ", " + sqlValue(p.key.get(0))
        + ", " + (p.ts == null ? "NULL" : lit(p.ts)) + ")").collect(Collectors.joining(", "));
    final String from = "(VALUES " + values + ") AS o (id, driver_id, ts)";
    check(fx, "VALUES, left", FV2H, left, sorrel(FV2H, from, false, "",
        "o.ts >= f.event_timestamp", "o.driver_id = f.driver_id"),
        oracle(fx, FV2H, "(SELECT * FROM orders WHERE id <= 200)", false, false, false));
    check(fx, "VALUES, inner, no TTL", FVINF, left, sorrel(FVINF, from, true, "",
        "o.ts >= f.event_timestamp", "o.driver_id = f.driver_id"),
        oracle(fx, FVINF, "(SELECT * FROM orders WHERE id <= 200)", false, true, false));
  }

  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void subqueryAsLeftInput(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    final List<Probe> left = fx.orders.stream().filter(p -> p.id % 3 == 0).toList();
    check(fx, "subquery, left", FV2H, left, sorrel(FV2H,
        "(SELECT id, driver_id, ts FROM orders WHERE MOD(id, 3) = 0) o", false, "",
        "o.ts >= f.event_timestamp", "o.driver_id = f.driver_id"),
        oracle(fx, FV2H, "(SELECT id, driver_id, ts FROM orders WHERE id % 3 = 0)", false,
            false, false));
  }

  /** A left key declared INTEGER joined to the BIGINT entity key. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void integerLeftKeyOnBigintEntity(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    final String duckLeft = "(SELECT id, driver_int AS driver_id, ts FROM orders)";
    check(fx, "INTEGER key, left, TTL", FV2H, fx.orders, sorrel(FV2H, "orders o", false, "",
        "o.ts >= f.event_timestamp", "o.driver_int = f.driver_id"),
        oracle(fx, FV2H, duckLeft, false, false, false));
    check(fx, "INTEGER key, inner, no TTL", FVINF, fx.orders, sorrel(FVINF, "orders o", true,
        "", "o.ts >= f.event_timestamp", "f.driver_id = o.driver_int"),
        oracle(fx, FVINF, duckLeft, false, true, false));
  }

  /** Entity key (INT, VARCHAR), including strings that are prefixes of one another. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void compositeKey(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    check(fx, "composite, left", SFV, fx.visits, sorrel(SFV, "visits o", false, "",
        "o.ts >= f.event_timestamp", "o.item = f.item AND o.store_id = f.store_id"),
        oracle(fx, SFV, "visits", false, false, false));
    check(fx, "composite, inner", SFV, fx.visits, sorrel(SFV, "visits o", true, "",
        "f.event_timestamp <= o.ts", "o.store_id = f.store_id AND o.item = f.item"),
        oracle(fx, SFV, "visits", false, true, false));
    check(fx, "composite, strict", SFV, fx.visits, sorrel(SFV, "visits o", false, "",
        "o.ts > f.event_timestamp", "o.store_id = f.store_id AND o.item = f.item"),
        oracle(fx, SFV, "visits", true, false, false));
  }

  /**
   * More left rows (135,000) than the operator sorts and probes at once (the
   * fixtures' databases take chunks of 50,000 rows, {@code asof_chunk_rows}):
   * every left row repeated 135 times, so equal probes straddle chunk
   * boundaries, and each chunk is sought by two threads. One seed only, to
   * keep the run short.
   */
  @org.junit.jupiter.api.Test
  void leftInputLargerThanOneChunk() throws Exception {
    final Fixture fx = fixture(seeds().findFirst().orElseThrow());
    final int copies = 135;
    exec(fx.sorrel, "CREATE TABLE copies (k INT PRIMARY KEY)");
    try (PreparedStatement p = fx.sorrel.prepareStatement("INSERT INTO copies VALUES (?)")) {
      for (int k = 0; k < copies; k++) {
        p.setInt(1, k);
        p.addBatch();
      }
      p.executeBatch();
    }
    final List<Probe> left = new ArrayList<>();
    for (Probe o : fx.orders) {
      for (int k = 0; k < copies; k++) {
        left.add(new Probe(o.id * 1000 + k, o.key, o.ts));
      }
    }
    // Only (id, row_no), sorted here: the row number identifies the whole matched row,
    // and sorting 140,000 rows in SQL would double the run time.
    final List<List<Object>> expected = new ArrayList<>();
    for (List<Object> row : oracle(fx, FV2H, "orders", false, false, false)) {
      for (int k = 0; k < copies; k++) {
        expected.add(Arrays.asList((Long) row.get(0) * 1000 + k, row.get(1)));
      }
    }
    final String sql = "SELECT o.id, f.row_no FROM (SELECT o.id * 1000 + c.k AS id,"
        + " o.driver_id, o.ts FROM orders o CROSS JOIN copies c) o LEFT ASOF JOIN fv2h f"
        + " MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id";
    final List<List<Object>> actual = new ArrayList<>(read(fx.sorrel, sql));
    actual.sort(Comparator.comparingLong(row -> (Long) row.get(0)));
    compare(fx, copies * fx.orders.size() + " left rows", FV2H, left, sql, actual, expected);
  }

  /** Two feature views in one query: chained LEFT ASOF JOINs, and LEFT then inner strict. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void twoFeatureViewsInOneQuery(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    final String cols = "o.id, a.row_no, a.conv_rate, a.trips, a.event_timestamp,"
        + " a.created_timestamp, b.row_no, b.conv_rate, b.trips, b.event_timestamp,"
        + " b.created_timestamp";
    for (boolean secondInnerStrict : new boolean[] {false, true}) {
      final String sql = "SELECT " + cols + " FROM orders o"
          + " LEFT ASOF JOIN fv2h a MATCH_CONDITION (o.ts >= a.event_timestamp)"
          + " ON o.driver_id = a.driver_id"
          + (secondInnerStrict ? " ASOF JOIN fvinf b MATCH_CONDITION (o.ts > b.event_timestamp)"
              : " LEFT ASOF JOIN fvinf b MATCH_CONDITION (b.event_timestamp <= o.ts)")
          + " ON o.driver_id = b.driver_id ORDER BY o.id";
      final List<List<Object>> first = oracle(fx, FV2H, "orders", false, false, false);
      final Map<Object, List<Object>> second = new HashMap<>();
      for (List<Object> row : oracle(fx, FVINF, "orders", secondInnerStrict, secondInnerStrict,
          false)) {
        second.put(row.get(0), row);
      }
      final List<List<Object>> expected = new ArrayList<>();
      for (List<Object> row : first) {
        final List<Object> other = second.get(row.get(0));
        if (other != null) {
          final List<Object> both = new ArrayList<>(row);
          both.addAll(other.subList(1, other.size()));
          expected.add(both);
        }
      }
      check(fx, secondInnerStrict ? "two views, left + inner strict" : "two views, left + left",
          FV2H, fx.orders, sql, expected);
    }
  }

  /** {@code /*+ KNOWN_AT *}{@code /}: rows written after the left time are skipped. */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void knownAtHint(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    // The cutoff matters for this data (else a hint that did nothing would pass).
    for (View v : List.of(FV2H, FVINF)) {
      final List<List<Object>> plain = oracle(fx, v, "orders", false, false, false);
      final List<List<Object>> knownAt = oracle(fx, v, "orders", false, false, true);
      int changed = 0;
      for (int i = 0; i < plain.size(); i++) {
        changed += plain.get(i).equals(knownAt.get(i)) ? 0 : 1;
      }
      assertTrue(changed > 20, v.name + ": left rows the known-at cutoff changes: " + changed);
    }
    check(fx, "known at, TTL", FV2H, fx.orders, sorrel(FV2H, "orders o", false,
        " /*+ KNOWN_AT */", "o.ts >= f.event_timestamp", "o.driver_id = f.driver_id"),
        oracle(fx, FV2H, "orders", false, false, true));
    check(fx, "known at, no TTL", FVINF, fx.orders, sorrel(FVINF, "orders o", false,
        " /*+ KNOWN_AT */", "o.ts >= f.event_timestamp", "o.driver_id = f.driver_id"),
        oracle(fx, FVINF, "orders", false, false, true));
    check(fx, "known at, inner strict", FV2H, fx.orders, sorrel(FV2H, "orders o", true,
        " /*+ KNOWN_AT */", "o.ts > f.event_timestamp", "o.driver_id = f.driver_id"),
        oracle(fx, FV2H, "orders", true, true, true));
    check(fx, "known at, composite", SFV, fx.visits, sorrel(SFV, "visits o", false,
        " /*+ KNOWN_AT */", "o.ts >= f.event_timestamp",
        "o.store_id = f.store_id AND o.item = f.item"),
        oracle(fx, SFV, "visits", false, false, true));
  }

  /**
   * The online row of each entity (latest event, then latest created) is the
   * point-in-time match "as of" a time after everything, for a view without TTL.
   */
  @ParameterizedTest(name = "seed {0}")
  @MethodSource("seeds")
  void onlineRowIsTheAsofMatchAsOfNow(long seed) throws Exception {
    final Fixture fx = fixture(seed);
    final List<List<Object>> keys = new ArrayList<>(fx.drivers);
    keys.addAll(fx.driverStrangers);
    final StringBuilder values = new StringBuilder();
    final StringBuilder duckValues = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      values.append(i > 0 ? ", " : "").append("(").append(i).append(", ")
          .append(keys.get(i).get(0)).append(", ").append(lit(FAR_FUTURE)).append(")");
      duckValues.append(i > 0 ? ", " : "").append("(").append(i).append(", ")
          .append(keys.get(i).get(0)).append("::BIGINT, ").append(FAR_FUTURE).append("::BIGINT)");
    }
    final List<List<Object>> asof = read(fx.sorrel, sorrel(FVINF, "(VALUES " + values
        + ") AS o (id, driver_id, ts)", false, "", "o.ts >= f.event_timestamp",
        "o.driver_id = f.driver_id"));
    assertEquals(oracle(fx, FVINF, "(SELECT * FROM (VALUES " + duckValues
        + ") AS t (id, driver_id, ts))", false, false, false), asof,
        "ASOF as of the far future vs the oracle");
    int present = 0;
    try (PreparedStatement p = fx.sorrel.prepareStatement("SELECT row_no, conv_rate, trips,"
        + " event_timestamp, created_timestamp FROM online.fvinf WHERE driver_id = ?")) {
      for (int i = 0; i < keys.size(); i++) {
        p.setLong(1, (Long) keys.get(i).get(0));
        final List<List<Object>> online = read(p);
        assertTrue(online.size() <= 1, "one online row per entity: " + online);
        final List<Object> match = asof.get(i).subList(1, asof.get(i).size());
        final List<Object> expected = online.isEmpty()
            ? Arrays.asList(null, null, null, null, null) : online.get(0);
        present += online.size();
        assertEquals(expected, match, "online row vs ASOF as of now for driver " + keys.get(i));
      }
    }
    assertEquals(count(fx.sorrel, "SELECT COUNT(*) FROM online.fvinf"), present,
        "every online row belongs to a known driver");
    assertEquals(fx.survivors.get(FVINF).size(), present);
  }

  // ------------------------------------------------------------- comparison

  private static String sorrel(View v, String from, boolean inner, String hint, String match,
      String on) {
    return "SELECT o.id, f.row_no, f." + v.dbl + ", f." + v.lng + ", f.event_timestamp,"
        + " f.created_timestamp FROM " + from + (inner ? " ASOF JOIN " : " LEFT ASOF JOIN ")
        + v.name + hint + " f MATCH_CONDITION (" + match + ") ON " + on + " ORDER BY o.id";
  }

  /**
   * The expected rows (id, row_no, dbl, lng, event, created) for a left relation
   * (columns id, the view's key columns, ts) in DuckDB, computed two ways.
   */
  private static List<List<Object>> oracle(Fixture fx, View v, String left, boolean strict,
      boolean inner, boolean knownAt) throws SQLException {
    final String rankedSql = oracleRanked(v, left, strict, inner, knownAt);
    final List<List<Object>> cached = fx.oracleCache.get(rankedSql);
    if (cached != null) {
      return cached;
    }
    final List<List<Object>> ranked = read(fx.duck, rankedSql);
    if (!knownAt) {
      final List<List<Object>> asof = read(fx.duck, oracleAsof(v, left, strict, inner));
      if (!ranked.equals(asof)) {
        final Map<Object, List<Object>> a = byId(asof);
        final StringBuilder m = new StringBuilder("seed " + fx.seed + ": the two DuckDB"
            + " formulations disagree for " + v.name + " over " + left);
        int shown = 0;
        for (List<Object> row : ranked) {
          if (!row.equals(a.get(row.get(0))) && shown++ < 5) {
            m.append("\n  ranked ").append(render(row)).append("\n  asof   ")
                .append(render(a.get(row.get(0))));
            final Object id = row.get(0);
            for (Probe p : v == SFV ? fx.visits : fx.orders) {
              if (p.id == ((Long) id).intValue()) {
                m.append("\n  left ").append(p);
                for (Feat f : fx.survivors.get(v).getOrDefault(p.key, List.of())) {
                  m.append("\n      ").append(f);
                }
              }
            }
          }
        }
        fail(m.append("\n  rows: ").append(ranked.size()).append(" vs ").append(asof.size())
            .toString());
      }
    }
    fx.oracleCache.put(rankedSql, ranked);
    return ranked;
  }

  private static String dedup(View v) {
    return "dedup AS (SELECT * FROM feat_" + v.name + " QUALIFY row_number() OVER (PARTITION BY "
        + String.join(", ", v.keys) + ", event_ts, created_ts ORDER BY seq DESC) = 1)";
  }

  private static String keysEqual(View v) {
    return v.keys.stream().map(k -> "o." + k + " = f." + k).collect(Collectors.joining(" AND "));
  }

  /** All candidates joined, the best ranked first by (event, created). */
  private static String oracleRanked(View v, String left, boolean strict, boolean inner,
      boolean knownAt) {
    return "WITH " + dedup(v) + ", c AS (SELECT o.id, f.row_no, f." + v.dbl + ", f." + v.lng
        + ", f.event_ts, f.created_ts FROM " + left + " o LEFT JOIN dedup f ON " + keysEqual(v)
        + " AND f.event_ts " + (strict ? "<" : "<=") + " o.ts"
        + (v.ttl == null ? "" : " AND f.event_ts >= o.ts - " + v.ttl)
        + (knownAt ? " AND f.created_ts <= o.ts" : "")
        + " QUALIFY row_number() OVER (PARTITION BY o.id ORDER BY f.event_ts DESC NULLS LAST,"
        + " f.created_ts DESC NULLS LAST) = 1)"
        + " SELECT * FROM c" + (inner ? " WHERE row_no IS NOT NULL" : "") + " ORDER BY id";
  }

  /** DuckDB's ASOF LEFT JOIN over the per-(key, event) winners, then the TTL check. */
  private static String oracleAsof(View v, String left, boolean strict, boolean inner) {
    // DuckDB's ASOF LEFT JOIN matches a NULL left time to the key's newest row; ruled out here.
    final String hit = "(row_no IS NOT NULL AND probe_ts IS NOT NULL"
        + (v.ttl == null ? "" : " AND event_ts >= probe_ts - " + v.ttl) + ")";
    final StringBuilder sql = new StringBuilder("WITH ").append(dedup(v))
        .append(", best AS (SELECT * FROM dedup QUALIFY row_number() OVER (PARTITION BY ")
        .append(String.join(", ", v.keys)).append(", event_ts ORDER BY created_ts DESC) = 1)")
        .append(", j AS (SELECT o.id, o.ts AS probe_ts, f.row_no, f.").append(v.dbl)
        .append(", f.").append(v.lng).append(", f.event_ts, f.created_ts FROM ").append(left)
        .append(" o ASOF LEFT JOIN best f ON ").append(keysEqual(v)).append(" AND o.ts ")
        .append(strict ? ">" : ">=").append(" f.event_ts)")
        .append(" SELECT id");
    for (String column : List.of("row_no", v.dbl, v.lng, "event_ts", "created_ts")) {
      sql.append(", CASE WHEN ").append(hit).append(" THEN ").append(column).append(" END AS ")
          .append(column);
    }
    sql.append(" FROM j").append(inner ? " WHERE " + hit : "").append(" ORDER BY id");
    return sql.toString();
  }

  private static void check(Fixture fx, String what, View v, List<Probe> left, String sql,
      List<List<Object>> expected) throws SQLException {
    // Not vacuous: the oracle finds matches (and, for a left join, misses too).
    final long matched = expected.stream().filter(r -> r.get(1) != null).count();
    assertTrue(matched >= 10 && (sql.contains(" LEFT ASOF JOIN ") ? matched < expected.size()
        : matched == expected.size()), what + ": oracle matched " + matched + " of "
        + expected.size());
    final List<List<Object>> actual;
    try {
      actual = read(fx.sorrel, sql);
    } catch (SQLException e) {
      throw new AssertionError("seed " + fx.seed + ", " + what + ": Sorrel failed on "
          + abbreviate(sql) + ": " + e, e);
    }
    compare(fx, what, v, left, sql, actual, expected);
  }

  private static void compare(Fixture fx, String what, View v, List<Probe> left, String sql,
      List<List<Object>> actual, List<List<Object>> expected) {
    if (actual.equals(expected)) {
      return;
    }
    final Map<Long, Probe> probes = new HashMap<>();
    for (Probe p : left) {
      probes.put((long) p.id, p);
    }
    final Map<Object, List<Object>> byIdActual = byId(actual);
    final Map<Object, List<Object>> byIdExpected = byId(expected);
    final Set<Object> ids = new java.util.TreeSet<>();
    ids.addAll(byIdActual.keySet());
    ids.addAll(byIdExpected.keySet());
    final StringBuilder message = new StringBuilder("seed " + fx.seed + ", " + what
        + ": Sorrel and the DuckDB oracle differ (" + actual.size() + " vs " + expected.size()
        + " rows) for " + abbreviate(sql));
    int differences = 0;
    for (Object id : ids) {
      final List<Object> a = byIdActual.get(id);
      final List<Object> e = byIdExpected.get(id);
      if (java.util.Objects.equals(a, e)) {
        continue;
      }
      if (++differences <= 8) {
        final Probe p = probes.get(id);
        message.append("\n  left ").append(p).append("\n    sorrel: ").append(render(a))
            .append("\n    oracle: ").append(render(e));
        if (p != null && p.key.stream().allMatch(java.util.Objects::nonNull)) {
          message.append("\n    stored rows of this key:");
          for (Feat f : fx.survivors.get(v).getOrDefault(p.key, List.of())) {
            message.append("\n      ").append(f);
          }
        }
      }
    }
    if (actual.size() != byIdActual.size()) {
      message.append("\n  Sorrel returned some left rows more than once");
    }
    fail(message.append("\n  ").append(differences).append(" left rows differ").toString());
  }

  private static Map<Object, List<Object>> byId(List<List<Object>> rows) {
    final Map<Object, List<Object>> map = new LinkedHashMap<>();
    for (List<Object> row : rows) {
      map.put(row.get(0), row);
    }
    return map;
  }

  private static String render(List<Object> row) {
    if (row == null) {
      return "(no row)";
    }
    final List<String> out = new ArrayList<>();
    for (int i = 0; i < row.size(); i++) {
      final Object value = row.get(i);
      // event and created times are the 5th and 6th columns of each view's group
      final boolean time = i > 0 && ((i - 1) % 5 == 3 || (i - 1) % 5 == 4);
      out.add(time && value instanceof Long ms ? fmt(ms) : String.valueOf(value));
    }
    return out.toString();
  }

  private static String abbreviate(String sql) {
    return sql.length() <= 600 ? sql : sql.substring(0, 300) + " ... "
        + sql.substring(sql.length() - 250);
  }

  /** The newest stored row of the key at or before ts, ignoring any TTL. */
  private static Feat newest(Map<List<Object>, List<Feat>> byKey, List<Object> key, Long ts) {
    if (ts == null) {
      return null;
    }
    Feat best = null;
    for (Feat f : byKey.getOrDefault(key, List.of())) {
      if (f.event <= ts && (best == null || f.event > best.event
          || f.event == best.event && f.created > best.created)) {
        best = f;
      }
    }
    return best;
  }

  private static void assertPositive(Connection c, String what, String sql) throws SQLException {
    final long n = count(c, sql);
    assertTrue(n > 0, what + ": " + n);
  }

  // ------------------------------------------------------------------- data

  private static Fixture build(long seed, String url) throws Exception {
    final Random rnd = new Random(seed);
    final Fixture fx = new Fixture(seed, DriverManager.getConnection(url),
        DriverManager.getConnection("jdbc:duckdb:"));
    try {
      populate(fx, rnd);
      if (!url.startsWith("jdbc:sorrel:mem:")) {
        // On disk the joins search each view's history segment; in memory they seek RocksDB.
        for (View v : List.of(FV2H, FVINF, SFV)) {
          exec(fx.sorrel, "ALTER FEATURE VIEW " + v.name() + " COMPACT");
        }
        assertEquals(3, count(fx.sorrel, "SELECT COUNT(*) FROM sys.feature_views"
            + " WHERE segment_version = data_version AND segment_bytes > 0"),
            "every view has a current history segment");
      }
    } catch (Exception | AssertionError e) {
      fx.close();
      throw e;
    }
    return fx;
  }

  private static void populate(Fixture fx, Random rnd) throws Exception {
    exec(fx.sorrel,
        "CREATE ENTITY driver (driver_id BIGINT)",
        "CREATE FEATURE VIEW fv2h ENTITY driver (conv_rate DOUBLE, trips BIGINT, row_no BIGINT)"
            + " TTL INTERVAL '2' HOUR",
        "CREATE FEATURE VIEW fvinf ENTITY driver (conv_rate DOUBLE, trips BIGINT, row_no BIGINT)",
        "CREATE ENTITY store_item (store_id INT, item VARCHAR)",
        "CREATE FEATURE VIEW sfv ENTITY store_item (price DOUBLE, qty BIGINT, row_no BIGINT)"
            + " TTL INTERVAL '30' MINUTE",
        "CREATE TABLE orders (id INT PRIMARY KEY, driver_id BIGINT, driver_int INT, ts TIMESTAMP)",
        "CREATE TABLE visits (id INT PRIMARY KEY, store_id INT, item VARCHAR(10), ts TIMESTAMP)");

    // Drivers: 0-39 have fv2h rows, 5-44 fvinf rows, 45-49 none; strangers are no entity.
    final Set<Integer> ids = new LinkedHashSet<>();
    while (ids.size() < 50) {
      ids.add(rnd.nextInt(2_000_001) - 1_000_000);
    }
    for (int id : ids) {
      fx.drivers.add(key((long) id));
    }
    for (int i = 0; i < 5; i++) {
      fx.driverStrangers.add(key(5_000_000L + i));
    }
    final List<List<Object>> stores = new ArrayList<>();
    for (int store = 1; store <= 7; store++) {
      for (String item : ITEMS) {
        stores.add(key(store, item));
      }
    }
    Collections.shuffle(stores, rnd);
    final List<List<Object>> storeStrangers = List.of(key(99, "a"), key(1, "zz"), key(3, "abc"),
        key(-1, ""));

    fx.written.put(FV2H, features(rnd, fx.drivers.subList(0, 40), 2000, 1));
    fx.written.put(FVINF, features(rnd, fx.drivers.subList(5, 45), 1500, 100_001));
    fx.written.put(SFV, features(rnd, stores.subList(0, 40), 1500, 200_001));
    for (View v : List.of(FV2H, FVINF, SFV)) {
      write(fx, v);
    }

    final Map<List<Object>, List<Feat>> driverAnchors = new HashMap<>();
    for (View v : List.of(FV2H, FVINF)) {
      for (Feat f : fx.written.get(v)) {
        driverAnchors.computeIfAbsent(f.key, k -> new ArrayList<>()).add(f);
      }
    }
    fx.orders = probes(rnd, 1000, fx.drivers.subList(0, 45), fx.drivers.subList(40, 50),
        fx.driverStrangers, driverAnchors, FV2H.ttl, k -> key((Long) null));
    final Map<List<Object>, List<Feat>> storeAnchors = new HashMap<>();
    for (Feat f : fx.written.get(SFV)) {
      storeAnchors.computeIfAbsent(f.key, k -> new ArrayList<>()).add(f);
    }
    fx.visits = probes(rnd, 800, stores.subList(0, 40), stores.subList(40, stores.size()),
        storeStrangers, storeAnchors, SFV.ttl, k -> switch (rnd.nextInt(3)) {
          case 0 -> key(null, k.get(1));
          case 1 -> key(k.get(0), null);
          default -> key(null, null);
        });
    writeLeft(fx);
    loadDuck(fx);
  }

  private static List<Feat> features(Random rnd, List<List<Object>> keys, int n, long firstRowNo) {
    final List<Feat> out = new ArrayList<>();
    final Set<List<Object>> stampedAt = new java.util.HashSet<>();
    for (int i = 0; i < n; i++) {
      final long rowNo = firstRowNo + i;
      final Double dbl = rnd.nextInt(30) == 0 ? null
          : rnd.nextBoolean() ? rnd.nextDouble() : rnd.nextGaussian() * Math.pow(10, rnd.nextInt(9));
      final Long lng = rnd.nextInt(20) == 0 ? null : rnd.nextLong() >> rnd.nextInt(64);
      if (!out.isEmpty() && rnd.nextInt(100) < 7) {
        // Rewrite an earlier (key, event, created) triple: the new values must win.
        Feat earlier;
        do {
          earlier = out.get(rnd.nextInt(out.size()));
        } while (earlier.stamped);
        out.add(new Feat(rowNo, earlier.key, earlier.event, earlier.created, dbl, lng));
        continue;
      }
      final List<Object> key = keys.get(rnd.nextInt(keys.size()));
      final long event = T0 + rnd.nextInt(SLOTS) * SLOT
          + (rnd.nextInt(10) == 0 ? rnd.nextInt((int) SLOT) : 0);
      Long created = event + CREATED_OFFSETS[rnd.nextInt(CREATED_OFFSETS.length)];
      if (rnd.nextInt(100) < 3 && stampedAt.add(Arrays.asList(key, event))) {
        created = null; // omitted: stamped with the write time
      }
      out.add(new Feat(rowNo, key, event, created, dbl, lng));
    }
    return out;
  }

  private static List<Probe> probes(Random rnd, int n, List<List<Object>> common,
      List<List<Object>> rare, List<List<Object>> strangers,
      Map<List<Object>, List<Feat>> anchors, long ttl,
      Function<List<Object>, List<Object>> nullKey) {
    // Per key, the newest event of each view that has rows for it.
    final Map<List<Object>, List<Long>> newest = new HashMap<>();
    for (Map.Entry<List<Object>, List<Feat>> e : anchors.entrySet()) {
      final Map<String, Long> perView = new java.util.TreeMap<>();
      for (Feat f : e.getValue()) {
        perView.merge(f.view, f.event, Math::max);
      }
      newest.put(e.getKey(), new ArrayList<>(perView.values()));
    }
    final long[] offsets = {0, 0, 0, -1, 1, ttl, ttl, ttl, ttl + 1, ttl + 1, ttl - 1, SLOT,
        2 * SLOT, 3 * HOUR, 12 * HOUR};
    final List<Probe> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      final int id = i + 1;
      if (!out.isEmpty() && rnd.nextInt(100) < 8) {
        final Probe same = out.get(rnd.nextInt(out.size()));
        out.add(new Probe(id, same.key, same.ts));
        continue;
      }
      final int k = rnd.nextInt(100);
      final List<Object> key = k < 5 ? nullKey.apply(common.get(rnd.nextInt(common.size())))
          : k < 14 ? rare.get(rnd.nextInt(rare.size()))
          : k < 17 ? strangers.get(rnd.nextInt(strangers.size()))
          : common.get(rnd.nextInt(common.size()));
      final List<Feat> near = anchors.getOrDefault(key, List.of());
      final int t = rnd.nextInt(100);
      final Long ts;
      if (t < 5) {
        ts = null;
      } else if (t < 10) {
        ts = T0 - HOUR + (long) (rnd.nextDouble() * 13 * HOUR);
      } else if (t < 33 && !near.isEmpty()) {
        // Around a view's newest event of the key: nothing newer can hide the TTL edge.
        final List<Long> last = newest.get(key);
        ts = last.get(rnd.nextInt(last.size())) + new long[] {0, ttl - 1, ttl, ttl, ttl + 1,
            ttl + 1}[rnd.nextInt(6)];
      } else if (t < 45 && !near.isEmpty()) {
        // Around a write time: the known-at cutoff's edge.
        final Feat f = near.get(rnd.nextInt(near.size()));
        ts = f.stamped ? f.event : f.created + rnd.nextInt(3) - 1;
      } else {
        final long anchor = near.isEmpty() || rnd.nextInt(8) == 0
            ? T0 + rnd.nextInt(SLOTS) * SLOT : near.get(rnd.nextInt(near.size())).event;
        ts = anchor + offsets[rnd.nextInt(offsets.length)];
      }
      out.add(new Probe(id, key, ts));
    }
    return out;
  }

  private static void write(Fixture fx, View v) throws SQLException {
    final List<Feat> feats = fx.written.get(v);
    for (Feat f : feats) {
      f.view = v.name;
    }
    final int keys = v.keys.size();
    final String columns = String.join(", ", v.keys) + ", event_timestamp, ";
    final String features = v.dbl + ", " + v.lng + ", row_no";
    long seq = 0;
    try (PreparedStatement p = fx.sorrel.prepareStatement("INSERT INTO " + v.name + " ("
        + columns + "created_timestamp, " + features + ") VALUES (" + "?, ".repeat(keys + 4)
        + "?)")) {
      int pending = 0;
      for (Feat f : feats) {
        if (f.stamped) {
          continue;
        }
        int i = bindKey(p, f.key);
        p.setTimestamp(i++, new Timestamp(f.event), utc());
        p.setTimestamp(i++, new Timestamp(f.created), utc());
        bindFeatures(p, i, f);
        p.addBatch();
        f.writeSeq = seq++;
        if (++pending == 500) {
          p.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        p.executeBatch();
      }
    }
    // Rows without a created time, in one batch at the end: stamped with the write time.
    final Map<Long, Feat> stamped = new HashMap<>();
    final long before = System.currentTimeMillis();
    try (PreparedStatement p = fx.sorrel.prepareStatement("INSERT INTO " + v.name + " ("
        + columns + features + ") VALUES (" + "?, ".repeat(keys + 3) + "?)")) {
      for (Feat f : feats) {
        if (f.stamped) {
          int i = bindKey(p, f.key);
          p.setTimestamp(i++, new Timestamp(f.event), utc());
          bindFeatures(p, i, f);
          p.addBatch();
          f.writeSeq = seq++;
          stamped.put(f.rowNo, f);
        }
      }
      if (!stamped.isEmpty()) {
        p.executeBatch();
      }
    }
    final long after = System.currentTimeMillis();
    for (List<Object> row : read(fx.sorrel, "SELECT row_no, created_timestamp FROM " + v.name)) {
      final Feat f = stamped.get((Long) row.get(0));
      if (f != null) {
        // The stamp is the write time as a TIMESTAMP: the JVM zone's wall clock, as
        // CURRENT_TIMESTAMP gives it (the same as UTC in a UTC JVM).
        final long created = (Long) row.get(1);
        final long from = wallClock(before) - 1000;
        final long to = wallClock(after) + 1000;
        assertTrue(created >= from && created <= to, v.name
            + ": an omitted CREATED_TIMESTAMP is the write time, got " + fmt(created)
            + " for a write between " + fmt(from) + " and " + fmt(to));
        f.created = created;
      }
    }
    for (Feat f : stamped.values()) {
      assertTrue(f.created != null, v.name + ": stamped row lost: " + f);
    }
    // Last write wins per triple; per key sorted by (event, created).
    final Map<List<Object>, Feat> last = new LinkedHashMap<>();
    for (Feat f : feats) {
      final List<Object> triple = new ArrayList<>(f.key);
      triple.add(f.event);
      triple.add(f.created);
      final Feat previous = last.get(triple);
      if (previous == null || previous.writeSeq < f.writeSeq) {
        last.put(triple, f);
      }
    }
    final Map<List<Object>, List<Feat>> byKey = new HashMap<>();
    for (Feat f : last.values()) {
      byKey.computeIfAbsent(f.key, k -> new ArrayList<>()).add(f);
    }
    for (List<Feat> list : byKey.values()) {
      list.sort(Comparator.<Feat>comparingLong(f -> f.event).thenComparingLong(f -> f.created));
    }
    fx.survivors.put(v, byKey);
  }

  private static int bindKey(PreparedStatement p, List<Object> key) throws SQLException {
    int i = 1;
    for (Object k : key) {
      if (k instanceof Long l) {
        p.setLong(i++, l);
      } else if (k instanceof Integer n) {
        p.setInt(i++, n);
      } else {
        p.setString(i++, (String) k);
      }
    }
    return i;
  }

  private static void bindFeatures(PreparedStatement p, int i, Feat f) throws SQLException {
    if (f.dbl == null) {
      p.setNull(i, Types.DOUBLE);
    } else {
      p.setDouble(i, f.dbl);
    }
    if (f.lng == null) {
      p.setNull(i + 1, Types.BIGINT);
    } else {
      p.setLong(i + 1, f.lng);
    }
    p.setLong(i + 2, f.rowNo);
  }

  private static void writeLeft(Fixture fx) throws SQLException {
    try (PreparedStatement p = fx.sorrel.prepareStatement(
        "INSERT INTO orders (id, driver_id, driver_int, ts) VALUES (?, ?, ?, ?)")) {
      for (Probe o : fx.orders) {
        p.setInt(1, o.id);
        final Long driver = (Long) o.key.get(0);
        if (driver == null) {
          p.setNull(2, Types.BIGINT);
          p.setNull(3, Types.INTEGER);
        } else {
          p.setLong(2, driver);
          p.setInt(3, Math.toIntExact(driver));
        }
        setTime(p, 4, o.ts);
        p.addBatch();
      }
      p.executeBatch();
    }
    try (PreparedStatement p = fx.sorrel.prepareStatement(
        "INSERT INTO visits (id, store_id, item, ts) VALUES (?, ?, ?, ?)")) {
      for (Probe o : fx.visits) {
        p.setInt(1, o.id);
        if (o.key.get(0) == null) {
          p.setNull(2, Types.INTEGER);
        } else {
          p.setInt(2, (Integer) o.key.get(0));
        }
        if (o.key.get(1) == null) {
          p.setNull(3, Types.VARCHAR);
        } else {
          p.setString(3, (String) o.key.get(1));
        }
        setTime(p, 4, o.ts);
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  private static void setTime(PreparedStatement p, int i, Long ms) throws SQLException {
    if (ms == null) {
      p.setNull(i, Types.TIMESTAMP);
    } else {
      p.setTimestamp(i, new Timestamp(ms), utc());
    }
  }

  /** The same data in DuckDB (through its appender), times as BIGINT epoch milliseconds. */
  private static void loadDuck(Fixture fx) throws SQLException {
    final DuckDBConnection duck = fx.duck.unwrap(DuckDBConnection.class);
    for (View v : List.of(FV2H, FVINF, SFV)) {
      final StringBuilder ddl = new StringBuilder("CREATE TABLE feat_" + v.name + " (seq BIGINT");
      for (int i = 0; i < v.keys.size(); i++) {
        ddl.append(", ").append(v.keys.get(i)).append(' ').append(v.duckKeyTypes.get(i));
      }
      ddl.append(", event_ts BIGINT, created_ts BIGINT, ").append(v.dbl).append(" DOUBLE, ")
          .append(v.lng).append(" BIGINT, row_no BIGINT)");
      exec(fx.duck, ddl.toString());
      try (DuckDBAppender a = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA,
          "feat_" + v.name)) {
        for (Feat f : fx.written.get(v)) {
          final List<Object> row = new ArrayList<>();
          row.add(f.writeSeq);
          row.addAll(f.key);
          row.addAll(Arrays.asList(f.event, f.created, f.dbl, f.lng, f.rowNo));
          append(a, row);
        }
      }
    }
    exec(fx.duck, "CREATE TABLE orders (id INTEGER, driver_id BIGINT, driver_int INTEGER,"
        + " ts BIGINT)", "CREATE TABLE visits (id INTEGER, store_id INTEGER, item VARCHAR,"
        + " ts BIGINT)");
    try (DuckDBAppender a = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "orders")) {
      for (Probe o : fx.orders) {
        final Long driver = (Long) o.key.get(0);
        append(a, Arrays.asList(o.id, driver, driver == null ? null : Math.toIntExact(driver),
            o.ts));
      }
    }
    try (DuckDBAppender a = duck.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "visits")) {
      for (Probe o : fx.visits) {
        append(a, Arrays.asList(o.id, o.key.get(0), o.key.get(1), o.ts));
      }
    }
  }

  private static void append(DuckDBAppender a, List<Object> row) throws SQLException {
    a.beginRow();
    for (Object value : row) {
      if (value == null) {
        a.appendNull();
      } else if (value instanceof Long l) {
        a.append(l.longValue());
      } else if (value instanceof Integer i) {
        a.append(i.intValue());
      } else if (value instanceof Double d) {
        a.append(d.doubleValue());
      } else {
        a.append((String) value);
      }
    }
    a.endRow();
  }

  // ---------------------------------------------------------------- helpers

  private static List<Object> key(Object... parts) {
    return Collections.unmodifiableList(Arrays.asList(parts));
  }

  private static long wallClock(long epochMillis) {
    return epochMillis + TimeZone.getDefault().getOffset(epochMillis);
  }

  private static Calendar utc() {
    return new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
  }

  private static String fmt(long ms) {
    return LITERAL.format(Instant.ofEpochMilli(ms));
  }

  private static String lit(long ms) {
    return "TIMESTAMP '" + fmt(ms) + "'";
  }

  private static String sqlValue(Object value) {
    return value == null ? "NULL" : value instanceof String s ? "'" + s.replace("'", "''") + "'"
        : value.toString();
  }

  private static void exec(Connection c, String... sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String one : sql) {
        s.execute(one);
      }
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), "no row from " + sql);
      return rs.getLong(1);
    }
  }

  /** Rows with integers as Long, doubles as Double and timestamps as UTC epoch millis. */
  private static List<List<Object>> read(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return read(rs);
    }
  }

  private static List<List<Object>> read(PreparedStatement p) throws SQLException {
    try (ResultSet rs = p.executeQuery()) {
      return read(rs);
    }
  }

  private static List<List<Object>> read(ResultSet rs) throws SQLException {
    final ResultSetMetaData md = rs.getMetaData();
    final int n = md.getColumnCount();
    final List<List<Object>> rows = new ArrayList<>();
    while (rs.next()) {
      final List<Object> row = new ArrayList<>(n);
      for (int i = 1; i <= n; i++) {
        final Object value;
        switch (md.getColumnType(i)) {
        case Types.TIMESTAMP -> {
          final Timestamp ts = rs.getTimestamp(i, utc());
          value = ts == null ? null : ts.getTime();
        }
        case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> {
          final long l = rs.getLong(i);
          value = rs.wasNull() ? null : l;
        }
        case Types.DOUBLE, Types.FLOAT, Types.REAL -> {
          final double d = rs.getDouble(i);
          value = rs.wasNull() ? null : d;
        }
        default -> value = rs.getObject(i);
        }
        row.add(value);
      }
      rows.add(row);
    }
    return rows;
  }
}
