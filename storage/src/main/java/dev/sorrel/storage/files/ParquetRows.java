package dev.sorrel.storage.files;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.column.impl.ColumnReadStoreImpl;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

import dev.sorrel.storage.ValueType;

/**
 * Reads a flat Parquet file batch by batch, as rows of values in the {@link ValueType} Java
 * representation, column by column through parquet-mr's column readers. No Hadoop runtime is
 * involved: the file is read as a local file with a plain configuration and pure-Java codecs
 * (UNCOMPRESSED, SNAPPY, GZIP, ZSTD, LZ4_RAW).
 *
 * <p>Each top-level column must be a single (required or optional) value; lists, maps and
 * structs are reported as {@link UnsupportedFileException}. Parquet types map to storage types
 * as follows:
 *
 * <ul>
 *   <li>BOOLEAN &rarr; BOOLEAN; FLOAT &rarr; REAL; DOUBLE &rarr; DOUBLE; FLOAT16 &rarr; REAL
 *   <li>INT32 &rarr; INTEGER, INT(8) &rarr; TINYINT, INT(16) &rarr; SMALLINT, INT64 &rarr; BIGINT;
 *       unsigned INT(8), INT(16), INT(32) widen to SMALLINT, INTEGER, BIGINT, and unsigned INT(64)
 *       is read as a DECIMAL with scale 0
 *   <li>DECIMAL (on INT32, INT64, BINARY or FIXED_LEN_BYTE_ARRAY) &rarr; DECIMAL with its scale
 *   <li>DATE &rarr; DATE; TIME (MILLIS, MICROS, NANOS) &rarr; TIME, in milliseconds
 *   <li>TIMESTAMP (MILLIS, MICROS, NANOS; adjusted to UTC or not) and the legacy INT96 &rarr;
 *       TIMESTAMP, in milliseconds (sub-millisecond digits are dropped, rounding down). An
 *       instant (adjusted to UTC) becomes its UTC wall-clock time; a local timestamp keeps its
 *       wall-clock time.
 *   <li>STRING, ENUM, JSON &rarr; VARCHAR; UUID &rarr; VARCHAR in its 36-character form
 *   <li>BINARY and FIXED_LEN_BYTE_ARRAY without a logical type, and BSON &rarr; VARBINARY
 *   <li>the UNKNOWN (null) logical type, whose values are all NULL &rarr; no type ({@code null})
 * </ul>
 *
 * <p>INTERVAL, VARIANT, GEOMETRY and GEOGRAPHY columns are not supported. Not thread-safe.
 */
public final class ParquetRows implements RowBatchReader {
  /** Rows per batch returned by {@link #next()} unless another size is given. */
  public static final int DEFAULT_BATCH_ROWS = 4096;

  /** Days from the Julian day number epoch to 1970-01-01, for INT96 timestamps. */
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ENCRYPTED_MAGIC = "PARE".getBytes(StandardCharsets.US_ASCII);

  private final ParquetFileReader reader;
  private final MessageType schema;
  private final String createdBy;
  private final ColumnDescriptor[] descriptors;
  private final Column[] columns;
  private final long rowCount;
  private final int batchRows;
  private final ColumnReader[] readers;
  private long rowsLeftInGroup;
  private int rowGroup;
  private long rowsRead;

  private ParquetRows(ParquetFileReader reader, MessageType schema, Column[] columns,
      int batchRows) {
    this.reader = reader;
    this.schema = schema;
    this.createdBy = reader.getFooter().getFileMetaData().getCreatedBy();
    this.descriptors = schema.getColumns().toArray(new ColumnDescriptor[0]);
    this.columns = columns;
    this.rowCount = reader.getRecordCount();
    this.batchRows = batchRows;
    this.readers = new ColumnReader[columns.length];
  }

  /** Opens {@code file} with batches of {@value #DEFAULT_BATCH_ROWS} rows. */
  public static ParquetRows open(Path file) throws IOException {
    return open(file, DEFAULT_BATCH_ROWS);
  }

  /**
   * Opens {@code file} and checks that every column can be read.
   *
   * @throws NoSuchFileException if there is no such file
   * @throws UnsupportedFileException if the file is encrypted, or a column is nested or
   *     repeated, has a type without a storage type, or is compressed with a codec other than
   *     those listed above
   * @throws IOException if the file cannot be read or is not a Parquet file
   */
  public static ParquetRows open(Path file, int batchRows) throws IOException {
    if (batchRows < 1) {
      throw new IllegalArgumentException("batch of " + batchRows + " rows");
    }
    if (!Files.exists(file)) {
      throw new NoSuchFileException(file.toString());
    }
    if (Files.isDirectory(file)) {
      throw new IOException(file + " is a directory");
    }
    checkMagic(file);
    final ParquetReadOptions options = ParquetReadOptions.builder(new PlainParquetConfiguration())
        .withCodecFactory(new ParquetCodecs())
        .usePageChecksumVerification(true)
        .build();
    final LocalInputFile input = new LocalInputFile(file) {
      @Override
      public String toString() {
        return file.toString(); // parquet-mr names the file in its messages
      }
    };
    final ParquetFileReader reader;
    try {
      reader = ParquetFileReader.open(input, options);
    } catch (RuntimeException e) {
      // parquet-mr reports a missing magic number or a damaged footer as a RuntimeException.
      throw new IOException(reason(e), e);
    }
    try {
      final MessageType schema = reader.getFooter().getFileMetaData().getSchema();
      final Column[] columns = new Column[schema.getFieldCount()];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = column(schema.getType(i));
      }
      checkCodecs(reader.getFooter().getBlocks());
      return new ParquetRows(reader, schema, columns, batchRows);
    } catch (IOException | RuntimeException e) {
      try {
        reader.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      if (e instanceof IOException io) {
        throw io;
      }
      throw new IOException(reason(e), e);
    }
  }

  /**
   * Tells a file that is not Parquet at all, or cut short, from one whose footer is damaged:
   * a Parquet file starts with the magic number {@code PAR1} and ends with it ({@code PARE}
   * when its footer is encrypted).
   */
  private static void checkMagic(Path file) throws IOException {
    final long size = Files.size(file);
    final byte[] head = new byte[4];
    final byte[] tail = new byte[4];
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      if (size >= 4) {
        channel.read(ByteBuffer.wrap(head));
        channel.position(size - 4);
        channel.read(ByteBuffer.wrap(tail));
      }
    }
    if (size < 12 || !Arrays.equals(head, MAGIC)) {
      throw new IOException("not a Parquet file (" + (size < 12 ? "only " + size + " bytes"
          : "it does not start with the Parquet magic number PAR1") + ")");
    }
    if (Arrays.equals(tail, ENCRYPTED_MAGIC)) {
      throw new UnsupportedFileException("the file is encrypted; encrypted Parquet files are"
          + " not supported");
    }
    if (!Arrays.equals(tail, MAGIC)) {
      throw new IOException("not a complete Parquet file: it does not end with the magic"
          + " number PAR1 (was it cut short?)");
    }
  }

  /** The number of columns. */
  @Override
  public int columnCount() {
    return columns.length;
  }

  /** The names of the columns, in file order. */
  public List<String> columnNames() {
    final List<String> names = new ArrayList<>(columns.length);
    for (Column column : columns) {
      names.add(column.name);
    }
    return Collections.unmodifiableList(names);
  }

  /** The name of {@code column}. */
  @Override
  public String columnName(int column) {
    return columns[column].name;
  }

  /**
   * The storage type of the values of {@code column}, or {@code null} for a column of Parquet's
   * UNKNOWN (null) type, whose values are all NULL.
   */
  @Override
  public ValueType columnType(int column) {
    return columns[column].type;
  }

  /** The column's Parquet type as text, such as {@code INT64 TIMESTAMP(MICROS,true)}. */
  public String parquetType(int column) {
    return columns[column].parquetType;
  }

  /** The column's type as the file declares it, such as {@code Parquet INT64}. */
  @Override
  public String fileType(int column) {
    return "Parquet " + parquetType(column);
  }

  /** The number of rows in the file, from its footer. */
  public long rowCount() {
    return rowCount;
  }

  /** The number of rows returned so far. */
  public long rowsRead() {
    return rowsRead;
  }

  /**
   * The next batch of rows, or {@code null} after the last. Each row has {@link #columnCount()}
   * values in the storage representation of {@link #columnType}, {@code null} for NULL. A batch
   * holds at most the batch size given to {@link #open(Path, int)} and never spans row groups.
   *
   * @throws IOException if the data is damaged or cannot be read
   */
  @Override
  public Object[][] next() throws IOException {
    while (rowsLeftInGroup == 0) {
      final PageReadStore pages;
      try {
        pages = reader.readNextRowGroup();
      } catch (RuntimeException e) {
        throw new IOException("row group " + (rowGroup + 1) + ": " + reason(e), e);
      }
      if (pages == null) {
        return null;
      }
      rowGroup++;
      final ColumnReadStoreImpl store = new ColumnReadStoreImpl(pages, IgnoringConverter.ROOT,
          schema, createdBy);
      for (int c = 0; c < readers.length; c++) {
        try {
          readers[c] = store.getColumnReader(descriptors[c]);
        } catch (RuntimeException e) {
          throw damaged(c, e);
        }
      }
      rowsLeftInGroup = pages.getRowCount();
    }
    final int n = (int) Math.min(batchRows, rowsLeftInGroup);
    final Object[][] rows = new Object[n][columns.length];
    for (int c = 0; c < columns.length; c++) {
      final ColumnReader column = readers[c];
      final Decoder decoder = columns[c].decoder;
      final int defined = descriptors[c].getMaxDefinitionLevel();
      try {
        for (int r = 0; r < n; r++) {
          if (column.getCurrentDefinitionLevel() == defined) {
            rows[r][c] = decoder.read(column);
          }
          column.consume();
        }
      } catch (RuntimeException e) {
        throw damaged(c, e);
      }
    }
    rowsLeftInGroup -= n;
    rowsRead += n;
    return rows;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }

  private IOException damaged(int column, RuntimeException e) {
    return new IOException("column " + columns[column].name + ", row group " + rowGroup
        + " (rows from " + (rowsRead + 1) + "): " + reason(e), e);
  }

  private static String reason(Throwable e) {
    final StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    // parquet-mr wraps the useful message ("can not read page", "CRC checksum verification
    // failed") around its cause: show the first distinct cause too.
    for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
        break;
      }
    }
    return text.toString();
  }

  private static void checkCodecs(List<BlockMetaData> blocks) throws UnsupportedFileException {
    for (BlockMetaData block : blocks) {
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        if (!ParquetCodecs.SUPPORTED.contains(chunk.getCodec())) {
          throw new UnsupportedFileException("column " + chunk.getPath().toDotString()
              + " is compressed with " + chunk.getCodec() + "; Parquet files can be read when"
              + " compressed with " + ParquetCodecs.SUPPORTED);
        }
      }
    }
  }

  // ------------------------------------------------------------ column types

  /** Reads the current (non-null) value of a column reader. */
  @FunctionalInterface
  private interface Decoder {
    Object read(ColumnReader reader);
  }

  private record Column(String name, ValueType type, String parquetType, Decoder decoder) {
  }

  private static Column column(Type field) throws UnsupportedFileException {
    final String name = field.getName();
    if (!field.isPrimitive()) {
      final LogicalTypeAnnotation logical = field.getLogicalTypeAnnotation();
      throw new UnsupportedFileException("column " + name + " is a nested "
          + (logical == null ? "group (struct)" : logical.toString())
          + "; Parquet columns must each hold a single value");
    }
    if (field.isRepetition(Type.Repetition.REPEATED)) {
      throw new UnsupportedFileException("column " + name + " is repeated (a list);"
          + " Parquet columns must each hold a single value");
    }
    final PrimitiveType primitive = field.asPrimitiveType();
    final LogicalTypeAnnotation logical = primitive.getLogicalTypeAnnotation();
    final String parquetType = primitive.getPrimitiveTypeName()
        + (primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
            ? "(" + primitive.getTypeLength() + ")" : "")
        + (logical == null ? "" : " " + logical);
    if (logical instanceof LogicalTypeAnnotation.UnknownLogicalTypeAnnotation) {
      return new Column(name, null, parquetType, r -> null);
    }
    final Column column = switch (primitive.getPrimitiveTypeName()) {
      case BOOLEAN -> logical == null
          ? new Column(name, ValueType.BOOLEAN, parquetType, ColumnReader::getBoolean) : null;
      case FLOAT -> logical == null
          ? new Column(name, ValueType.REAL, parquetType, ColumnReader::getFloat) : null;
      case DOUBLE -> logical == null
          ? new Column(name, ValueType.DOUBLE, parquetType, ColumnReader::getDouble) : null;
      case INT32 -> int32(name, parquetType, logical);
      case INT64 -> int64(name, parquetType, logical);
      case INT96 -> logical == null
          ? new Column(name, ValueType.TIMESTAMP, parquetType, r -> int96(r.getBinary())) : null;
      case BINARY, FIXED_LEN_BYTE_ARRAY -> bytes(name, parquetType, primitive, logical);
    };
    if (column == null) {
      throw new UnsupportedFileException("column " + name + " has Parquet type " + parquetType
          + ", which has no SQL type here");
    }
    return column;
  }

  private static Column int32(String name, String parquetType, LogicalTypeAnnotation logical) {
    if (logical == null) {
      return new Column(name, ValueType.INTEGER, parquetType, ColumnReader::getInteger);
    }
    if (logical instanceof IntLogicalTypeAnnotation i) {
      final int bits = i.getBitWidth();
      if (i.isSigned()) {
        return switch (bits) {
          case 8 -> new Column(name, ValueType.TINYINT, parquetType,
              r -> (byte) r.getInteger());
          case 16 -> new Column(name, ValueType.SMALLINT, parquetType,
              r -> (short) r.getInteger());
          default -> new Column(name, ValueType.INTEGER, parquetType, ColumnReader::getInteger);
        };
      }
      return switch (bits) {
        case 8 -> new Column(name, ValueType.SMALLINT, parquetType,
            r -> (short) (r.getInteger() & 0xFF));
        case 16 -> new Column(name, ValueType.INTEGER, parquetType,
            r -> r.getInteger() & 0xFFFF);
        default -> new Column(name, ValueType.BIGINT, parquetType,
            r -> Integer.toUnsignedLong(r.getInteger()));
      };
    }
    if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
      return new Column(name, ValueType.DATE, parquetType, ColumnReader::getInteger);
    }
    if (logical instanceof TimeLogicalTypeAnnotation t && t.getUnit() == TimeUnit.MILLIS) {
      return new Column(name, ValueType.TIME, parquetType, ColumnReader::getInteger);
    }
    if (logical instanceof DecimalLogicalTypeAnnotation d) {
      final int scale = d.getScale();
      return new Column(name, ValueType.DECIMAL, parquetType,
          r -> BigDecimal.valueOf(r.getInteger(), scale));
    }
    return null;
  }

  private static Column int64(String name, String parquetType, LogicalTypeAnnotation logical) {
    if (logical == null) {
      return new Column(name, ValueType.BIGINT, parquetType, ColumnReader::getLong);
    }
    if (logical instanceof IntLogicalTypeAnnotation i) {
      if (i.isSigned()) {
        return new Column(name, ValueType.BIGINT, parquetType, ColumnReader::getLong);
      }
      return new Column(name, ValueType.DECIMAL, parquetType, r -> unsigned(r.getLong()));
    }
    if (logical instanceof TimestampLogicalTypeAnnotation t) {
      final long perMilli = perMilli(t.getUnit());
      return new Column(name, ValueType.TIMESTAMP, parquetType,
          r -> Math.floorDiv(r.getLong(), perMilli));
    }
    if (logical instanceof TimeLogicalTypeAnnotation t) {
      final long perMilli = perMilli(t.getUnit());
      return new Column(name, ValueType.TIME, parquetType,
          r -> (int) Math.floorDiv(r.getLong(), perMilli));
    }
    if (logical instanceof DecimalLogicalTypeAnnotation d) {
      final int scale = d.getScale();
      return new Column(name, ValueType.DECIMAL, parquetType,
          r -> BigDecimal.valueOf(r.getLong(), scale));
    }
    return null;
  }

  private static Column bytes(String name, String parquetType, PrimitiveType primitive,
      LogicalTypeAnnotation logical) {
    if (logical == null || logical instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
      return new Column(name, ValueType.VARBINARY, parquetType, r -> r.getBinary().getBytes());
    }
    if (logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
        || logical instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
      return new Column(name, ValueType.VARCHAR, parquetType,
          r -> r.getBinary().toStringUsingUTF8());
    }
    if (logical instanceof DecimalLogicalTypeAnnotation d) {
      final int scale = d.getScale();
      return new Column(name, ValueType.DECIMAL, parquetType,
          r -> new BigDecimal(new BigInteger(r.getBinary().getBytes()), scale));
    }
    final boolean fixed =
        primitive.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY;
    if (fixed && logical instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
      return new Column(name, ValueType.VARCHAR, parquetType, r -> uuid(r.getBinary()));
    }
    if (fixed && logical instanceof LogicalTypeAnnotation.Float16LogicalTypeAnnotation) {
      return new Column(name, ValueType.REAL, parquetType, r -> float16(r.getBinary()));
    }
    return null;
  }

  private static long perMilli(TimeUnit unit) {
    return switch (unit) {
      case MILLIS -> 1L;
      case MICROS -> 1_000L;
      case NANOS -> 1_000_000L;
    };
  }

  private static BigDecimal unsigned(long value) {
    return value >= 0 ? BigDecimal.valueOf(value)
        : new BigDecimal(new BigInteger(Long.toUnsignedString(value)));
  }

  /** A legacy INT96 timestamp: nanoseconds of the day, then the Julian day, little-endian. */
  private static long int96(Binary value) {
    final ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.remaining() != 12) {
      throw new IllegalStateException("INT96 value of " + bytes.remaining() + " bytes");
    }
    final long nanos = bytes.getLong(bytes.position());
    final long julianDay = Integer.toUnsignedLong(bytes.getInt(bytes.position() + 8));
    return (julianDay - JULIAN_DAY_OF_EPOCH) * MILLIS_PER_DAY + Math.floorDiv(nanos, 1_000_000L);
  }

  private static String uuid(Binary value) {
    final ByteBuffer bytes = value.toByteBuffer();
    if (bytes.remaining() != 16) {
      throw new IllegalStateException("UUID value of " + bytes.remaining() + " bytes");
    }
    return new UUID(bytes.getLong(bytes.position()), bytes.getLong(bytes.position() + 8))
        .toString();
  }

  /** An IEEE 754 half-precision value, stored little-endian. */
  private static float float16(Binary value) {
    final ByteBuffer bytes = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    if (bytes.remaining() != 2) {
      throw new IllegalStateException("FLOAT16 value of " + bytes.remaining() + " bytes");
    }
    final int half = bytes.getShort(bytes.position()) & 0xFFFF;
    final int sign = (half >>> 15) << 31;
    final int exponent = (half >>> 10) & 0x1F;
    final int mantissa = half & 0x3FF;
    if (exponent == 0x1F) {
      return Float.intBitsToFloat(sign | 0x7F80_0000 | (mantissa << 13)); // infinity or NaN
    }
    if (exponent == 0) {
      // Zero or subnormal: mantissa * 2^-24, exactly representable as a float.
      final float magnitude = mantissa * 0x1p-24f;
      return sign == 0 ? magnitude : -magnitude;
    }
    return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
  }

  /**
   * The record converter {@link ColumnReadStoreImpl} asks for: unused, since values are taken
   * from the column readers directly.
   */
  private static final class IgnoringConverter extends GroupConverter {
    static final IgnoringConverter ROOT = new IgnoringConverter();
    private static final PrimitiveConverter PRIMITIVE = new PrimitiveConverter() {
    };

    @Override
    public Converter getConverter(int fieldIndex) {
      return PRIMITIVE;
    }

    @Override
    public void start() {
    }

    @Override
    public void end() {
    }
  }
}
