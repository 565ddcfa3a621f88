package dev.sorrel.storage.arrow;

import dev.sorrel.storage.ValueType;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

/**
 * Reads values out of an Arrow record batch in the {@link ValueType} Java representation &mdash;
 * the inverse of {@link ArrowRowWriter}, for consumers that are not vectorized. Column types are
 * derived from the vector classes, which map one-to-one to {@code ValueType}s.
 *
 * <p>DECIMAL values come back with the column's scale. The reader does not own the batch and does
 * not close it. Concurrent reads are safe as long as nothing writes the batch meanwhile.
 */
public final class ArrowRowReader {
  private final VectorSchemaRoot root;
  private final FieldVector[] vectors;
  private final ValueType[] types;

  /**
   * Creates a reader over {@code root}.
   *
   * @throws IllegalArgumentException if a column has a vector type storage does not produce
   */
  public ArrowRowReader(VectorSchemaRoot root) {
    this.root = root;
    List<FieldVector> list = root.getFieldVectors();
    this.vectors = list.toArray(new FieldVector[0]);
    this.types = new ValueType[vectors.length];
    for (int i = 0; i < vectors.length; i++) {
      types[i] = ArrowTypes.valueType(vectors[i]);
    }
  }

  /** The number of rows in the batch. */
  public int rowCount() {
    return root.getRowCount();
  }

  /** The number of columns in the batch. */
  public int columnCount() {
    return vectors.length;
  }

  /** The storage type of {@code column}. */
  public ValueType type(int column) {
    return types[column];
  }

  /**
   * The value at ({@code column}, {@code row}), or {@code null} for NULL.
   *
   * @throws IndexOutOfBoundsException if {@code row} is not below {@link #rowCount()}
   */
  public Object get(int column, int row) {
    if (row < 0 || row >= root.getRowCount()) {
      throw new IndexOutOfBoundsException("row " + row + " of " + root.getRowCount());
    }
    FieldVector vector = vectors[column];
    if (vector.isNull(row)) {
      return null;
    }
    switch (types[column]) {
      case BOOLEAN:
        return ((BitVector) vector).get(row) != 0;
      case TINYINT:
        return ((TinyIntVector) vector).get(row);
      case SMALLINT:
        return ((SmallIntVector) vector).get(row);
      case INTEGER:
        return ((IntVector) vector).get(row);
      case BIGINT:
        return ((BigIntVector) vector).get(row);
      case REAL:
        return ((Float4Vector) vector).get(row);
      case DOUBLE:
        return ((Float8Vector) vector).get(row);
      case DECIMAL:
        return ((DecimalVector) vector).getObject(row);
      case VARCHAR:
        return new String(((VarCharVector) vector).get(row), StandardCharsets.UTF_8);
      case VARBINARY:
        return ((VarBinaryVector) vector).get(row);
      case DATE:
        return ((DateDayVector) vector).get(row);
      case TIME:
        return ((TimeMilliVector) vector).get(row);
      case TIMESTAMP:
        return ((TimeStampMilliVector) vector).get(row);
    }
    throw new AssertionError(types[column]);
  }

  /** All values of {@code row}, one per column. */
  public Object[] getRow(int row) {
    Object[] values = new Object[vectors.length];
    for (int c = 0; c < values.length; c++) {
      values[c] = get(c, row);
    }
    return values;
  }
}
