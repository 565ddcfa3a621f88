package dev.sorrel.storage.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;

/** Every storage type written to Parquet and read back, with each codec; bad values. */
class ParquetRowWriterTest {
  private static final ValueType[] ALL = ValueType.values();
  private static final int DECIMAL = ValueType.DECIMAL.ordinal();

  @TempDir Path dir;

  static String[] names() {
    final String[] names = new String[ALL.length];
    for (int i = 0; i < ALL.length; i++) {
      names[i] = ALL[i].name().toLowerCase();
    }
    return names;
  }

  static int[] decimal(int value) {
    final int[] values = new int[ALL.length];
    values[DECIMAL] = value;
    return values;
  }

  /** Row {@code i}: every seventh value NULL, the rest varied and with extremes. */
  static Object[] row(int i) {
    final Object[] row = {
      i % 2 == 0, (byte) (i % 256 - 128), (short) (i * 3 - 30_000), i * 1000 - 5_000_000,
      i % 3 == 0 ? Long.MIN_VALUE + i : (long) i << 40, i / 4.0f - 100, i / 8.0 - 1e6,
      BigDecimal.valueOf(i * 125L - 1_000_000, 3), "row \u00e9 \ud83d\ude00 " + (i % 50),
      new byte[] {(byte) i, 0, (byte) (i >> 8)}, 19_000 + i - 40_000, i * 1000 % 86_400_000,
      1_700_000_000_123L + i * 1_000_003L - (i % 5 == 0 ? 3_000_000_000_000L : 0)
    };
    row[i % ALL.length] = i % 7 == 0 ? null : row[i % ALL.length];
    return row;
  }

  static List<Object[]> readAll(ParquetRows rows) throws IOException {
    final List<Object[]> all = new ArrayList<>();
    Object[][] batch;
    while ((batch = rows.next()) != null) {
      for (Object[] row : batch) {
        all.add(row);
      }
    }
    return all;
  }

  static ParquetMetadata footer(Path file) throws IOException {
    final ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withCodecFactory(new ParquetCodecs()).build();
    try (ParquetFileReader reader = ParquetFileReader.open(new LocalInputFile(file), options)) {
      return reader.getFooter();
    }
  }

  static void assertRow(Object[] expected, Object[] actual, int index) {
    assertEquals(expected.length, actual.length);
    for (int c = 0; c < expected.length; c++) {
      if (expected[c] instanceof byte[] bytes) {
        assertArrayEquals(bytes, (byte[]) actual[c], "row " + index + " column " + c);
      } else {
        assertEquals(expected[c], actual[c], "row " + index + " column " + c);
      }
    }
  }

  @Test
  void everyTypeRoundTripsWithNullsAcrossBatchesAndRowGroups() throws IOException {
    final Path file = dir.resolve("all.parquet");
    final int count = 20_000;
    try (ParquetRowWriter writer = new ParquetRowWriter(file, names(), ALL, decimal(12),
        decimal(3), Compression.SNAPPY, 128 << 10)) {
      for (int i = 0; i < count; i++) {
        writer.append(row(i));
      }
      writer.append(new Object[ALL.length]);
      assertEquals(count + 1, writer.rowCount());
    }
    final ParquetMetadata footer = footer(file);
    assertTrue(footer.getBlocks().size() > 1, "small row groups: " + footer.getBlocks().size());
    final MessageType schema = footer.getFileMetaData().getSchema();
    assertEquals("message schema {\n"
        + "  optional boolean boolean;\n"
        + "  optional int32 tinyint (INTEGER(8,true));\n"
        + "  optional int32 smallint (INTEGER(16,true));\n"
        + "  optional int32 integer;\n"
        + "  optional int64 bigint;\n"
        + "  optional float real;\n"
        + "  optional double double;\n"
        + "  optional int64 decimal (DECIMAL(12,3));\n"
        + "  optional binary varchar (STRING);\n"
        + "  optional binary varbinary;\n"
        + "  optional int32 date (DATE);\n"
        + "  optional int32 time (TIME(MILLIS,false));\n"
        + "  optional int64 timestamp (TIMESTAMP(MICROS,false));\n"
        + "}\n", schema.toString());

    try (ParquetRows rows = ParquetRows.open(file, 1000)) {
      assertEquals(List.of(names()), rows.columnNames());
      assertEquals(count + 1, rows.rowCount());
      for (int c = 0; c < ALL.length; c++) {
        assertEquals(ALL[c], rows.columnType(c), rows.columnName(c));
      }
      assertEquals("INT64 TIMESTAMP(MICROS,false)", rows.parquetType(12));
      final List<Object[]> all = readAll(rows);
      assertEquals(count + 1, all.size());
      assertEquals(count + 1, rows.rowsRead());
      for (int i = 0; i < count; i++) {
        assertRow(row(i), all.get(i), i);
      }
      assertArrayEquals(new Object[ALL.length], all.get(count));
      assertNull(rows.next(), "stays at the end");
    }
  }

  @Test
  void everyCodecRoundTripsAndIsRecordedInTheFile() throws IOException {
    final String[] names = {"id", "label", "score"};
    final ValueType[] types = {ValueType.BIGINT, ValueType.VARCHAR, ValueType.DOUBLE};
    final Map<Compression, Long> sizes = new EnumMap<>(Compression.class);
    for (Compression compression : Compression.values()) {
      final Path file = dir.resolve(compression + ".parquet");
      try (ParquetRowWriter writer = new ParquetRowWriter(file, names, types, null, null,
          compression)) {
        for (int i = 0; i < 50_000; i++) {
          writer.append(new Object[] {(long) i, "label-" + (i * 7919 % 1000), i % 100 / 4.0});
        }
      }
      sizes.put(compression, Files.size(file));
      for (BlockMetaData block : footer(file).getBlocks()) {
        block.getColumns().forEach(chunk -> assertEquals(
            CompressionCodecName.valueOf(compression.name()), chunk.getCodec()));
      }
      try (ParquetRows rows = ParquetRows.open(file)) {
        final List<Object[]> all = readAll(rows);
        assertEquals(50_000, all.size(), compression.name());
        assertArrayEquals(new Object[] {49_999L, "label-" + (49_999 * 7919 % 1000), 24.75},
            all.get(49_999), compression.name());
      }
    }
    for (Compression compression : Compression.values()) {
      if (compression != Compression.UNCOMPRESSED) {
        assertTrue(sizes.get(compression) < sizes.get(Compression.UNCOMPRESSED),
            compression + " compresses: " + sizes);
      }
    }
  }

  @Test
  void wideDecimalsUseFixedBytesAndKeepTheirSign() throws IOException {
    final Path file = dir.resolve("decimals.parquet");
    final String[] names = {"small", "wide"};
    final ValueType[] types = {ValueType.DECIMAL, ValueType.DECIMAL};
    final BigDecimal[] wide = {new BigDecimal("-99999999999999999999999999999999.999999"),
        new BigDecimal("12345678901234567890123456789012.345678"), new BigDecimal("-0.000001"),
        BigDecimal.ZERO.setScale(6)};
    try (ParquetRowWriter writer = new ParquetRowWriter(file, names, types, new int[] {5, 38},
        new int[] {2, 6}, Compression.ZSTD)) {
      for (int i = 0; i < wide.length; i++) {
        writer.append(new Object[] {BigDecimal.valueOf(-99_999 + i, 2), wide[i]});
      }
    }
    assertEquals("message schema {\n"
        + "  optional int32 small (DECIMAL(5,2));\n"
        + "  optional fixed_len_byte_array(16) wide (DECIMAL(38,6));\n"
        + "}\n", footer(file).getFileMetaData().getSchema().toString());
    try (ParquetRows rows = ParquetRows.open(file)) {
      final Object[][] batch = rows.next();
      for (int i = 0; i < wide.length; i++) {
        assertEquals(BigDecimal.valueOf(-99_999 + i, 2), batch[i][0]);
        assertEquals(wide[i], batch[i][1]);
      }
    }
  }

  @Test
  void badRowsAreRejectedWithoutSpoilingTheFile() throws IOException {
    final Path file = dir.resolve("bad.parquet");
    final String[] names = {"d", "s"};
    final ValueType[] types = {ValueType.DECIMAL, ValueType.VARCHAR};
    try (ParquetRowWriter writer = new ParquetRowWriter(file, names, types, new int[] {4, 0},
        new int[] {2, 0}, Compression.SNAPPY)) {
      writer.append(new Object[] {new BigDecimal("12.34"), "kept"});
      assertEquals("DECIMAL value 123.45 exceeds precision 4 of column d",
          assertThrows(IllegalArgumentException.class,
              () -> writer.append(new Object[] {new BigDecimal("123.45"), "x"})).getMessage());
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> writer.append(new Object[] {new BigDecimal("1.234"), "x"})).getMessage()
          .contains("does not fit scale 2"));
      assertThrows(IllegalArgumentException.class,
          () -> writer.append(new Object[] {new BigDecimal("1"), 5}));
      assertThrows(IllegalArgumentException.class, () -> writer.append(new Object[] {null}));
      writer.append(new Object[] {new BigDecimal("-1"), null});
      assertEquals(2, writer.rowCount());
    }
    try (ParquetRows rows = ParquetRows.open(file)) {
      final Object[][] batch = rows.next();
      assertEquals(2, batch.length);
      assertArrayEquals(new Object[] {new BigDecimal("12.34"), "kept"}, batch[0]);
      assertArrayEquals(new Object[] {new BigDecimal("-1.00"), null}, batch[1]);
    }
  }

  @Test
  void columnsNeedDistinctNamesAndValidDecimals() {
    final Path file = dir.resolve("never.parquet");
    assertEquals("column name a appears twice; Parquet columns need distinct names",
        assertThrows(IllegalArgumentException.class, () -> new ParquetRowWriter(file,
            new String[] {"a", "a"}, new ValueType[] {ValueType.INTEGER, ValueType.BIGINT},
            null, null, Compression.SNAPPY)).getMessage());
    assertEquals("invalid DECIMAL(39, 2) for column d",
        assertThrows(IllegalArgumentException.class, () -> new ParquetRowWriter(file,
            new String[] {"d"}, new ValueType[] {ValueType.DECIMAL}, new int[] {39},
            new int[] {2}, Compression.SNAPPY)).getMessage());
  }
}
