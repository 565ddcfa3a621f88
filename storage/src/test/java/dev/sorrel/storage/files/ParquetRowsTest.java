package dev.sorrel.storage.files;

import static org.apache.parquet.schema.LogicalTypeAnnotation.bsonType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.decimalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.enumType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.float16Type;
import static org.apache.parquet.schema.LogicalTypeAnnotation.intType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.intervalType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.jsonType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.listType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timeType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.timestampType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.unknownType;
import static org.apache.parquet.schema.LogicalTypeAnnotation.uuidType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT96;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Consumer;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.NanoTime;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ParquetRowWriter.Compression;

/**
 * Parquet types other writers use (written here with parquet-mr's example Group writer), files
 * that cannot be read, and reading without a Hadoop runtime.
 */
class ParquetRowsTest {
  @TempDir Path dir;

  /** Writes rows with parquet-mr's example writer, as another program would. */
  private Path write(String name, MessageType schema, CompressionCodecFactory codecs,
      CompressionCodecName codec, Consumer<Group[]> fill, int rows) throws IOException {
    final Path file = dir.resolve(name);
    final SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    final Group[] all = new Group[rows];
    for (int i = 0; i < rows; i++) {
      all[i] = groups.newGroup();
    }
    fill.accept(all);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file))
        .withConf(new PlainParquetConfiguration())
        .withType(schema)
        .withCodecFactory(codecs)
        .withCompressionCodec(codec)
        .build()) {
      for (Group group : all) {
        writer.write(group);
      }
    }
    return file;
  }

  private Path write(String name, MessageType schema, Consumer<Group[]> fill, int rows)
      throws IOException {
    return write(name, schema, new ParquetCodecs(), CompressionCodecName.SNAPPY, fill, rows);
  }

  private static Binary le(int... bytes) {
    final byte[] b = new byte[bytes.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return Binary.fromConstantByteArray(b);
  }

  @Test
  void readsTheTypesOtherWritersUse() throws IOException {
    final MessageType schema = Types.buildMessage()
        .optional(INT32).as(intType(8, false)).named("u8")
        .optional(INT32).as(intType(16, false)).named("u16")
        .optional(INT32).as(intType(32, false)).named("u32")
        .optional(INT64).as(intType(64, false)).named("u64")
        .optional(INT32).as(decimalType(2, 9)).named("d9")
        .optional(BINARY).as(decimalType(3, 30)).named("dbin")
        .optional(INT64).as(timestampType(true, TimeUnit.MILLIS)).named("ts_ms_utc")
        .optional(INT64).as(timestampType(false, TimeUnit.MICROS)).named("ts_us")
        .optional(INT64).as(timestampType(true, TimeUnit.NANOS)).named("ts_ns_utc")
        .optional(INT96).named("ts96")
        .optional(INT64).as(timeType(true, TimeUnit.MICROS)).named("t_us")
        .optional(INT64).as(timeType(false, TimeUnit.NANOS)).named("t_ns")
        .optional(FIXED_LEN_BYTE_ARRAY).length(16).as(uuidType()).named("id")
        .optional(BINARY).as(enumType()).named("kind")
        .optional(BINARY).as(jsonType()).named("doc")
        .optional(BINARY).as(bsonType()).named("bson")
        .optional(FIXED_LEN_BYTE_ARRAY).length(4).named("raw")
        .optional(INT32).as(unknownType()).named("nothing")
        .required(INT32).as(intType(8, true)).named("i8")
        .named("foreign");
    final UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
    final BigInteger unscaled = new BigInteger("-12345678901234567890123456789");
    final Path file = write("foreign.parquet", schema, rows -> {
      rows[0].append("u8", 255).append("u16", 65_535).append("u32", -1).append("u64", -1L)
          .append("d9", 123_456_789)
          .append("dbin", Binary.fromConstantByteArray(unscaled.toByteArray()))
          .append("ts_ms_utc", 1_700_000_000_123L).append("ts_us", -1L)
          .append("ts_ns_utc", 1_700_000_000_123_456_789L)
          .append("ts96", new NanoTime(2_440_587, 86_399_999_000_000L))
          .append("t_us", 3_723_004_567L).append("t_ns", 3_723_004_567_891L)
          .append("id", Binary.fromConstantByteArray(ByteBuffer.allocate(16)
              .putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits())
              .array()))
          .append("kind", "RED").append("doc", "{\"a\": 1}")
          .append("bson", le(1, 2, 3)).append("raw", le(9, 8, 7, 6)).append("i8", -128);
      rows[1].append("i8", 127);
    }, 2);

    try (ParquetRows rows = ParquetRows.open(file)) {
      final ValueType[] types = new ValueType[rows.columnCount()];
      for (int c = 0; c < types.length; c++) {
        types[c] = rows.columnType(c);
      }
      assertArrayEquals(new ValueType[] {ValueType.SMALLINT, ValueType.INTEGER, ValueType.BIGINT,
          ValueType.DECIMAL, ValueType.DECIMAL, ValueType.DECIMAL, ValueType.TIMESTAMP,
          ValueType.TIMESTAMP, ValueType.TIMESTAMP, ValueType.TIMESTAMP, ValueType.TIME,
          ValueType.TIME, ValueType.VARCHAR, ValueType.VARCHAR, ValueType.VARCHAR,
          ValueType.VARBINARY, ValueType.VARBINARY, null, ValueType.TINYINT}, types);
      assertEquals("FIXED_LEN_BYTE_ARRAY(16) UUID", rows.parquetType(12));
      assertEquals("INT32 UNKNOWN", rows.parquetType(17));
      final Object[][] batch = rows.next();
      assertEquals(2, batch.length);
      final Object[] first = batch[0];
      assertEquals((short) 255, first[0]);
      assertEquals(65_535, first[1]);
      assertEquals(4_294_967_295L, first[2]);
      assertEquals(new BigDecimal("18446744073709551615"), first[3]);
      assertEquals(new BigDecimal("1234567.89"), first[4]);
      assertEquals(new BigDecimal("-12345678901234567890123456.789"), first[5]);
      assertEquals(1_700_000_000_123L, first[6]);
      assertEquals(-1L, first[7], "micros round down to the millisecond");
      assertEquals(1_700_000_000_123L, first[8]);
      assertEquals(-1L, first[9], "INT96: 1969-12-31 23:59:59.999");
      assertEquals(3_723_004, first[10]);
      assertEquals(3_723_004, first[11]);
      assertEquals("123e4567-e89b-12d3-a456-426614174000", first[12]);
      assertEquals("RED", first[13]);
      assertEquals("{\"a\": 1}", first[14]);
      assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) first[15]);
      assertArrayEquals(new byte[] {9, 8, 7, 6}, (byte[]) first[16]);
      assertNull(first[17]);
      assertEquals((byte) -128, first[18]);
      final Object[] second = new Object[19];
      second[18] = (byte) 127;
      assertArrayEquals(second, batch[1]);
      assertNull(rows.next());
    }
  }

  @Test
  void halfPrecisionFloatsWidenExactly() throws IOException {
    final MessageType schema = Types.buildMessage()
        .optional(FIXED_LEN_BYTE_ARRAY).length(2).as(float16Type()).named("h").named("m");
    final Binary[] halves = {le(0x00, 0x3C), le(0x00, 0xC0), le(0xFF, 0x7B), le(0x01, 0x00),
        le(0x00, 0x80), le(0x00, 0x7C), le(0x00, 0xFC), le(0x00, 0x7E), le(0x55, 0x35)};
    final Path file = write("half.parquet", schema, rows -> {
      for (int i = 0; i < halves.length; i++) {
        rows[i].append("h", halves[i]);
      }
    }, halves.length);
    try (ParquetRows rows = ParquetRows.open(file)) {
      assertEquals(ValueType.REAL, rows.columnType(0));
      final Object[][] batch = rows.next();
      final float[] expected = {1.0f, -2.0f, 65_504f, 0x1p-24f, -0.0f, Float.POSITIVE_INFINITY,
          Float.NEGATIVE_INFINITY, Float.NaN, 0.333251953125f};
      for (int i = 0; i < expected.length; i++) {
        assertEquals(expected[i], (Float) batch[i][0], "half " + i);
      }
    }
  }

  @Test
  void nestedRepeatedAndUnmappedColumnsAreUnsupported() throws IOException {
    final MessageType list = Types.buildMessage()
        .optional(INT32).named("id")
        .optionalGroup().as(listType()).repeatedGroup().optional(INT32).named("element")
        .named("list").named("tags")
        .named("m");
    final MessageType struct = Types.buildMessage()
        .optionalGroup().optional(INT32).named("x").named("point").named("m");
    final MessageType repeated = Types.buildMessage().repeated(INT32).named("r").named("m");
    final MessageType interval = Types.buildMessage()
        .optional(FIXED_LEN_BYTE_ARRAY).length(12).as(intervalType()).named("span").named("m");
    final Consumer<Group[]> nothing = rows -> {
    };
    assertEquals("column tags is a nested LIST; Parquet columns must each hold a single value",
        assertThrows(UnsupportedFileException.class, () -> ParquetRows.open(
            write("list.parquet", list, nothing, 1))).getMessage());
    assertEquals("column point is a nested group (struct); Parquet columns must each hold a"
        + " single value", assertThrows(UnsupportedFileException.class, () -> ParquetRows.open(
            write("struct.parquet", struct, nothing, 1))).getMessage());
    assertEquals("column r is repeated (a list); Parquet columns must each hold a single value",
        assertThrows(UnsupportedFileException.class, () -> ParquetRows.open(
            write("repeated.parquet", repeated, nothing, 1))).getMessage());
    assertEquals("column span has Parquet type FIXED_LEN_BYTE_ARRAY(12) INTERVAL, which has no"
        + " SQL type here", assertThrows(UnsupportedFileException.class,
            () -> ParquetRows.open(write("interval.parquet", interval, nothing, 1))).getMessage());
  }

  @Test
  void codecsOutsideThePureJavaSetAreUnsupported() throws IOException {
    // A file that says its pages are BROTLI-compressed (they are stored as they are).
    final ParquetCodecs real = new ParquetCodecs();
    final CompressionCodecFactory brotli = new CompressionCodecFactory() {
      @Override
      public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return new BytesInputCompressor() {
          @Override
          public BytesInput compress(BytesInput bytes) {
            return bytes;
          }

          @Override
          public CompressionCodecName getCodecName() {
            return CompressionCodecName.BROTLI;
          }

          @Override
          public void release() {
          }
        };
      }

      @Override
      public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        return real.getDecompressor(codec);
      }

      @Override
      public void release() {
      }
    };
    final MessageType schema = Types.buildMessage().optional(INT64).named("n").named("m");
    final Path file = write("brotli.parquet", schema, brotli, CompressionCodecName.BROTLI,
        rows -> rows[0].append("n", 1L), 1);
    assertEquals("column n is compressed with BROTLI; Parquet files can be read when compressed"
        + " with [UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW]",
        assertThrows(UnsupportedFileException.class, () -> ParquetRows.open(file)).getMessage());
  }

  @Test
  void missingEmptyForeignTruncatedAndDamagedFilesAreIoErrors() throws IOException {
    assertThrows(NoSuchFileException.class, () -> ParquetRows.open(dir.resolve("missing.parquet")));
    assertThrows(IOException.class, () -> ParquetRows.open(dir));

    final Path empty = Files.createFile(dir.resolve("empty.parquet"));
    assertNotUnsupported(assertThrows(IOException.class, () -> ParquetRows.open(empty)));

    final Path text = Files.writeString(dir.resolve("text.parquet"),
        "id,name\n1,this is CSV, not Parquet\n", StandardCharsets.UTF_8);
    final IOException notParquet = assertThrows(IOException.class, () -> ParquetRows.open(text));
    assertNotUnsupported(notParquet);
    assertEquals("not a Parquet file (it does not start with the Parquet magic number PAR1)",
        notParquet.getMessage());

    final Path good = dir.resolve("good.parquet");
    try (ParquetRowWriter writer = new ParquetRowWriter(good, new String[] {"n", "s"},
        new ValueType[] {ValueType.BIGINT, ValueType.VARCHAR}, null, null,
        Compression.UNCOMPRESSED)) {
      for (long i = 0; i < 50_000; i++) {
        writer.append(new Object[] {i * 7_919, "value " + i});
      }
    }
    final byte[] bytes = Files.readAllBytes(good);

    final Path truncated = Files.write(dir.resolve("truncated.parquet"),
        Arrays.copyOf(bytes, bytes.length / 2));
    final IOException cut = assertThrows(IOException.class, () -> ParquetRows.open(truncated));
    assertNotUnsupported(cut);
    assertEquals("not a complete Parquet file: it does not end with the magic number PAR1"
        + " (was it cut short?)", cut.getMessage());

    // Both magic numbers, but a footer length pointing outside the file.
    final byte[] badFooter = bytes.clone();
    badFooter[bytes.length - 6] = 0x7F;
    final Path footer = Files.write(dir.resolve("footer.parquet"), badFooter);
    assertNotUnsupported(assertThrows(IOException.class, () -> ParquetRows.open(footer)));

    // Damage page data (past the first page header): the page checksum catches it.
    final byte[] flipped = bytes.clone();
    for (int i = 400; i < 440; i++) {
      flipped[i] ^= 0x5A;
    }
    final Path damaged = Files.write(dir.resolve("damaged.parquet"), flipped);
    final IOException e = assertThrows(IOException.class, () -> {
      try (ParquetRows rows = ParquetRows.open(damaged)) {
        while (rows.next() != null) {
          // read to the end
        }
      }
    });
    assertNotUnsupported(e);
    assertTrue(e.getMessage().startsWith("row group 1: ")
        && e.getMessage().contains("CRC checksum verification failed"), e.getMessage());
  }

  private static void assertNotUnsupported(IOException e) {
    assertFalse(e instanceof UnsupportedFileException, e.toString());
  }

  @Test
  void parquetIoNeverStartsHadoop() throws IOException {
    // Hadoop's jars are on the classpath only for the few classes parquet-hadoop's read options
    // load; none of Hadoop's own dependencies are, so its Configuration cannot even initialize.
    final Throwable hadoop = assertThrows(Throwable.class,
        () -> Class.forName("org.apache.hadoop.conf.Configuration", true,
            getClass().getClassLoader()));
    assertInstanceOf(LinkageError.class, hadoop);
    final Path file = dir.resolve("plain.parquet");
    try (ParquetRowWriter writer = new ParquetRowWriter(file, new String[] {"x"},
        new ValueType[] {ValueType.INTEGER}, null, null, Compression.ZSTD)) {
      writer.append(new Object[] {42});
    }
    try (ParquetRows rows = ParquetRows.open(file)) {
      assertArrayEquals(new Object[] {42}, rows.next()[0]);
    }
  }
}
