package dev.sorrel.e2e.crash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.e2e.Queries;
import dev.sorrel.storage.CheckedRecord;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.SectionedFile;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.Store;
import dev.sorrel.storage.WriteTransaction;

/**
 * Damaged bytes are found, never answered from: a flipped byte in any section of a table's or a
 * feature view's segment file leaves every query answering as before (the file is set aside and
 * the rows are read from RocksDB); a damaged model file fails PREDICT, and a damaged catalog
 * entry fails the open, both with SQLState XX001 naming the object. The damage is made below
 * the engine: in the files themselves, and in RocksDB through the storage layer's own API with
 * the database closed.
 */
class CorruptionTest {
  @TempDir Path dir;

  private static final String TABLE_QUERIES_SQL = "SELECT COUNT(*), SUM(v), MIN(s), MAX(s),"
      + " SUM(d) FROM t;SELECT id, v, s, d FROM t WHERE id BETWEEN 4000 AND 4100 ORDER BY id;"
      + "SELECT id, s FROM t WHERE id > 9950 ORDER BY id";
  private static final String JOIN = "SELECT o.id, f.conv_rate, f.trips FROM (VALUES"
      + " (1, 1, TIMESTAMP '2026-01-01 12:30:00'), (2, 2, TIMESTAMP '2026-01-01 12:30:00'),"
      + " (3, 1, TIMESTAMP '2026-01-01 09:00:00'), (4, 7, TIMESTAMP '2026-01-02 00:00:00'))"
      + " AS o (id, driver_id, ts) LEFT ASOF JOIN stats f"
      + " MATCH_CONDITION (o.ts >= f.event_timestamp) ON o.driver_id = f.driver_id ORDER BY o.id";

  private static Connection open(Path db, String options) throws SQLException {
    return DriverManager.getConnection("jdbc:sorrel:" + db + options);
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static List<List<List<Object>>> answers(Connection c, String queries)
      throws SQLException {
    final List<List<List<Object>>> out = new ArrayList<>();
    for (String sql : queries.split(";")) {
      out.add(Queries.rows(c, sql));
    }
    return out;
  }

  /** The one segment file in a database's segment folder. */
  private static Path segmentFile(Path db) throws IOException {
    try (Stream<Path> files = Files.list(db.resolve("segments"))) {
      final List<Path> segments = files.filter(f -> f.toString().endsWith(".seg")).toList();
      assertEquals(1, segments.size(), segments.toString());
      return segments.get(0);
    }
  }

  private static void flip(Path file, long position) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      final int b = raf.read();
      raf.seek(position);
      raf.write(b ^ 0x10);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        final Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals("LOCK")) {
          Files.copy(source, target);
        }
      }
    }
  }

  private static void delete(Path tree) throws IOException {
    try (Stream<Path> files = Files.walk(tree)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /**
   * For each non-empty section of the database's one segment file: a copy of the database with
   * one byte of that section flipped answers {@code queries} as the intact one did, and is
   * left with no damaged segment file.
   */
  private void eachSectionDamaged(Path pristine, byte[] magic, int format, String queries,
      List<List<List<Object>>> expected) throws IOException, SQLException {
    final Path file = segmentFile(pristine);
    final SectionedFile sections = SectionedFile.open(file, magic, format);
    int damaged = 0;
    for (int s = 0; s < sections.sectionCount(); s++) {
      if (sections.sectionLength(s) == 0) {
        continue;
      }
      final Path copy = dir.resolve("damaged-" + s);
      copyTree(pristine, copy);
      flip(copy.resolve(pristine.relativize(file).toString()),
          sections.sectionStart(s) + sections.sectionLength(s) / 2);
      try (Connection c = open(copy, "")) {
        assertEquals(expected, answers(c, queries), "section " + s + " damaged");
      }
      try (Stream<Path> files = Files.list(copy.resolve("segments"))) {
        for (Path left : files.filter(f -> f.toString().endsWith(".seg")).toList()) {
          // Any file left is a new one a build wrote since, and intact.
          final SectionedFile rebuilt = SectionedFile.open(left, magic, format);
          for (int r = 0; r < rebuilt.sectionCount(); r++) {
            rebuilt.verify(r);
          }
        }
      }
      delete(copy);
      damaged++;
    }
    assertTrue(damaged >= 6, damaged + " sections damaged");
  }

  @Test void aDamagedTableSegmentSectionIsIgnoredAndTheAnswerStaysRight() throws Exception {
    final Path db = dir.resolve("db");
    final List<List<List<Object>>> expected;
    try (Connection c = open(db, "")) {
      exec(c, "CREATE TABLE t (id BIGINT PRIMARY KEY, v BIGINT, s VARCHAR(20), d DOUBLE)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
        for (long x = 1; x <= 10_000; x++) {
          insert.setLong(1, x);
          insert.setLong(2, x * 7 % 1000);
          insert.setString(3, "name" + x % 300);
          insert.setDouble(4, x / 8.0);
          insert.addBatch();
        }
        insert.executeBatch();
      }
      exec(c, "ALTER TABLE t COMPACT");
    }
    try (Connection c = open(db, ";table_segments=false")) {
      expected = answers(c, TABLE_QUERIES_SQL);
      assertEquals(10000L, expected.get(0).get(0).get(0), "the table was filled");
    }
    eachSectionDamaged(db, "SORRELTS".getBytes(StandardCharsets.US_ASCII), 1,
        TABLE_QUERIES_SQL, expected);
  }

  @Test void aDamagedHistorySegmentSectionIsIgnoredAndTheJoinStaysRight() throws Exception {
    final Path db = dir.resolve("db");
    final List<List<List<Object>>> expected;
    try (Connection c = open(db, "")) {
      exec(c, "CREATE ENTITY driver (driver_id BIGINT)");
      exec(c, "CREATE FEATURE VIEW stats ENTITY driver (conv_rate DOUBLE, trips BIGINT)");
      exec(c, "INSERT INTO stats (driver_id, event_timestamp, created_timestamp, conv_rate,"
          + " trips) VALUES (1, TIMESTAMP '2026-01-01 10:00:00', TIMESTAMP '2026-01-01 10:00:00',"
          + " 0.1, 1), (1, TIMESTAMP '2026-01-01 12:00:00', TIMESTAMP '2026-01-01 12:00:00', 0.2,"
          + " 2), (2, TIMESTAMP '2026-01-01 11:00:00', TIMESTAMP '2026-01-01 11:00:00', 0.3, 3),"
          + " (7, TIMESTAMP '2026-01-01 23:00:00', TIMESTAMP '2026-01-01 23:00:00', 0.7, 70)");
      exec(c, "ALTER FEATURE VIEW stats COMPACT");
      expected = answers(c, JOIN);
      assertEquals(List.of(List.of(1, 0.2, 2L), List.of(2, 0.3, 3L), Arrays.asList(3, null, null),
          List.of(4, 0.7, 70L)), expected.get(0));
    }
    eachSectionDamaged(db, "SORRELHS".getBytes(StandardCharsets.US_ASCII), 2, JOIN, expected);
  }

  /** Rewrites the one value in {@code space} whose key starts with {@code prefix}. */
  private static void rewrite(Path db, Space space, String prefix, UnaryOperator<byte[]> change) {
    try (Store store = Store.open(db, true)) {
      byte[] key = null;
      byte[] value = null;
      try (ReadView view = store.snapshot(); KvCursor cursor = view.scan(space, null, null)) {
        while (cursor.next()) {
          if (new String(cursor.key(), StandardCharsets.UTF_8).startsWith(prefix)) {
            key = cursor.key();
            value = cursor.value();
          }
        }
      }
      assertNotNull(key, "no key " + prefix);
      try (WriteTransaction tx = store.begin()) {
        tx.put(space, key, change.apply(value));
        tx.commit();
      }
    }
  }

  @Test void aDamagedModelFileFailsPredictWithXx001NamingTheModel() throws Exception {
    final Path db = dir.resolve("db");
    final String predict = "SELECT PREDICT_LABEL('iris', 1.0E0, 2.0E0, 3.0E0, 4.0E0)"
        + " FROM (VALUES (1)) AS single_row (x)";
    try (Connection c = open(db, "")) {
      exec(c, "CREATE MODEL iris FROM '" + CrashFixtures.path(CrashFixtures.IRIS) + "'");
      assertEquals(1, Queries.rows(c, predict).size());
    }
    rewrite(db, Space.BLOB, "model/IRIS/", bytes -> {
      final byte[] damaged = bytes.clone();
      damaged[damaged.length / 2] ^= 0x10;
      return damaged;
    });
    try (Connection c = open(db, "")) {
      final SQLException e = assertThrows(SQLException.class, () -> Queries.rows(c, predict));
      assertEquals("XX001", e.getSQLState(), e.getMessage());
      assertTrue(e.getMessage().contains("model IRIS:1"), e.getMessage());
      // The rest of the database is unaffected.
      assertEquals(1L, Queries.single(c, "SELECT COUNT(*) FROM sys.models"));
    }
  }

  @Test void aDamagedCatalogEntryFailsTheOpenWithXx001NamingIt() throws Exception {
    final Path db = dir.resolve("db");
    try (Connection c = open(db, "")) {
      exec(c, "CREATE TABLE t2 (id BIGINT PRIMARY KEY, v BIGINT)");
      exec(c, "INSERT INTO t2 VALUES (1, 10)");
    }
    // A legacy entry, JSON without the checksum, still loads.
    rewrite(db, Space.META, "table/", CheckedRecord::unwrap);
    try (Connection c = open(db, "")) {
      assertEquals(10L, Queries.single(c, "SELECT v FROM t2"));
      exec(c, "CREATE TABLE t3 (id BIGINT PRIMARY KEY)");
    }
    // "T3" becomes "T2" in the JSON: still a valid definition, of the wrong name, had its bytes
    // not been checked.
    rewrite(db, Space.META, "table/", bytes -> new String(bytes, StandardCharsets.ISO_8859_1)
        .replace("\"T3\"", "\"T2\"").getBytes(StandardCharsets.ISO_8859_1));
    final SQLException e = assertThrows(SQLException.class, () -> open(db, "").close());
    assertEquals("XX001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains("catalog entry table/"), e.getMessage());
  }
}
