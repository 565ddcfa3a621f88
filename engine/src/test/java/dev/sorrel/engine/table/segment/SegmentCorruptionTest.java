package dev.sorrel.engine.table.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.SectionedFile;
import dev.sorrel.storage.ValueType;

/**
 * A table segment read from disk has each section checked against its checksum before the
 * first scan that reads it, and only the sections that scan reads; a damaged one is reported
 * in a WARN log line naming the table and the file, and the segment is set aside.
 */
class SegmentCorruptionTest {
  @TempDir Path dir;

  /** Columns: ID (key), N (BIGINT), S (VARCHAR). */
  private Path writeSegment() {
    try (Database db = Database.open(dir.resolve("db"), DatabaseOptions.DEFAULT)) {
      try (Transaction tx = db.begin()) {
        db.catalog().createTable(tx, "T", List.of(
            new ColumnDef("ID", ValueType.INTEGER, -1, -1, false, null),
            new ColumnDef("N", ValueType.BIGINT, -1, -1, true, null),
            new ColumnDef("S", ValueType.VARCHAR, -1, -1, true, null)), List.of(0));
        tx.commit();
      }
      final Table table = db.catalog().table("T");
      try (Transaction tx = db.begin()) {
        for (int r = 0; r < 5000; r++) {
          table.insert(tx, new Object[] {r, (long) r * r, "s" + r});
        }
        tx.commit();
      }
      return db.tableSegments().build(table).path();
    }
  }

  private static void flipInSection(Path file, int section) throws IOException {
    final SectionedFile sections = SectionedFile.open(file, TableSegment.MAGIC,
        TableSegment.FORMAT);
    final long position = sections.sectionStart(section) + sections.sectionLength(section) / 2;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(position);
      final int b = raf.read();
      raf.seek(position);
      raf.write(b ^ 1);
    }
  }

  @Test void onlyTheSectionsAScanReadsAreCheckedAndADamagedOneIsReported() throws IOException {
    final Path file = writeSegment();
    flipInSection(file, TableSegment.valuesSection(2)); // column S
    final ByteArrayOutputStream log = new ByteArrayOutputStream();
    final PrintStream err = System.err;
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (Database db = Database.open(dir.resolve("db"), DatabaseOptions.DEFAULT);
        ReadView snapshot = db.snapshot()) {
      final Table table = db.catalog().table("T");
      final TableSegments.Usable narrow = db.tableSegments().usable(table, snapshot,
          new int[] {0, 1});
      assertNotNull(narrow, "a scan of ID and N does not read S's sections");
      assertEquals("", log.toString(StandardCharsets.UTF_8));
      assertNull(db.tableSegments().usable(table, snapshot, new int[] {2}),
          "a scan of S finds the damage before it reads the file");
      final String warning = log.toString(StandardCharsets.UTF_8);
      assertTrue(warning.contains("WARN") && warning.contains(file.toString())
          && warning.contains("of table T is damaged"), warning);
      final TableSegment now = db.tableSegments().current(table);
      assertTrue(now == null || now != narrow.segment(), "the damaged file is set aside");
    } finally {
      System.setErr(err);
    }
  }

  @Test void everySectionIsCovered() throws IOException {
    final Path pristine = writeSegment();
    final byte[] original = java.nio.file.Files.readAllBytes(pristine);
    final int sections = TableSegment.sectionCount(3);
    for (int s = 0; s < sections; s++) {
      if (SectionedFile.open(pristine, TableSegment.MAGIC, TableSegment.FORMAT)
          .sectionLength(s) == 0) {
        continue; // the bytes section of a fixed-width column
      }
      java.nio.file.Files.write(pristine, original);
      flipInSection(pristine, s);
      final PrintStream err = System.err;
      System.setErr(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
      try (Database db = Database.open(dir.resolve("db"), DatabaseOptions.DEFAULT);
          ReadView snapshot = db.snapshot()) {
        final Table table = db.catalog().table("T");
        final TableSegment damaged = db.tableSegments().current(table);
        assertNotNull(damaged, "the header is intact: section " + s);
        final TableSegments.Usable usable = db.tableSegments().usable(table, snapshot);
        assertTrue(usable == null || usable.segment() != damaged,
            "a damaged section " + s + " is never read");
      } finally {
        System.setErr(err);
      }
      // The next open finds either nothing or the rebuilt file, never the damaged one.
      try (Database db = Database.open(dir.resolve("db"), DatabaseOptions.DEFAULT);
          ReadView snapshot = db.snapshot()) {
        final Table table = db.catalog().table("T");
        final TableSegment segment = db.tableSegments().build(table);
        final TableSegments.Usable usable = db.tableSegments().usable(table, snapshot);
        assertNotNull(usable);
        assertSame(segment, usable.segment());
        assertEquals(5000, segment.rows());
      }
      java.nio.file.Files.write(pristine, original);
    }
  }
}
