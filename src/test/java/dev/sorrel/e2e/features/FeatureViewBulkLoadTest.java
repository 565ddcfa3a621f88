package dev.sorrel.e2e.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large {@code COPY} into a feature view (the bulk path: sorted SST files that the commit
 * ingests, online rows worked out from the sorted history, the history segment written from the
 * loaded rows) leaves the history, the online rows, the statistics, point-in-time joins and
 * online lookups exactly as loading the same files row by row does. Each test loads the same
 * files into a database that takes the bulk path ({@code bulk_load_min_rows=1}, and
 * {@code segment_min_rows=1} so that a loaded view of any size gets its segment) and one that
 * never does.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FeatureViewBulkLoadTest {
  @TempDir Path dir;

  private static final String VIEW = "CREATE FEATURE VIEW stats ENTITY driver"
      + " (conv_rate DOUBLE, trips BIGINT, city VARCHAR(20))";
  private static final String HEADER =
      "driver_id,event_timestamp,created_timestamp,conv_rate,trips,city\n";
  private static final int DRIVERS = 400;

  private Connection open(String name, boolean bulk) throws SQLException {
    return DriverManager.getConnection("jdbc:sorrel:" + dir.resolve(name).toAbsolutePath()
        + (bulk ? ";bulk_load_min_rows=1;segment_min_rows=1"
            : ";bulk_load_min_rows=1000000000"));
  }

  private static int update(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      return s.executeUpdate(sql);
    }
  }

  private static List<String> rows(Connection c, String sql) throws SQLException {
    final List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      final int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        final StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  private Path file(String name, List<String> lines) throws Exception {
    final Path path = dir.resolve(name);
    Files.writeString(path, HEADER + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return path;
  }

  private static String lit(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }

  private static String time(int day, int hour, int minute) {
    return String.format(Locale.ROOT, "2026-01-%02d %02d:%02d:00", day, hour, minute);
  }

  /**
   * History rows of {@code DRIVERS} drivers with event days in {@code [fromDay, toDay]}: several
   * per driver, event times on an hourly grid (so that drivers share times and some rows share
   * an event time with a different write time), NULL features now and then. No two rows share
   * (driver, event, created).
   */
  private static List<String> history(long seed, int fromDay, int toDay, int perDriver) {
    final Random random = new Random(seed);
    final List<String> lines = new ArrayList<>();
    final java.util.Set<String> keys = new java.util.HashSet<>();
    for (int driver = 1; driver <= DRIVERS; driver++) {
      for (int i = 0; i < perDriver; i++) {
        final int day = fromDay + random.nextInt(toDay - fromDay + 1);
        final int hour = random.nextInt(24);
        final String event = time(day, hour, 0);
        final String created = time(day, hour, random.nextInt(3) * 10);
        if (!keys.add(driver + "," + event + "," + created)) {
          continue;
        }
        lines.add(driver + "," + event + "," + created + ","
            + (random.nextInt(8) == 0 ? "" : String.valueOf(random.nextInt(1000) / 1000.0)) + ","
            + (random.nextInt(8) == 0 ? "" : String.valueOf(random.nextInt(50))) + ","
            + (random.nextInt(8) == 0 ? "" : "city" + random.nextInt(5)));
      }
    }
    return lines;
  }

  /** The lines in key order: driver, event time, write time (the CSV text sorts as they do). */
  private static List<String> sorted(List<String> lines) {
    final List<String> out = new ArrayList<>(lines);
    out.sort(Comparator.comparing((String l) -> Integer.parseInt(l.substring(0, l.indexOf(','))))
        .thenComparing(l -> l.substring(l.indexOf(',') + 1, l.indexOf(',') + 40)));
    return out;
  }

  private static List<String> shuffled(List<String> lines, long seed) {
    final List<String> out = new ArrayList<>(lines);
    Collections.shuffle(out, new Random(seed));
    return out;
  }

  /** Defines the view and a table of join probes: every driver (and two unknown ones) at many times. */
  private static void define(Connection c) throws SQLException {
    update(c, "CREATE ENTITY driver (driver_id BIGINT)");
    update(c, VIEW);
    update(c, "CREATE TABLE probes (id BIGINT PRIMARY KEY, driver_id BIGINT, ts TIMESTAMP)");
    try (PreparedStatement insert = c.prepareStatement("INSERT INTO probes VALUES (?, ?, ?)")) {
      final Random random = new Random(5);
      for (int id = 0; id < 3000; id++) {
        insert.setLong(1, id);
        insert.setLong(2, 1 + random.nextInt(DRIVERS + 2));
        insert.setTimestamp(3, java.sql.Timestamp.valueOf(time(1 + random.nextInt(28),
            random.nextInt(24), random.nextInt(4) * 10)));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Everything a load changes that a user can see: history, online rows, statistics, joins. */
  private static List<List<String>> state(Connection c) throws SQLException {
    final List<String> lookups = new ArrayList<>();
    try (PreparedStatement lookup = c.prepareStatement(
        "SELECT driver_id, event_timestamp, conv_rate, trips, city FROM online.stats"
            + " WHERE driver_id = ?")) {
      for (long driver : new long[] {1, 7, 123, DRIVERS, DRIVERS + 1}) {
        lookup.setLong(1, driver);
        try (ResultSet rs = lookup.executeQuery()) {
          while (rs.next()) {
            lookups.add(rs.getString(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|"
                + rs.getString(4) + "|" + rs.getString(5));
          }
        }
      }
    }
    return List.of(
        rows(c, "SELECT * FROM stats ORDER BY driver_id, event_timestamp, created_timestamp"),
        rows(c, "SELECT * FROM online.stats ORDER BY driver_id"),
        lookups,
        rows(c, "SELECT ROW_COUNT, ENTITY_COUNT, NEWEST_EVENT FROM SYS.FEATURE_VIEWS"),
        rows(c, "SELECT p.id, f.event_timestamp, f.created_timestamp, f.conv_rate, f.trips,"
            + " f.city FROM probes p LEFT ASOF JOIN stats f MATCH_CONDITION"
            + " (p.ts >= f.event_timestamp) ON p.driver_id = f.driver_id ORDER BY p.id"),
        rows(c, "SELECT COUNT(*), SUM(f.trips), COUNT(f.city) FROM probes p ASOF JOIN stats f"
            + " MATCH_CONDITION (p.ts >= f.event_timestamp) ON p.driver_id = f.driver_id"));
  }

  /** Whether the view's history segment is of its current data version. */
  private static boolean segmentCurrent(Connection c) throws SQLException {
    final List<String> versions = rows(c, "SELECT DATA_VERSION, SEGMENT_VERSION"
        + " FROM SYS.FEATURE_VIEWS WHERE VIEW_NAME = 'STATS'");
    final String[] v = versions.get(0).split("\\|");
    return v[0].equals(v[1]);
  }

  /** The history segment files of a database, finished or not. */
  private List<String> segmentFiles(String name) throws Exception {
    final Path segments = dir.resolve(name).resolve("segments");
    if (!Files.isDirectory(segments)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(segments)) {
      // History segments only (a table's segment files start with "t").
      return files.map(f -> f.getFileName().toString()).filter(f -> f.startsWith("h"))
          .sorted().toList();
    }
  }

  /**
   * Loads into an empty view, in key order (followed as it comes) and shuffled (worked out from
   * the sorted rows): both write the history segment with the load, so it is current before any
   * join, and give what the row path gives.
   */
  @Test void loadsIntoAnEmptyViewMatchTheRowPathAndWriteTheSegment() throws Exception {
    final List<String> lines = history(11, 1, 28, 12);
    for (String order : List.of("sorted", "shuffled")) {
      final Path csv = file(order + ".csv",
          order.equals("sorted") ? sorted(lines) : shuffled(lines, 3));
      final List<List<String>> expected;
      try (Connection rows = open("rows-" + order, false)) {
        define(rows);
        update(rows, "COPY stats FROM " + lit(csv));
        expected = state(rows);
      }
      try (Connection bulk = open("bulk-" + order, true)) {
        define(bulk);
        assertEquals(lines.size(), update(bulk, "COPY stats FROM " + lit(csv)));
        assertTrue(segmentCurrent(bulk), order + ": the load wrote the segment");
        assertEquals(expected, state(bulk), order);
      }
      try (Connection reopened = open("bulk-" + order, true)) {
        assertTrue(segmentCurrent(reopened), order);
        assertEquals(expected, state(reopened), order + ", after reopening");
      }
      assertEquals(1, segmentFiles("bulk-" + order).size(), order + ": one segment file, "
          + segmentFiles("bulk-" + order));
    }
  }

  /**
   * Loads into a view with stored rows: entities whose stored online row is newer keep it (a
   * late file of older events does not overwrite it), rows with stored keys replace them, new
   * entities and newer events take over the online row; duplicates in the file keep the later
   * row, in key order and shuffled.
   */
  @Test void laterLoadsKeepNewerStoredOnlineRowsAndReplaceEqualKeys() throws Exception {
    final List<String> first = history(21, 10, 20, 6);
    // Older events for every driver, newer ones for some, a few of the first file's keys again
    // with new values, and drivers the first file did not have.
    final List<String> second = new ArrayList<>(history(22, 1, 9, 3));
    second.addAll(history(23, 21, 28, 1).subList(0, DRIVERS / 2));
    for (int i = 0; i < first.size(); i += 37) {
      final String line = first.get(i);
      second.add(line.substring(0, line.indexOf(',', line.indexOf(',',
          line.indexOf(',') + 1) + 1)) + ",0.999,99,replaced");
    }
    for (int driver = DRIVERS + 1; driver <= DRIVERS + 20; driver++) {
      second.add(driver + "," + time(5, 5, 0) + "," + time(5, 5, 0) + ",0.5,5,new");
    }
    // The same key twice in the file: the later line wins, as consecutive inserts would.
    final String twice = second.get(3);
    second.add(twice.substring(0, twice.lastIndexOf(',')) + ",twice");
    for (String order : List.of("sorted", "shuffled")) {
      final Path one = file(order + "-1.csv", sorted(first));
      final List<String> lines = order.equals("sorted") ? sortedKeepingLast(second)
          : shuffledKeepingLast(second, twice);
      final Path two = file(order + "-2.csv", lines);
      // Then in key order without a duplicate: older and newer events than the stored ones.
      final Path three = file(order + "-3.csv", sorted(history(24, 15, 28, 2)));
      final List<List<String>> expected;
      final List<List<String>> expectedThird;
      try (Connection rows = open("rows-" + order, false)) {
        define(rows);
        update(rows, "COPY stats FROM " + lit(one));
        update(rows, "COPY stats FROM " + lit(two));
        expected = state(rows);
        update(rows, "COPY stats FROM " + lit(three));
        expectedThird = state(rows);
      }
      assertTrue(expected.get(0).stream().anyMatch(r -> r.endsWith("|twice")), order);
      try (Connection bulk = open("bulk-" + order, true)) {
        define(bulk);
        update(bulk, "COPY stats FROM " + lit(one));
        assertTrue(segmentCurrent(bulk), order);
        update(bulk, "COPY stats FROM " + lit(two));
        assertEquals(expected, state(bulk), order);
        // Loading the same file again changes nothing but the data version.
        update(bulk, "COPY stats FROM " + lit(two));
        assertEquals(expected, state(bulk), order + ", loaded twice");
        update(bulk, "ALTER FEATURE VIEW stats COMPACT");
        assertTrue(segmentCurrent(bulk), order);
        assertEquals(expected, state(bulk), order + ", from a rewritten segment");
        update(bulk, "COPY stats FROM " + lit(three));
        assertEquals(expectedThird, state(bulk), order + ", third load");
      }
    }
  }

  /** Sorted lines, the line ending in ",twice" after the line of the same key. */
  private static List<String> sortedKeepingLast(List<String> lines) {
    final List<String> out = new ArrayList<>(sorted(lines)); // a stable sort: file order kept
    return out;
  }

  /** Shuffled lines, with the line ending in ",twice" after the line it repeats. */
  private static List<String> shuffledKeepingLast(List<String> lines, String first) {
    final List<String> out = shuffled(lines, 9);
    final String later = out.stream().filter(l -> l.endsWith(",twice")).findFirst().orElseThrow();
    out.remove(later);
    out.add(out.indexOf(first) + 1 + (out.size() - out.indexOf(first) - 1) / 2, later);
    return out;
  }

  /**
   * A load that fails on its last row writes nothing: no history or online row, no statistics,
   * and no segment file left behind; a load inside an explicit transaction goes row by row, is
   * seen by the transaction and rolls back with it.
   */
  @Test void failedAndRolledBackLoadsLeaveNothing() throws Exception {
    final List<String> lines = sorted(history(31, 1, 28, 5));
    final List<String> bad = new ArrayList<>(lines);
    bad.add((DRIVERS + 5) + "," + time(3, 3, 0) + "," + time(3, 3, 0) + ",not a number,1,x");
    final Path badCsv = file("bad.csv", bad);
    final Path noTime = file("notime.csv", List.of(lines.get(0), "7,,,0.5,1,x"));
    final Path good = file("good.csv", lines);
    try (Connection bulk = open("bulk", true)) {
      define(bulk);
      final List<List<String>> empty = state(bulk);
      final SQLException e = assertThrows(SQLException.class,
          () -> update(bulk, "COPY stats FROM " + lit(badCsv)));
      assertTrue(e.getSQLState().startsWith("22"), e.getSQLState() + " " + e.getMessage());
      assertTrue(e.getMessage().contains("line " + (bad.size() + 1)), e.getMessage());
      assertEquals(empty, state(bulk));
      final SQLException missing = assertThrows(SQLException.class,
          () -> update(bulk, "COPY stats FROM " + lit(noTime)));
      assertEquals("23502", missing.getSQLState(), missing.getMessage());
      assertEquals(empty, state(bulk));
      assertEquals(List.of(), segmentFiles("bulk"), "no segment of a failed load");

      bulk.setAutoCommit(false);
      assertEquals(lines.size(), update(bulk, "COPY stats FROM " + lit(good)));
      assertEquals(String.valueOf(lines.size()), rows(bulk, "SELECT COUNT(*) FROM stats")
          .get(0));
      bulk.rollback();
      assertEquals(empty, state(bulk));
      assertEquals(lines.size(), update(bulk, "COPY stats FROM " + lit(good)));
      bulk.commit();
      bulk.setAutoCommit(true);
      final List<List<String>> committed = state(bulk);
      assertNotEquals(empty, committed);
      try (Connection rows = open("rows", false)) {
        define(rows);
        update(rows, "COPY stats FROM " + lit(good));
        assertEquals(state(rows), committed);
      }
      assertFalse(segmentFiles("bulk").stream().anyMatch(f -> f.contains("load")),
          segmentFiles("bulk").toString());
    }
  }
}
