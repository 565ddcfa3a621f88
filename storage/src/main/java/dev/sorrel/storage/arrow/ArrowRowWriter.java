package dev.sorrel.storage.arrow;

import dev.sorrel.storage.ColumnarBatch;
import dev.sorrel.storage.ValueType;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeStampMilliVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Builds Arrow record batches row by row from values in the {@link ValueType} Java representation.
 * A batch &mdash; one filled {@link VectorSchemaRoot} &mdash; is the unit vectorized consumers of a
 * scan see; the writer is reused across batches via {@link #reset()}.
 *
 * <p>Column types map to vectors as BOOLEAN&rarr;{@code BitVector}, TINYINT&rarr;{@code
 * TinyIntVector}, SMALLINT&rarr;{@code SmallIntVector}, INTEGER&rarr;{@code IntVector},
 * BIGINT&rarr;{@code BigIntVector}, REAL&rarr;{@code Float4Vector}, DOUBLE&rarr;{@code
 * Float8Vector}, DECIMAL&rarr;{@code DecimalVector(precision, scale)}, VARCHAR&rarr;{@code
 * VarCharVector}, VARBINARY&rarr;{@code VarBinaryVector}, DATE&rarr;{@code DateDayVector},
 * TIME&rarr;{@code TimeMilliVector}, TIMESTAMP&rarr;{@code TimeStampMilliVector} (no time zone;
 * values are UTC milliseconds). DECIMAL values are rescaled to the column's scale and must fit
 * without rounding and within its precision.
 *
 * <p>Usage: {@link #append} rows, {@link #finish()} to obtain the batch, hand it to the consumer,
 * {@link #reset()}, repeat; {@link #close()} releases the vectors' memory. The writer owns the
 * root; consumers must not close it. Not thread-safe.
 */
public final class ArrowRowWriter implements AutoCloseable {
  /** Default DECIMAL precision: the maximum a 128-bit Arrow decimal holds. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  private final ValueType[] types;
  private final int[] scales;
  private final FieldVector[] vectors;
  private final VectorSchemaRoot root;
  private int rowCount;

  /**
   * Creates a writer whose DECIMAL columns have precision {@value #MAX_DECIMAL_PRECISION}.
   *
   * @param decimalScales the scale of each DECIMAL column by column index (entries for other
   *     columns are ignored); may be {@code null} only if there are no DECIMAL columns
   */
  public ArrowRowWriter(
      BufferAllocator allocator, String[] names, ValueType[] types, int[] decimalScales) {
    this(allocator, names, types, null, decimalScales);
  }

  /**
   * Creates a writer with explicit DECIMAL precisions and scales.
   *
   * @param decimalPrecisions the precision of each DECIMAL column by column index, or {@code null}
   *     for {@value #MAX_DECIMAL_PRECISION} throughout
   * @param decimalScales the scale of each DECIMAL column by column index; may be {@code null}
   *     only if there are no DECIMAL columns
   */
  public ArrowRowWriter(
      BufferAllocator allocator,
      String[] names,
      ValueType[] types,
      int[] decimalPrecisions,
      int[] decimalScales) {
    if (names.length != types.length) {
      throw new IllegalArgumentException(
          names.length + " column names for " + types.length + " column types");
    }
    this.types = types.clone();
    this.scales = new int[types.length];
    List<Field> fields = new ArrayList<>(types.length);
    for (int i = 0; i < types.length; i++) {
      int precision = 0;
      if (types[i] == ValueType.DECIMAL) {
        if (decimalScales == null || decimalScales.length <= i) {
          throw new IllegalArgumentException("no scale given for DECIMAL column " + names[i]);
        }
        precision = decimalPrecisions == null ? MAX_DECIMAL_PRECISION : decimalPrecisions[i];
        scales[i] = decimalScales[i];
        if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scales[i] < 0
            || scales[i] > precision) {
          throw new IllegalArgumentException(
              "invalid DECIMAL(" + precision + ", " + scales[i] + ") for column " + names[i]);
        }
      }
      fields.add(
          new Field(
              names[i],
              FieldType.nullable(ArrowTypes.arrowType(types[i], precision, scales[i])),
              null));
    }
    this.root = VectorSchemaRoot.create(new Schema(fields), allocator);
    try {
      root.allocateNew();
    } catch (RuntimeException e) {
      root.close();
      throw e;
    }
    this.vectors = root.getFieldVectors().toArray(new FieldVector[0]);
  }

  /**
   * Appends one row.
   *
   * @param row one value per column in the {@link ValueType} representation, {@code null} for NULL
   * @throws IllegalArgumentException if the row has the wrong length, a value has the wrong class,
   *     or a DECIMAL does not fit its column
   */
  public void append(Object[] row) {
    if (row.length != types.length) {
      throw new IllegalArgumentException(
          "row has " + row.length + " values, batch has " + types.length + " columns");
    }
    int index = rowCount;
    for (int c = 0; c < types.length; c++) {
      Object value = types[c].checkValue(row[c]);
      if (value == null) {
        setNull(vectors[c], index);
      } else {
        set(c, index, value);
      }
    }
    rowCount++;
  }

  /**
   * Appends the rows of a batch whose columns have this writer's types, copying the primitive
   * columns' values straight into the vectors.
   *
   * @throws IllegalArgumentException if the batch has other columns, or a DECIMAL does not fit
   *     its column
   */
  public void append(ColumnarBatch batch) {
    if (batch.width() != types.length) {
      throw new IllegalArgumentException(
          "batch has " + batch.width() + " columns, this writer " + types.length);
    }
    final int size = batch.size();
    final int first = rowCount;
    for (int c = 0; c < types.length; c++) {
      final FieldVector vector = vectors[c];
      final boolean[] nulls = batch.nulls(c);
      for (int r = 0; r < size; r++) {
        final int index = first + r;
        if (nulls[r]) {
          setNull(vector, index);
          continue;
        }
        switch (types[c]) {
          case BOOLEAN -> ((BitVector) vector).setSafe(index, batch.longs(c)[r] != 0 ? 1 : 0);
          case TINYINT -> ((TinyIntVector) vector).setSafe(index, (byte) batch.longs(c)[r]);
          case SMALLINT -> ((SmallIntVector) vector).setSafe(index, (short) batch.longs(c)[r]);
          case INTEGER -> ((IntVector) vector).setSafe(index, (int) batch.longs(c)[r]);
          case BIGINT -> ((BigIntVector) vector).setSafe(index, batch.longs(c)[r]);
          case REAL -> ((Float4Vector) vector).setSafe(index, (float) batch.doubles(c)[r]);
          case DOUBLE -> ((Float8Vector) vector).setSafe(index, batch.doubles(c)[r]);
          case DATE -> ((DateDayVector) vector).setSafe(index, (int) batch.longs(c)[r]);
          case TIME -> ((TimeMilliVector) vector).setSafe(index, (int) batch.longs(c)[r]);
          case TIMESTAMP -> ((TimeStampMilliVector) vector).setSafe(index, batch.longs(c)[r]);
          case DECIMAL, VARCHAR, VARBINARY -> set(c, index, batch.objects(c)[r]);
        }
      }
    }
    rowCount += size;
  }

  /** The number of rows appended since construction or the last {@link #reset()}. */
  public int rowCount() {
    return rowCount;
  }

  /**
   * Seals the current batch: sets every vector's value count and the root's row count. The root
   * stays owned by this writer and is valid until the next {@link #reset()} or {@link #close()}.
   */
  public VectorSchemaRoot finish() {
    for (FieldVector vector : vectors) {
      vector.setValueCount(rowCount);
    }
    root.setRowCount(rowCount);
    return root;
  }

  /** Empties the batch for the next one, keeping the allocated buffers. */
  public void reset() {
    for (FieldVector vector : vectors) {
      vector.reset();
    }
    root.setRowCount(0);
    rowCount = 0;
  }

  /** Releases the vectors' memory back to the allocator. */
  @Override
  public void close() {
    root.close();
  }

  private static void setNull(FieldVector vector, int index) {
    // Both fixed- and variable-width setNull grow the validity buffer as needed.
    if (vector instanceof BaseFixedWidthVector) {
      ((BaseFixedWidthVector) vector).setNull(index);
    } else {
      ((BaseVariableWidthVector) vector).setNull(index);
    }
  }

  private void set(int column, int index, Object value) {
    FieldVector vector = vectors[column];
    switch (types[column]) {
      case BOOLEAN:
        ((BitVector) vector).setSafe(index, (Boolean) value ? 1 : 0);
        break;
      case TINYINT:
        ((TinyIntVector) vector).setSafe(index, (Byte) value);
        break;
      case SMALLINT:
        ((SmallIntVector) vector).setSafe(index, (Short) value);
        break;
      case INTEGER:
        ((IntVector) vector).setSafe(index, (Integer) value);
        break;
      case BIGINT:
        ((BigIntVector) vector).setSafe(index, (Long) value);
        break;
      case REAL:
        ((Float4Vector) vector).setSafe(index, (Float) value);
        break;
      case DOUBLE:
        ((Float8Vector) vector).setSafe(index, (Double) value);
        break;
      case DECIMAL:
        ((DecimalVector) vector).setSafe(index, rescale(column, (BigDecimal) value));
        break;
      case VARCHAR:
        ((VarCharVector) vector).setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
        break;
      case VARBINARY:
        ((VarBinaryVector) vector).setSafe(index, (byte[]) value);
        break;
      case DATE:
        ((DateDayVector) vector).setSafe(index, (Integer) value);
        break;
      case TIME:
        ((TimeMilliVector) vector).setSafe(index, (Integer) value);
        break;
      case TIMESTAMP:
        ((TimeStampMilliVector) vector).setSafe(index, (Long) value);
        break;
    }
  }

  private BigDecimal rescale(int column, BigDecimal value) {
    int scale = scales[column];
    BigDecimal scaled;
    try {
      scaled = value.scale() == scale ? value : value.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "DECIMAL value " + value + " does not fit scale " + scale + " of column "
              + vectors[column].getName(), e);
    }
    int precision = ((DecimalVector) vectors[column]).getPrecision();
    if (scaled.precision() > precision) {
      throw new IllegalArgumentException(
          "DECIMAL value " + value + " exceeds precision " + precision + " of column "
              + vectors[column].getName());
    }
    return scaled;
  }
}
