package dev.sorrel.storage.files;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

import dev.sorrel.storage.ValueType;

/**
 * Writes rows of values in the {@link ValueType} Java representation to a Parquet file, through
 * parquet-mr's writer with a local file, a plain configuration and pure-Java codecs (no Hadoop
 * runtime). Every column is OPTIONAL (nullable) and typed as readers such as pandas/pyarrow,
 * DuckDB and Spark expect:
 *
 * <ul>
 *   <li>BOOLEAN &rarr; BOOLEAN; REAL &rarr; FLOAT; DOUBLE &rarr; DOUBLE
 *   <li>TINYINT, SMALLINT &rarr; INT32 annotated INT(8) and INT(16); INTEGER &rarr; INT32;
 *       BIGINT &rarr; INT64
 *   <li>DECIMAL(p, s) &rarr; DECIMAL(p, s) on INT32 (p &le; 9), INT64 (p &le; 18) or
 *       FIXED_LEN_BYTE_ARRAY (p &le; {@value #MAX_DECIMAL_PRECISION})
 *   <li>VARCHAR &rarr; BINARY STRING; VARBINARY &rarr; BINARY
 *   <li>DATE &rarr; INT32 DATE; TIME &rarr; INT32 TIME(MILLIS, not adjusted to UTC)
 *   <li>TIMESTAMP &rarr; INT64 TIMESTAMP(MICROS, not adjusted to UTC): a timestamp without time
 *       zone, as SQL's TIMESTAMP is, which DuckDB reads as TIMESTAMP, pandas as a naive
 *       {@code datetime64} and Spark as TIMESTAMP_NTZ (3.4 on) or TIMESTAMP
 * </ul>
 *
 * <p>DECIMAL values are rescaled to the column's scale and must fit it without rounding and
 * within its precision. Rows are buffered up to a row group ({@value #DEFAULT_ROW_GROUP_BYTES}
 * bytes by default) and written page by page with dictionary encoding where it pays;
 * {@link #close()} writes the footer. Not thread-safe.
 */
public final class ParquetRowWriter implements RowWriter {
  /** The largest DECIMAL precision written (16-byte FIXED_LEN_BYTE_ARRAY, as Spark and DuckDB). */
  public static final int MAX_DECIMAL_PRECISION = 38;

  /** Target size of a row group, the unit readers parallelize and skip by. */
  public static final long DEFAULT_ROW_GROUP_BYTES = 64L << 20;

  /** Page compression. All are pure Java here and read by pyarrow, DuckDB and Spark. */
  public enum Compression {
    /** No compression. */
    UNCOMPRESSED(CompressionCodecName.UNCOMPRESSED),
    /** Snappy: fast, the default of pyarrow, DuckDB and Spark. */
    SNAPPY(CompressionCodecName.SNAPPY),
    /** GZIP (deflate): smaller than Snappy, slower. */
    GZIP(CompressionCodecName.GZIP),
    /** Zstandard (level 3): about as small as GZIP, faster. */
    ZSTD(CompressionCodecName.ZSTD),
    /** LZ4 raw blocks: fast; older readers only know the deprecated Hadoop-framed LZ4. */
    LZ4_RAW(CompressionCodecName.LZ4_RAW);

    private final CompressionCodecName codec;

    Compression(CompressionCodecName codec) {
      this.codec = codec;
    }

    /** parquet-java's name of the codec. */
    CompressionCodecName codec() {
      return codec;
    }
  }

  private final ParquetSchema schema;
  private final String[] names;
  private final ValueType[] types;
  private final ParquetWriter<Object[]> writer;
  private long rowCount;

  /**
   * Creates (or replaces) {@code file} for rows of the given columns.
   *
   * @param decimalPrecisions the precision of each DECIMAL column by column index (1 to
   *     {@value #MAX_DECIMAL_PRECISION}); may be {@code null} only if there are no DECIMAL
   *     columns
   * @param decimalScales the scale of each DECIMAL column by column index (0 to its precision);
   *     may be {@code null} only if there are no DECIMAL columns
   * @throws IllegalArgumentException if two columns have the same name, or a DECIMAL column's
   *     precision or scale is missing or out of range
   * @throws IOException if the file cannot be created
   */
  public ParquetRowWriter(Path file, String[] names, ValueType[] types, int[] decimalPrecisions,
      int[] decimalScales, Compression compression) throws IOException {
    this(file, names, types, decimalPrecisions, decimalScales, compression,
        DEFAULT_ROW_GROUP_BYTES);
  }

  /** As the public constructor, with the row group size given (for tests). */
  ParquetRowWriter(Path file, String[] names, ValueType[] types, int[] decimalPrecisions,
      int[] decimalScales, Compression compression, long rowGroupBytes) throws IOException {
    this.schema = new ParquetSchema(names, types, decimalPrecisions, decimalScales);
    this.names = schema.names;
    this.types = schema.types;
    final MessageType messageType = schema.messageType;
    final OutputFile output = new LocalOutputFile(file);
    this.writer = new Builder(output, new RowWriteSupport(messageType))
        .withConf(new PlainParquetConfiguration())
        .withCodecFactory(new ParquetCodecs())
        .withCompressionCodec(compression.codec)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withRowGroupSize(rowGroupBytes)
        .withDictionaryEncoding(true)
        .withValidation(false)
        .build();
  }

  /**
   * Appends one row. A row that is rejected is not written, and the writer stays usable.
   *
   * @param row one value per column in the {@link ValueType} representation, {@code null} for
   *     NULL
   * @throws IllegalArgumentException if the row has the wrong length, a value has the wrong
   *     class, or a DECIMAL does not fit its column
   * @throws IOException if writing the file fails
   */
  @Override
  public void append(Object[] row) throws IOException {
    if (row.length != types.length) {
      throw new IllegalArgumentException(
          "row has " + row.length + " values, the file has " + types.length + " columns");
    }
    final Object[] values = new Object[row.length];
    for (int c = 0; c < row.length; c++) {
      final Object value = types[c].checkValue(row[c]);
      values[c] = value == null ? null : parquetValue(c, value);
    }
    writer.write(values);
    rowCount++;
  }

  /** The number of rows appended. */
  public long rowCount() {
    return rowCount;
  }

  /** Writes the last row group and the footer, and closes the file. */
  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** The value as the record consumer takes it (validated here, so a write cannot fail half-way). */
  private Object parquetValue(int c, Object value) {
    return switch (types[c]) {
      case BOOLEAN, INTEGER, BIGINT, REAL, DOUBLE, DATE, TIME -> value;
      case TINYINT -> (int) (Byte) value;
      case SMALLINT -> (int) (Short) value;
      case DECIMAL -> schema.decimal(c, (BigDecimal) value);
      case VARCHAR -> Binary.fromString((String) value);
      case VARBINARY -> Binary.fromConstantByteArray((byte[]) value);
      case TIMESTAMP -> schema.timestampMicros(c, (Long) value);
    };
  }

  /** Hands prepared rows to parquet-mr's record consumer, skipping NULLs. */
  private final class RowWriteSupport extends WriteSupport<Object[]> {
    private final MessageType schema;
    private RecordConsumer consumer;

    RowWriteSupport(MessageType schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(schema, Map.of());
    }

    /** Required by the API; never called, as the writer is built with a plain configuration. */
    @Override
    @SuppressWarnings("deprecation")
    public WriteContext init(Configuration configuration) {
      return new WriteContext(schema, Map.of());
    }

    @Override
    public String getName() {
      return "sorrel";
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      this.consumer = recordConsumer;
    }

    @Override
    public void write(Object[] values) {
      consumer.startMessage();
      for (int c = 0; c < values.length; c++) {
        final Object value = values[c];
        if (value == null) {
          continue;
        }
        consumer.startField(names[c], c);
        switch (types[c]) {
          case BOOLEAN -> consumer.addBoolean((Boolean) value);
          case TINYINT, SMALLINT, INTEGER, DATE, TIME -> consumer.addInteger((Integer) value);
          case BIGINT, TIMESTAMP -> consumer.addLong((Long) value);
          case REAL -> consumer.addFloat((Float) value);
          case DOUBLE -> consumer.addDouble((Double) value);
          case DECIMAL -> {
            if (value instanceof Integer i) {
              consumer.addInteger(i);
            } else if (value instanceof Long l) {
              consumer.addLong(l);
            } else {
              consumer.addBinary((Binary) value);
            }
          }
          case VARCHAR, VARBINARY -> consumer.addBinary((Binary) value);
          default -> throw new AssertionError(types[c]);
        }
        consumer.endField(names[c], c);
      }
      consumer.endMessage();
    }
  }

  /** parquet-mr's writer builder for {@link RowWriteSupport}. */
  private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
    private final WriteSupport<Object[]> support;

    Builder(OutputFile file, WriteSupport<Object[]> support) {
      super(file);
      this.support = support;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
      return support;
    }

    /** Required by the API; never called, as the writer is built with a plain configuration. */
    @Override
    @SuppressWarnings("deprecation")
    protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
      return support;
    }
  }
}
