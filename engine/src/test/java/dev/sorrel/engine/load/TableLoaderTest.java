package dev.sorrel.engine.load;

import static dev.sorrel.engine.EngineTestSupport.createTable;
import static dev.sorrel.engine.EngineTestSupport.decimal;
import static dev.sorrel.engine.EngineTestSupport.notNull;
import static dev.sorrel.engine.EngineTestSupport.nullable;
import static dev.sorrel.engine.EngineTestSupport.scan;
import static dev.sorrel.engine.EngineTestSupport.uniqueMemoryName;
import static dev.sorrel.engine.EngineTestSupport.varchar;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;

/**
 * Loads and exports from Java, without SQL: every format round-trips a table, a bad row loads
 * nothing, and the one column mapping refuses the same mistakes in every format.
 */
class TableLoaderTest {
  @TempDir Path dir;
  private Database db;
  private Table table;

  @BeforeEach
  void open() {
    db = Database.openInMemory(uniqueMemoryName("load"));
    table = createTable(db, "T", List.of(notNull("ID", ValueType.BIGINT),
        varchar("NAME", 10, false), decimal("AMOUNT", 8, 2, true),
        nullable("TS", ValueType.TIMESTAMP), nullable("N", ValueType.INTEGER)), List.of(0));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private Path file(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
  }

  private static RowStream rows(Object[]... rows) {
    final Iterator<Object[]> it = List.of(rows).iterator();
    return new RowStream() {
      private Object[] row;

      @Override public boolean next() {
        row = it.hasNext() ? it.next() : null;
        return row != null;
      }

      @Override public Object[] row() {
        return row;
      }
    };
  }

  private static List<String> render(List<Object[]> rows) {
    final List<String> out = new ArrayList<>();
    for (Object[] row : rows) {
      out.add(java.util.Arrays.toString(row));
    }
    return out;
  }

  @Test
  void everyFormatRoundTripsATable() throws IOException {
    final Path csv = file("in.csv", "id,name,amount,ts,n\n1,a,1.5,2026-01-02 03:04:05.006,7\n"
        + "2,\"b,c\",,,\n");
    assertEquals(2, TableLoader.load(db, table, csv, FileFormat.CSV, FileOptions.DEFAULT));
    final List<String> expected = render(scan(db, table, KeyRange.ALL));
    assertEquals(List.of("[1, a, 1.50, 1767323045006, 7]", "[2, b,c, null, null, null]"),
        expected);
    for (FileFormat format : FileFormat.values()) {
      final Path out = dir.resolve("out." + format.name().toLowerCase(java.util.Locale.ROOT));
      assertEquals(2, TableExporter.export(table, out, format, FileOptions.DEFAULT));
      final Table copy = createTable(db, "C_" + format, table.columns(), List.of(0));
      assertEquals(2, TableLoader.load(db, copy, out, format, FileOptions.DEFAULT));
      assertEquals(expected, render(scan(db, copy, KeyRange.ALL)), format + " round trip");
    }
  }

  @Test
  void aBadRowLoadsNothingAndSaysWhere() throws IOException {
    final Path bad = file("bad.csv", "id,name,n\n1,a,1\n2,b,x\n");
    final SorrelException e = assertThrows(SorrelException.class,
        () -> TableLoader.load(db, table, bad, FileFormat.CSV, FileOptions.DEFAULT));
    assertEquals(ErrorCode.INVALID_CHARACTER_VALUE, e.code());
    assertTrue(e.getMessage().contains("bad.csv line 3, column N: cannot read 'x' as INTEGER"),
        e.getMessage());
    assertEquals(List.of(), scan(db, table, KeyRange.ALL));

    final Path range = file("range.csv", "id,name,n\n1,a,1\n2,b,99999999999\n");
    final SorrelException r = assertThrows(SorrelException.class,
        () -> TableLoader.load(db, table, range, FileFormat.CSV, FileOptions.DEFAULT));
    assertEquals(ErrorCode.NUMERIC_OUT_OF_RANGE, r.code());
    assertTrue(r.getMessage().startsWith(range + " line 3: "), r.getMessage());
    assertEquals(List.of(), scan(db, table, KeyRange.ALL));
  }

  @Test
  void theColumnMappingRefusesTheSameMistakesInEveryFormat() throws IOException {
    // Files written from tables whose columns are wrong for T, in every format.
    final Table twice = createTable(db, "TWICE", List.of(notNull("ID", ValueType.BIGINT),
        varchar("NAME", 10, false), varchar("name", 10, true)), List.of(0));
    final Table unknown = createTable(db, "UNKNOWN", List.of(notNull("ID", ValueType.BIGINT),
        varchar("NAME", 10, false), nullable("NOPE", ValueType.INTEGER)), List.of(0));
    final Table missing = createTable(db, "MISSING", List.of(notNull("ID", ValueType.BIGINT)),
        List.of(0));
    for (FileFormat format : FileFormat.values()) {
      final String ext = format.name().toLowerCase(java.util.Locale.ROOT);
      final Path dup = dir.resolve("dup." + ext);
      TableExporter.export(twice, dup, format, FileOptions.DEFAULT);
      final Path nope = dir.resolve("nope." + ext);
      TableExporter.export(unknown, nope, format, FileOptions.DEFAULT);
      final Path noName = dir.resolve("noname." + ext);
      TableExporter.export(missing, noName, format, FileOptions.DEFAULT);
      assertEquals(ErrorCode.INVALID_PARAMETER_VALUE, assertThrows(SorrelException.class,
          () -> TableLoader.load(db, table, dup, format, FileOptions.DEFAULT)).code(), ext);
      assertEquals(ErrorCode.COLUMN_NOT_FOUND, assertThrows(SorrelException.class,
          () -> TableLoader.load(db, table, nope, format, FileOptions.DEFAULT)).code(), ext);
      final SorrelException e = assertThrows(SorrelException.class,
          () -> TableLoader.load(db, table, noName, format, FileOptions.DEFAULT));
      assertEquals(ErrorCode.NOT_NULL_VIOLATION, e.code(), ext);
      assertTrue(e.getMessage().contains("NAME"), e.getMessage());
      assertEquals(ErrorCode.IO_ERROR, assertThrows(SorrelException.class,
          () -> TableLoader.load(db, table, dir.resolve("none." + ext), format,
              FileOptions.DEFAULT)).code(), ext);
    }
  }

  @Test
  void exportsRowsAndLeaveNoFileWhenTheyFail() throws IOException {
    final List<ExportColumn> columns = List.of(
        new ExportColumn("ID", ValueType.BIGINT, -1, 0),
        new ExportColumn("D", ValueType.DECIMAL, 5, 1));
    final Path out = dir.resolve("rows.csv");
    assertEquals(2, TableExporter.export(rows(new Object[] {1L, new BigDecimal("1.25")},
        new Object[] {2L, null}), columns, out, FileFormat.CSV,
        new FileOptions(false, ';', Compression.SNAPPY)));
    assertEquals("1;1.25\n2;\n", Files.readString(out));

    final Path parquet = dir.resolve("rows.parquet");
    final RowStream failing = new RowStream() {
      private long n;

      @Override public boolean next() {
        if (++n > 3) {
          throw new IllegalStateException("the source failed");
        }
        return true;
      }

      @Override public Object[] row() {
        return new Object[] {n, BigDecimal.ONE};
      }
    };
    assertEquals("the source failed", assertThrows(IllegalStateException.class,
        () -> TableExporter.export(failing, columns, parquet, FileFormat.PARQUET,
            FileOptions.DEFAULT)).getMessage());
    assertFalse(Files.exists(parquet));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(out), files.toList(), "no temporary file is left");
    }

    // Columnar formats round DECIMAL values to the column's scale.
    final Path arrow = dir.resolve("rows.arrow");
    TableExporter.export(rows(new Object[] {1L, new BigDecimal("1.25")}), columns, arrow,
        FileFormat.ARROW, FileOptions.DEFAULT);
    final Table back = createTable(db, "BACK", List.of(notNull("ID", ValueType.BIGINT),
        decimal("D", 5, 1, true)), List.of(0));
    TableLoader.load(db, back, arrow, FileFormat.ARROW, FileOptions.DEFAULT);
    assertArrayEquals(new Object[] {1L, new BigDecimal("1.3")},
        scan(db, back, KeyRange.ALL).get(0));
  }
}
