package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyEncoderTest {
  private static final ValueType[] ALL = ValueType.values();

  // ------------------------------------------------------------------ randomized property tests

  @Test
  void unsignedByteOrderAgreesWithTupleOrder() {
    Random random = new Random(20240611L);
    int comparisons = 0;
    for (int schema = 0; schema < 300; schema++) {
      ValueType[] types = randomTypes(random);
      List<Object[]> tuples = new ArrayList<>();
      List<byte[]> keys = new ArrayList<>();
      // Small per-column pools make equal leading columns (ties) common.
      Object[][] pools = new Object[types.length][];
      for (int c = 0; c < types.length; c++) {
        pools[c] = new Object[3 + random.nextInt(6)];
        for (int i = 0; i < pools[c].length; i++) {
          pools[c][i] = randomValue(types[c], random);
        }
      }
      for (int t = 0; t < 40; t++) {
        Object[] tuple = new Object[types.length];
        for (int c = 0; c < types.length; c++) {
          tuple[c] = random.nextInt(4) == 0
              ? randomValue(types[c], random)
              : pools[c][random.nextInt(pools[c].length)];
        }
        tuples.add(tuple);
        keys.add(KeyEncoder.encode(types, tuple));
      }
      for (int i = 0; i < tuples.size(); i++) {
        for (int j = 0; j < tuples.size(); j++) {
          int expected = Integer.signum(compareTuples(types, tuples.get(i), tuples.get(j)));
          int actual = Integer.signum(Arrays.compareUnsigned(keys.get(i), keys.get(j)));
          if (expected != actual) {
            fail("order mismatch for " + Arrays.toString(types) + ": "
                + describe(tuples.get(i)) + " vs " + describe(tuples.get(j))
                + " expected " + expected + " got " + actual);
          }
          comparisons++;
        }
      }
    }
    assertTrue(comparisons > 400_000);
  }

  @Test
  void descendingColumnsReverseTheirOrderAndStaySelfDelimiting() {
    Random random = new Random(20261207L);
    for (int schema = 0; schema < 200; schema++) {
      ValueType[] types = randomTypes(random);
      boolean[] descending = new boolean[types.length];
      for (int c = 0; c < types.length; c++) {
        descending[c] = random.nextBoolean();
      }
      List<Object[]> tuples = new ArrayList<>();
      List<byte[]> keys = new ArrayList<>();
      for (int t = 0; t < 30; t++) {
        Object[] tuple = new Object[types.length];
        KeyEncoder encoder = new KeyEncoder();
        for (int c = 0; c < types.length; c++) {
          // A few values per column, so ties on leading columns are common.
          tuple[c] = random.nextInt(3) == 0 ? null : randomValue(types[c], random);
          if (!tuples.isEmpty() && random.nextBoolean()) {
            tuple[c] = tuples.get(random.nextInt(tuples.size()))[c];
          }
          if (descending[c]) {
            encoder.writeDescending(types[c], tuple[c]);
          } else {
            encoder.write(types[c], tuple[c]);
          }
        }
        tuples.add(tuple);
        keys.add(encoder.toByteArray());
      }
      for (int i = 0; i < tuples.size(); i++) {
        for (int j = 0; j < tuples.size(); j++) {
          int expected = 0;
          for (int c = 0; c < types.length && expected == 0; c++) {
            int byColumn = compareTuples(new ValueType[] {types[c]},
                new Object[] {tuples.get(i)[c]}, new Object[] {tuples.get(j)[c]});
            expected = Integer.signum(descending[c] ? -byColumn : byColumn);
          }
          assertEquals(expected, Integer.signum(Arrays.compareUnsigned(keys.get(i), keys.get(j))),
              () -> "order mismatch for " + Arrays.toString(types) + " descending "
                  + Arrays.toString(descending));
        }
      }
    }
  }

  @Test
  void rawBytesAreAppendedUnchanged() {
    byte[] suffix = new KeyEncoder().write(ValueType.BIGINT, 7L).toByteArray();
    byte[] key = new KeyEncoder().writeRawInt(3).writeRaw(suffix, 1, suffix.length - 1)
        .toByteArray();
    assertEquals(4 + suffix.length - 1, key.length);
    assertArrayEquals(Arrays.copyOfRange(suffix, 1, suffix.length),
        Arrays.copyOfRange(key, 4, key.length));
  }

  @Test
  void decodeRoundTripsAndPrefixesArePrefixes() {
    Random random = new Random(42L);
    for (int iteration = 0; iteration < 5000; iteration++) {
      ValueType[] types = randomTypes(random);
      Object[] tuple = new Object[types.length];
      for (int c = 0; c < types.length; c++) {
        tuple[c] = randomValue(types[c], random);
      }
      KeyEncoder encoder = new KeyEncoder().writeRawInt(iteration);
      List<byte[]> prefixes = new ArrayList<>();
      for (int c = 0; c < types.length; c++) {
        prefixes.add(encoder.toByteArray());
        encoder.write(types[c], tuple[c]);
      }
      byte[] key = encoder.toByteArray();
      assertEquals(key.length, encoder.length());
      for (byte[] prefix : prefixes) {
        assertArrayEquals(prefix, Arrays.copyOf(key, prefix.length));
        byte[] successor = KeyEncoder.successor(prefix);
        assertTrue(successor == null || Arrays.compareUnsigned(key, successor) < 0);
      }

      KeyDecoder decoder = new KeyDecoder(key, 0);
      assertEquals(iteration, decoder.readRawInt());
      for (int c = 0; c < types.length; c++) {
        assertDecodedEquals(types[c], tuple[c], decoder.read(types[c]));
      }
      assertEquals(key.length, decoder.position());

      KeyDecoder skipper = new KeyDecoder(key, 4);
      for (ValueType type : types) {
        skipper.skip(type);
      }
      assertEquals(key.length, skipper.position());
    }
  }

  // ------------------------------------------------------------------------ specific behaviour

  @Test
  void stringOrderIsCodePointOrderWithEmbeddedNulls() {
    assertOrdered(ValueType.VARCHAR, "", "\0", "a", "a\0", "a\0\0", "a\0b", "ab", "b");
    // U+FFFF < U+1F600 in code points, although String.compareTo says the opposite (UTF-16).
    String bmp = "\uFFFF";
    String supplementary = "\uD83D\uDE00";
    assertTrue(bmp.compareTo(supplementary) > 0);
    assertOrdered(ValueType.VARCHAR, bmp, supplementary);
  }

  @Test
  void binaryOrderIsUnsigned() {
    assertOrdered(ValueType.VARBINARY,
        new byte[0], new byte[] {0}, new byte[] {0, 0}, new byte[] {0, 1}, new byte[] {1},
        new byte[] {(byte) 0x7F}, new byte[] {(byte) 0x80}, new byte[] {(byte) 0xFF},
        new byte[] {(byte) 0xFF, 0});
  }

  @Test
  void floatingPointEdgeCases() {
    assertOrdered(ValueType.DOUBLE, Double.NEGATIVE_INFINITY, -Double.MAX_VALUE, -1.0,
        -Double.MIN_VALUE, 0.0, Double.MIN_VALUE, 1.0, Double.MAX_VALUE, Double.POSITIVE_INFINITY,
        Double.NaN);
    assertOrdered(ValueType.REAL, Float.NEGATIVE_INFINITY, -1.0f, 0.0f, Float.MIN_VALUE,
        Float.POSITIVE_INFINITY, Float.NaN);
    assertArrayEquals(key(ValueType.DOUBLE, 0.0), key(ValueType.DOUBLE, -0.0));
    assertArrayEquals(key(ValueType.REAL, 0.0f), key(ValueType.REAL, -0.0f));
    assertArrayEquals(key(ValueType.DOUBLE, Double.NaN),
        key(ValueType.DOUBLE, Double.longBitsToDouble(0xFFF8000000000001L)));
    assertArrayEquals(key(ValueType.REAL, Float.NaN),
        key(ValueType.REAL, Float.intBitsToFloat(0xFF800001)));
  }

  @Test
  void decimalsOrderByValueRegardlessOfScale() {
    assertOrdered(ValueType.DECIMAL, new BigDecimal("-1E+30"), new BigDecimal("-100"),
        new BigDecimal("-99.99"), new BigDecimal("-1"), new BigDecimal("-0.123"),
        new BigDecimal("-0.12"), new BigDecimal("-1E-30"), BigDecimal.ZERO,
        new BigDecimal("1E-30"), new BigDecimal("0.12"), new BigDecimal("0.123"),
        BigDecimal.ONE, new BigDecimal("99.99"), new BigDecimal("100"), new BigDecimal("1E+30"));
    assertArrayEquals(key(ValueType.DECIMAL, new BigDecimal("1.0")),
        key(ValueType.DECIMAL, new BigDecimal("1.00")));
    assertArrayEquals(key(ValueType.DECIMAL, new BigDecimal("0.000")),
        key(ValueType.DECIMAL, BigDecimal.ZERO));
  }

  @Test
  void decimalsDecodeWithSmallestNonNegativeScale() {
    assertEquals(new BigDecimal("1.5"), decode(ValueType.DECIMAL, new BigDecimal("1.500")));
    assertEquals(new BigDecimal("100"), decode(ValueType.DECIMAL, new BigDecimal("1E+2")));
    assertEquals(new BigDecimal("-100"), decode(ValueType.DECIMAL, new BigDecimal("-100.00")));
    assertEquals(BigDecimal.ZERO, decode(ValueType.DECIMAL, new BigDecimal("0.00")));
    assertEquals(new BigDecimal("-1E-30"), decode(ValueType.DECIMAL, new BigDecimal("-1E-30")));
  }

  @Test
  void nullSortsFirstInEveryType() {
    Random random = new Random(7);
    for (ValueType type : ALL) {
      byte[] nullKey = key(type, null);
      for (int i = 0; i < 100; i++) {
        Object value = randomValue(type, random);
        if (value != null) {
          assertTrue(Arrays.compareUnsigned(nullKey, key(type, value)) < 0, type.name());
        }
      }
    }
  }

  @Test
  void successor() {
    assertArrayEquals(new byte[] {1, 3}, KeyEncoder.successor(new byte[] {1, 2}));
    assertArrayEquals(new byte[] {2}, KeyEncoder.successor(new byte[] {1, (byte) 0xFF}));
    assertArrayEquals(new byte[] {1, (byte) 0xFF},
        KeyEncoder.successor(new byte[] {1, (byte) 0xFE, (byte) 0xFF, (byte) 0xFF}));
    assertNull(KeyEncoder.successor(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    assertNull(KeyEncoder.successor(new byte[0]));
  }

  @Test
  void rawIntIsBigEndianWithoutMarker() {
    assertArrayEquals(new byte[] {0, 0, 1, 2}, new KeyEncoder().writeRawInt(0x0102).toByteArray());
    assertEquals(-5, new KeyDecoder(new KeyEncoder().writeRawInt(-5).toByteArray(), 0)
        .readRawInt());
  }

  @Test
  void resetReusesTheEncoder() {
    KeyEncoder encoder = new KeyEncoder();
    encoder.write(ValueType.VARCHAR, "x".repeat(1000));
    encoder.reset().write(ValueType.INTEGER, 1);
    assertArrayEquals(key(ValueType.INTEGER, 1), encoder.toByteArray());
  }

  @Test
  void wrongJavaClassIsRejected() {
    KeyEncoder encoder = new KeyEncoder();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> encoder.write(ValueType.INTEGER, 1L));
    assertTrue(e.getMessage().contains("INTEGER") && e.getMessage().contains("java.lang.Long"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> encoder.write(ValueType.DECIMAL, 1.5));
    assertThrows(IllegalArgumentException.class, () -> encoder.write(ValueType.DATE, 1L));
    assertThrows(IllegalArgumentException.class, () -> encoder.write(ValueType.TIMESTAMP, 1));
    assertThrows(IllegalArgumentException.class, () -> encoder.write(ValueType.SMALLINT, 1));
    assertThrows(IllegalArgumentException.class,
        () -> KeyEncoder.encode(new ValueType[] {ValueType.INTEGER}, new Object[0]));
  }

  @Test
  void unpairedSurrogateIsRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> new KeyEncoder().write(ValueType.VARCHAR, "a\uD800b"));
    assertThrows(IllegalArgumentException.class,
        () -> new KeyEncoder().write(ValueType.VARCHAR, "\uDC00"));
  }

  @Test
  void malformedKeysRaiseStorageException() {
    byte[] key = key(ValueType.VARCHAR, "hello");
    for (int length = 0; length < key.length; length++) {
      byte[] truncated = Arrays.copyOf(key, length);
      assertThrows(StorageException.class,
          () -> new KeyDecoder(truncated, 0).read(ValueType.VARCHAR));
    }
    assertThrows(StorageException.class,
        () -> new KeyDecoder(new byte[] {7}, 0).read(ValueType.INTEGER));
    assertThrows(StorageException.class,
        () -> new KeyDecoder(new byte[] {1, 0}, 0).read(ValueType.BIGINT));
    assertThrows(StorageException.class,
        () -> new KeyDecoder(new byte[] {1, 2, 0, 0, 0, 0}, 0).read(ValueType.DECIMAL));
    assertThrows(StorageException.class,
        () -> new KeyDecoder(new byte[] {1, 'a', 0, 5}, 0).read(ValueType.VARBINARY));
  }

  // --------------------------------------------------------------------------------- helpers

  private static byte[] key(ValueType type, Object value) {
    return new KeyEncoder().write(type, value).toByteArray();
  }

  private static Object decode(ValueType type, Object value) {
    return new KeyDecoder(key(type, value), 0).read(type);
  }

  private static void assertOrdered(ValueType type, Object... ascending) {
    for (int i = 0; i + 1 < ascending.length; i++) {
      assertTrue(Arrays.compareUnsigned(key(type, ascending[i]), key(type, ascending[i + 1])) < 0,
          type + ": " + describe(ascending[i]) + " < " + describe(ascending[i + 1]));
    }
  }

  private static void assertDecodedEquals(ValueType type, Object expected, Object actual) {
    if (expected == null) {
      assertNull(actual);
      return;
    }
    assertEquals(type.javaClass(), actual.getClass());
    switch (type) {
      case VARBINARY:
        assertArrayEquals((byte[]) expected, (byte[]) actual);
        break;
      case DECIMAL: {
        BigDecimal d = (BigDecimal) actual;
        assertEquals(0, ((BigDecimal) expected).compareTo(d), expected + " vs " + d);
        assertTrue(d.scale() >= 0, "scale of " + d);
        assertTrue(d.scale() == 0 || d.unscaledValue().mod(BigInteger.TEN).signum() != 0,
            "trailing zeros in " + d);
        break;
      }
      case REAL:
        assertEquals(0, compareValues(type, expected, actual));
        assertTrue(!actual.equals(-0.0f));
        break;
      case DOUBLE:
        assertEquals(0, compareValues(type, expected, actual));
        assertTrue(!actual.equals(-0.0d));
        break;
      case BOOLEAN:
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case VARCHAR:
      case DATE:
      case TIME:
      case TIMESTAMP:
        assertEquals(expected, actual);
        break;
    }
  }

  static int compareTuples(ValueType[] types, Object[] a, Object[] b) {
    for (int c = 0; c < types.length; c++) {
      int cmp = compareValues(types[c], a[c], b[c]);
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  /** The reference order the encoding must reproduce. */
  static int compareValues(ValueType type, Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : -1) : 1;
    }
    switch (type) {
      case BOOLEAN:
        return Boolean.compare((Boolean) a, (Boolean) b);
      case TINYINT:
        return Byte.compare((Byte) a, (Byte) b);
      case SMALLINT:
        return Short.compare((Short) a, (Short) b);
      case INTEGER:
      case DATE:
      case TIME:
        return Integer.compare((Integer) a, (Integer) b);
      case BIGINT:
      case TIMESTAMP:
        return Long.compare((Long) a, (Long) b);
      case REAL:
        // Float.compare already puts NaN last; only -0.0 needs equating with 0.0.
        return Float.compare((Float) a + 0.0f, (Float) b + 0.0f);
      case DOUBLE:
        return Double.compare((Double) a + 0.0d, (Double) b + 0.0d);
      case DECIMAL:
        return ((BigDecimal) a).compareTo((BigDecimal) b);
      case VARCHAR:
        return compareCodePoints((String) a, (String) b);
      case VARBINARY:
        return Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    }
    throw new AssertionError(type);
  }

  private static int compareCodePoints(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    return Arrays.compare(x, y);
  }

  static ValueType[] randomTypes(Random random) {
    ValueType[] types = new ValueType[1 + random.nextInt(4)];
    for (int i = 0; i < types.length; i++) {
      types[i] = ALL[random.nextInt(ALL.length)];
    }
    return types;
  }

  private static final String[] PIECES = {
    "a", "b", "z", "\0", "\u007f", "\u0080", "\u00e9", "\u07ff", "\u0800", "\u4e2d", "\uE000",
    "\uFFFF", "\uD800\uDC00", "\uD83D\uDE00", "\uDBFF\uDFFF", "\u0001"
  };
  private static final byte[] BYTES = {0, 1, 2, (byte) 0x7F, (byte) 0x80, (byte) 0xFE, (byte) 0xFF};
  private static final String[] DECIMALS = {
    "0", "0.000", "1E+30", "-1E-30", "1E-30", "-1E+30", "1", "1.0", "1.00", "-1", "10", "100",
    "0.1", "0.01", "9.99", "-9.99", "99999999999999999999999999999999999999", "-0.5", "123.456"
  };

  static Object randomValue(ValueType type, Random random) {
    if (random.nextInt(8) == 0) {
      return null;
    }
    int pick = random.nextInt(6);
    switch (type) {
      case BOOLEAN:
        return random.nextBoolean();
      case TINYINT: {
        byte[] edges = {Byte.MIN_VALUE, Byte.MAX_VALUE, 0, -1, 1};
        return pick < 2 ? edges[random.nextInt(edges.length)] : (byte) random.nextInt();
      }
      case SMALLINT: {
        short[] edges = {Short.MIN_VALUE, Short.MAX_VALUE, 0, -1, 1};
        return pick < 2 ? edges[random.nextInt(edges.length)] : (short) random.nextInt();
      }
      case INTEGER:
      case DATE:
      case TIME: {
        int[] edges = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, -1, 1};
        return pick < 2 ? edges[random.nextInt(edges.length)]
            : pick < 4 ? random.nextInt(200) - 100 : random.nextInt();
      }
      case BIGINT:
      case TIMESTAMP: {
        long[] edges = {Long.MIN_VALUE, Long.MAX_VALUE, 0, -1, 1};
        return pick < 2 ? edges[random.nextInt(edges.length)]
            : pick < 4 ? (long) random.nextInt(200) - 100 : random.nextLong();
      }
      case REAL: {
        float[] edges = {0.0f, -0.0f, Float.NaN, Float.intBitsToFloat(0xFFC00001),
            Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE,
            Float.MAX_VALUE, -Float.MAX_VALUE, 1.0f, -1.0f};
        return pick < 3 ? edges[random.nextInt(edges.length)]
            : pick < 5 ? (float) (random.nextInt(20) - 10) / 4
            : Float.intBitsToFloat(random.nextInt());
      }
      case DOUBLE: {
        double[] edges = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0xFFF8000000000001L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
            -Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, 1.0, -1.0};
        return pick < 3 ? edges[random.nextInt(edges.length)]
            : pick < 5 ? (double) (random.nextInt(20) - 10) / 4
            : Double.longBitsToDouble(random.nextLong());
      }
      case DECIMAL: {
        if (pick < 2) {
          return new BigDecimal(DECIMALS[random.nextInt(DECIMALS.length)]);
        }
        BigInteger unscaled = new BigInteger(random.nextInt(pick < 4 ? 12 : 200), random);
        if (random.nextBoolean()) {
          unscaled = unscaled.negate();
        }
        return new BigDecimal(unscaled, random.nextInt(81) - 40);
      }
      case VARCHAR: {
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(6);
        for (int i = 0; i < n; i++) {
          sb.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return sb.toString();
      }
      case VARBINARY: {
        byte[] b = new byte[random.nextInt(6)];
        for (int i = 0; i < b.length; i++) {
          b[i] = BYTES[random.nextInt(BYTES.length)];
        }
        return b;
      }
    }
    throw new AssertionError(type);
  }

  private static String describe(Object value) {
    if (value instanceof byte[]) {
      return Arrays.toString((byte[]) value);
    }
    if (value instanceof Object[]) {
      StringBuilder sb = new StringBuilder("(");
      for (Object o : (Object[]) value) {
        sb.append(describe(o)).append(", ");
      }
      return sb.append(')').toString();
    }
    if (value instanceof String) {
      StringBuilder sb = new StringBuilder("\"");
      ((String) value).codePoints().forEach(cp ->
          sb.append(cp < 0x20 || cp > 0x7e ? "\\u{" + Integer.toHexString(cp) + "}" : (char) cp));
      return sb.append('"').toString();
    }
    return String.valueOf(value);
  }
}
