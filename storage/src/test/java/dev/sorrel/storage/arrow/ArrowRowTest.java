package dev.sorrel.storage.arrow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sorrel.storage.ValueType;
import java.math.BigDecimal;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
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
import org.junit.jupiter.api.Test;

class ArrowRowTest {
  private static final ValueType[] ALL = ValueType.values();
  private static final int DECIMAL_COLUMN = ValueType.DECIMAL.ordinal();

  private static String[] names() {
    String[] names = new String[ALL.length];
    for (int i = 0; i < ALL.length; i++) {
      names[i] = "c" + i;
    }
    return names;
  }

  private static int[] scales(int decimalScale) {
    int[] scales = new int[ALL.length];
    scales[DECIMAL_COLUMN] = decimalScale;
    return scales;
  }

  private static Object[] row(int i) {
    return new Object[] {
      i % 2 == 0, (byte) i, (short) (i * 3), i * 1000, (long) i << 40, i / 4.0f, i / 8.0,
      BigDecimal.valueOf(i * 125L, 3), "row \u00e9 " + i, new byte[] {(byte) i, 0}, 19000 + i,
      i * 1000, 1_700_000_000_000L + i
    };
  }

  @Test
  void everyTypeRoundTripsAndMapsToTheDocumentedVector() {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowRowWriter writer = new ArrowRowWriter(allocator, names(), ALL, scales(3))) {
      Object[] nulls = new Object[ALL.length];
      writer.append(row(1));
      writer.append(nulls);
      writer.append(row(-2));
      VectorSchemaRoot root = writer.finish();
      assertEquals(3, root.getRowCount());

      Class<?>[] expectedVectors = {
        BitVector.class, TinyIntVector.class, SmallIntVector.class, IntVector.class,
        BigIntVector.class, Float4Vector.class, Float8Vector.class, DecimalVector.class,
        VarCharVector.class, VarBinaryVector.class, DateDayVector.class, TimeMilliVector.class,
        TimeStampMilliVector.class
      };
      for (int c = 0; c < ALL.length; c++) {
        assertEquals(expectedVectors[c], root.getVector(c).getClass());
        assertEquals(3, root.getVector(c).getValueCount());
      }

      ArrowRowReader reader = new ArrowRowReader(root);
      assertEquals(3, reader.rowCount());
      assertEquals(ALL.length, reader.columnCount());
      for (int c = 0; c < ALL.length; c++) {
        assertEquals(ALL[c], reader.type(c));
      }
      assertRowEquals(row(1), reader.getRow(0));
      assertRowEquals(nulls, reader.getRow(1));
      assertRowEquals(row(-2), reader.getRow(2));
      assertThrows(IndexOutOfBoundsException.class, () -> reader.get(0, 3));
    }
  }

  @Test
  void batchesGrowAndAreReusedAfterReset() {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowRowWriter writer = new ArrowRowWriter(allocator, names(), ALL, scales(3))) {
      for (int batch = 0; batch < 3; batch++) {
        int rows = 5000 + batch;
        for (int i = 0; i < rows; i++) {
          writer.append(i % 7 == 0 ? new Object[ALL.length] : row(i + batch));
        }
        assertEquals(rows, writer.rowCount());
        ArrowRowReader reader = new ArrowRowReader(writer.finish());
        assertEquals(rows, reader.rowCount());
        for (int i = 0; i < rows; i++) {
          assertRowEquals(i % 7 == 0 ? new Object[ALL.length] : row(i + batch), reader.getRow(i));
        }
        writer.reset();
        assertEquals(0, writer.rowCount());
      }
      assertEquals(0, writer.finish().getRowCount());
    }
  }

  @Test
  void decimalsAreRescaledToTheColumnScale() {
    try (BufferAllocator allocator = new RootAllocator();
        ArrowRowWriter writer = new ArrowRowWriter(allocator, new String[] {"d"},
            new ValueType[] {ValueType.DECIMAL}, new int[] {5}, new int[] {2})) {
      writer.append(new Object[] {new BigDecimal("1.5")});
      writer.append(new Object[] {new BigDecimal("1E+2")});
      assertThrows(IllegalArgumentException.class,
          () -> writer.append(new Object[] {new BigDecimal("1.234")}));
      assertThrows(IllegalArgumentException.class,
          () -> writer.append(new Object[] {new BigDecimal("1234.5")}));
      ArrowRowReader reader = new ArrowRowReader(writer.finish());
      assertEquals(2, reader.rowCount());
      assertEquals(new BigDecimal("1.50"), reader.get(0, 0));
      assertEquals(new BigDecimal("100.00"), reader.get(0, 1));
      DecimalVector vector = (DecimalVector) writer.finish().getVector(0);
      assertEquals(5, vector.getPrecision());
      assertEquals(2, vector.getScale());
    }
  }

  @Test
  void invalidInputIsRejected() {
    try (BufferAllocator allocator = new RootAllocator()) {
      assertThrows(IllegalArgumentException.class, () -> new ArrowRowWriter(
          allocator, new String[] {"d"}, new ValueType[] {ValueType.DECIMAL}, null));
      assertThrows(IllegalArgumentException.class, () -> new ArrowRowWriter(
          allocator, new String[] {"a", "b"}, new ValueType[] {ValueType.INTEGER}, null));
      try (ArrowRowWriter writer = new ArrowRowWriter(
          allocator, new String[] {"i"}, new ValueType[] {ValueType.INTEGER}, null)) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> writer.append(new Object[] {1L}));
        assertTrue(e.getMessage().contains("INTEGER"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.append(new Object[0]));
      }
    }
  }

  private static void assertRowEquals(Object[] expected, Object[] actual) {
    assertEquals(expected.length, actual.length);
    for (int c = 0; c < expected.length; c++) {
      if (expected[c] == null) {
        assertNull(actual[c], "column " + c);
      } else if (expected[c] instanceof byte[]) {
        assertArrayEquals((byte[]) expected[c], (byte[]) actual[c]);
      } else if (expected[c] instanceof BigDecimal) {
        assertEquals(0, ((BigDecimal) expected[c]).compareTo((BigDecimal) actual[c]));
      } else {
        assertEquals(expected[c], actual[c], "column " + c);
      }
    }
  }
}
