package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowCodecTest {
  private static final ValueType[] ALL = ValueType.values();

  private static Object[] sampleRow() {
    return new Object[] {
      true, (byte) -7, (short) 30000, Integer.MIN_VALUE, Long.MAX_VALUE, -0.0f, Double.NaN,
      new BigDecimal("-12345678901234567890.123456789"), "h\u00e9llo \uD83D\uDE00 \0",
      new byte[] {0, (byte) 0xFF, 3}, 19000, 86_399_999, 1_700_000_000_123L
    };
  }

  @Test
  void decodesFromPartOfABufferIntoPartOfARow() {
    RowCodec codec = new RowCodec(ALL);
    Object[] row = sampleRow();
    byte[] encoded = codec.encode(row);
    // The row between other bytes, as a reused read buffer holds it.
    byte[] buffer = new byte[encoded.length + 10];
    Arrays.fill(buffer, (byte) 0x7F);
    System.arraycopy(encoded, 0, buffer, 4, encoded.length);
    Object[] out = {"left", 1, null, null, null};
    codec.decode(buffer, 4, 4 + encoded.length, new int[] {8, 4, 12}, out, 2);
    assertEquals("left", out[0]);
    assertEquals(1, out[1]);
    assertEquals(row[8], out[2]);
    assertEquals(row[4], out[3]);
    assertEquals(row[12], out[4]);
    // A range cut short is corrupt even though the buffer goes on.
    assertThrows(StorageException.class, () -> codec.decode(buffer, 4, 4 + encoded.length - 3,
        new int[] {12}, new Object[1], 0));
    assertThrows(IllegalArgumentException.class, () -> codec.decode(buffer, 4,
        4 + encoded.length, new int[] {0, 1}, new Object[2], 1));
  }

  @Test
  void everyTypeRoundTrips() {
    RowCodec codec = new RowCodec(ALL);
    Object[] row = sampleRow();
    assertRowEquals(row, codec.decode(codec.encode(row)));
  }

  @Test
  void nullsRoundTrip() {
    RowCodec codec = new RowCodec(ALL);
    Object[] allNull = new Object[ALL.length];
    byte[] bytes = codec.encode(allNull);
    assertEquals(1 + 2, bytes.length); // count varint + 2-byte bitmap, no values
    assertRowEquals(allNull, codec.decode(bytes));

    Object[] row = sampleRow();
    for (int i = 0; i < row.length; i += 2) {
      row[i] = null;
    }
    assertRowEquals(row, codec.decode(codec.encode(row)));
  }

  @Test
  void randomRowsRoundTrip() {
    Random random = new Random(99);
    for (int i = 0; i < 2000; i++) {
      ValueType[] types = new ValueType[random.nextInt(20)];
      for (int c = 0; c < types.length; c++) {
        types[c] = ALL[random.nextInt(ALL.length)];
      }
      RowCodec codec = new RowCodec(types);
      Object[] row = new Object[types.length];
      for (int c = 0; c < types.length; c++) {
        row[c] = KeyEncoderTest.randomValue(types[c], random);
      }
      assertRowEquals(row, codec.decode(codec.encode(row)));
    }
  }

  @Test
  void edgeValuesRoundTripExactly() {
    RowCodec codec = new RowCodec(new ValueType[] {
      ValueType.DECIMAL, ValueType.DECIMAL, ValueType.DECIMAL, ValueType.VARCHAR,
      ValueType.VARBINARY, ValueType.REAL
    });
    Object[] row = {
      new BigDecimal("1.000"), new BigDecimal("1E+30"),
      new BigDecimal(BigInteger.ONE.shiftLeft(300).negate(), Integer.MIN_VALUE),
      "x".repeat(300), new byte[0], Float.intBitsToFloat(0x7FC00123)
    };
    Object[] back = codec.decode(codec.encode(row));
    // Row encoding preserves the scale and raw float bits exactly, unlike keys.
    assertEquals(row[0], back[0]);
    assertEquals(row[1], back[1]);
    assertEquals(row[2], back[2]);
    assertEquals(row[3], back[3]);
    assertArrayEquals((byte[]) row[4], (byte[]) back[4]);
    assertEquals(0x7FC00123, Float.floatToRawIntBits((Float) back[5]));
  }

  @Test
  void projectedDecodeReadsOnlyTheListedColumns() {
    RowCodec codec = new RowCodec(ALL);
    Object[] row = sampleRow();
    row[3] = null;
    byte[] bytes = codec.encode(row);

    int[][] projections = {
      {}, {0}, {12}, {8, 2, 3}, {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}, {7, 7, 1, 7}, {9}
    };
    for (int[] columns : projections) {
      Object[] out = new Object[columns.length + 1];
      Arrays.fill(out, "sentinel");
      codec.decode(bytes, columns, out);
      for (int i = 0; i < columns.length; i++) {
        assertValueEquals(row[columns[i]], out[i]);
      }
      assertEquals("sentinel", out[columns.length]);
      // Repeating with the same (cached) projection gives the same result.
      Object[] again = new Object[columns.length];
      codec.decode(bytes, columns, again);
      for (int i = 0; i < columns.length; i++) {
        assertValueEquals(row[columns[i]], again[i]);
      }
    }
  }

  @Test
  void differentProjectionArraysGiveTheirOwnColumns() {
    RowCodec codec = new RowCodec(ALL);
    Object[] row = sampleRow();
    byte[] bytes = codec.encode(row);
    Object[] out = new Object[1];
    codec.decode(bytes, new int[] {1}, out);
    assertEquals(row[1], out[0]);
    codec.decode(bytes, new int[] {4}, out);
    assertEquals(row[4], out[0]);
    codec.decode(bytes, new int[] {1}, out);
    assertEquals(row[1], out[0]);
  }

  @Test
  void projectionRejectsBadArguments() {
    RowCodec codec = new RowCodec(ALL);
    byte[] bytes = codec.encode(sampleRow());
    assertThrows(IllegalArgumentException.class,
        () -> codec.decode(bytes, new int[] {13}, new Object[1]));
    assertThrows(IllegalArgumentException.class,
        () -> codec.decode(bytes, new int[] {-1}, new Object[1]));
    assertThrows(IllegalArgumentException.class,
        () -> codec.decode(bytes, new int[] {1, 2}, new Object[1]));
  }

  @Test
  void rowsWrittenBeforeColumnsWereAppendedDecodeWithNulls() {
    ValueType[] before = {ValueType.INTEGER, ValueType.VARCHAR};
    ValueType[] after = {
      ValueType.INTEGER, ValueType.VARCHAR, ValueType.DOUBLE, ValueType.VARBINARY,
      ValueType.BOOLEAN, ValueType.BIGINT, ValueType.DATE, ValueType.TIME, ValueType.REAL,
      ValueType.SMALLINT
    };
    byte[] old = new RowCodec(before).encode(new Object[] {42, "old"});
    RowCodec codec = new RowCodec(after);
    Object[] decoded = codec.decode(old);
    assertEquals(after.length, decoded.length);
    assertEquals(42, decoded[0]);
    assertEquals("old", decoded[1]);
    for (int i = 2; i < after.length; i++) {
      assertNull(decoded[i]);
    }
    Object[] out = {"x", "x", "x"};
    codec.decode(old, new int[] {9, 1, 3}, out);
    assertNull(out[0]);
    assertEquals("old", out[1]);
    assertNull(out[2]);
  }

  @Test
  void rowWithMoreColumnsThanSchemaIsCorrupt() {
    byte[] wide = new RowCodec(new ValueType[] {ValueType.INTEGER, ValueType.INTEGER})
        .encode(new Object[] {1, 2});
    RowCodec narrow = new RowCodec(new ValueType[] {ValueType.INTEGER});
    assertThrows(StorageException.class, () -> narrow.decode(wide));
    assertThrows(StorageException.class, () -> narrow.decode(wide, new int[] {0}, new Object[1]));
  }

  @Test
  void truncatedInputRaisesStorageException() {
    RowCodec codec = new RowCodec(ALL);
    byte[] bytes = codec.encode(sampleRow());
    for (int length = 0; length < bytes.length; length++) {
      byte[] truncated = Arrays.copyOf(bytes, length);
      assertThrows(StorageException.class, () -> codec.decode(truncated), "length " + length);
      assertThrows(StorageException.class,
          () -> codec.decode(truncated, new int[] {12}, new Object[1]), "length " + length);
    }
    byte[] extended = Arrays.copyOf(bytes, bytes.length + 1);
    assertThrows(StorageException.class, () -> codec.decode(extended));
  }

  @Test
  void hugeBogusLengthRaisesStorageException() {
    RowCodec codec = new RowCodec(new ValueType[] {ValueType.VARBINARY});
    // count 1, bitmap 0, length varint 0x7FFFFFFF, no data
    byte[] bogus = {1, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
    assertThrows(StorageException.class, () -> codec.decode(bogus));
    // a length varint that overflows 32 bits
    byte[] overflow = {1, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
    assertThrows(StorageException.class, () -> codec.decode(overflow));
    // a length that is negative as an int
    byte[] negative = {1, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x0F};
    assertThrows(StorageException.class, () -> codec.decode(negative));
    // a column count larger than the schema
    assertThrows(StorageException.class,
        () -> codec.decode(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07}));
  }

  @Test
  void randomGarbageNeverEscapesAsAnotherException() {
    RowCodec codec = new RowCodec(ALL);
    Random random = new Random(1234);
    byte[] valid = codec.encode(sampleRow());
    for (int i = 0; i < 20_000; i++) {
      byte[] bytes;
      if (random.nextBoolean()) {
        bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        if (bytes.length > 0) {
          bytes[0] = (byte) random.nextInt(ALL.length + 1);
        }
      } else {
        bytes = valid.clone();
        bytes[random.nextInt(bytes.length)] = (byte) random.nextInt();
      }
      try {
        codec.decode(bytes);
      } catch (StorageException expected) {
        // fine
      }
      try {
        codec.decode(bytes, new int[] {12, 0}, new Object[2]);
      } catch (StorageException expected) {
        // fine
      }
    }
  }

  @Test
  void wrongInputIsRejected() {
    RowCodec codec = new RowCodec(new ValueType[] {ValueType.BIGINT, ValueType.VARCHAR});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> codec.encode(new Object[] {1, "a"}));
    assertTrue(e.getMessage().contains("BIGINT"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> codec.encode(new Object[] {1L}));
    assertThrows(IllegalArgumentException.class, () -> codec.encode(new Object[] {1L, "\uD800"}));
  }

  private static void assertRowEquals(Object[] expected, Object[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertValueEquals(expected[i], actual[i]);
    }
  }

  private static void assertValueEquals(Object expected, Object actual) {
    if (expected instanceof byte[]) {
      assertArrayEquals((byte[]) expected, (byte[]) actual);
    } else {
      // Boxed Float/Double equals compares raw-ish bits: -0.0 and NaN must survive exactly.
      assertEquals(expected, actual);
    }
  }
}
