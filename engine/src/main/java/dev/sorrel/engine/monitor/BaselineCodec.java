package dev.sorrel.engine.monitor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * The stored form of a {@link Baseline}: a kind byte, a count, then little-endian primitive
 * blocks (doubles for values and edges, longs for counts, length-prefixed UTF-8 for
 * categories, one double for a metric's value). A sorted sample of a million values is 8 MB, read back with one bulk copy.
 */
final class BaselineCodec {
  private static final byte SORTED_VALUES = 1;
  private static final byte HISTOGRAM = 2;
  private static final byte CATEGORIES = 3;
  private static final byte METRIC_VALUE = 4;

  private BaselineCodec() {
  }

  static byte[] encode(Baseline baseline) {
    if (baseline instanceof Baseline.SortedValues sorted) {
      final double[] v = sorted.values();
      final ByteBuffer b = buffer(5 + 8L * v.length);
      b.put(SORTED_VALUES).putInt(v.length);
      b.asDoubleBuffer().put(v);
      return b.array();
    }
    if (baseline instanceof Baseline.Histogram histogram) {
      final double[] edges = histogram.edges();
      final long[] counts = histogram.counts();
      final ByteBuffer b = buffer(5 + 8L * edges.length + 8L * counts.length);
      b.put(HISTOGRAM).putInt(counts.length);
      for (double e : edges) {
        b.putDouble(e);
      }
      for (long c : counts) {
        b.putLong(c);
      }
      return b.array();
    }
    if (baseline instanceof Baseline.MetricValue metric) {
      final ByteBuffer b = buffer(13);
      b.put(METRIC_VALUE).putInt(1).putDouble(metric.value());
      return b.array();
    }
    final Baseline.Categories categories = (Baseline.Categories) baseline;
    final byte[][] texts = new byte[categories.categories().length][];
    long size = 5;
    for (int i = 0; i < texts.length; i++) {
      texts[i] = categories.categories()[i].getBytes(StandardCharsets.UTF_8);
      size += 12 + texts[i].length;
    }
    final ByteBuffer b = buffer(size);
    b.put(CATEGORIES).putInt(texts.length);
    for (int i = 0; i < texts.length; i++) {
      b.putInt(texts[i].length).put(texts[i]).putLong(categories.counts()[i]);
    }
    return b.array();
  }

  private static ByteBuffer buffer(long size) {
    if (size > Integer.MAX_VALUE - 8) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "a monitor's baseline of a"
          + " column holds at most " + ((Integer.MAX_VALUE - 16) / 8) + " values");
    }
    return ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static Baseline decode(byte[] bytes, String what) {
    try {
      final ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      final byte kind = b.get();
      final int n = b.getInt();
      switch (kind) {
      case SORTED_VALUES: {
        final double[] values = new double[n];
        b.asDoubleBuffer().get(values);
        return new Baseline.SortedValues(values);
      }
      case HISTOGRAM: {
        final double[] edges = new double[n + 1];
        final long[] counts = new long[n];
        for (int i = 0; i <= n; i++) {
          edges[i] = b.getDouble();
        }
        for (int i = 0; i < n; i++) {
          counts[i] = b.getLong();
        }
        return new Baseline.Histogram(edges, counts);
      }
      case CATEGORIES: {
        final String[] categories = new String[n];
        final long[] counts = new long[n];
        for (int i = 0; i < n; i++) {
          final byte[] text = new byte[b.getInt()];
          b.get(text);
          categories[i] = new String(text, StandardCharsets.UTF_8);
          counts[i] = b.getLong();
        }
        return new Baseline.Categories(categories, counts);
      }
      case METRIC_VALUE:
        return new Baseline.MetricValue(b.getDouble());
      default:
        throw new IllegalStateException("unknown baseline kind " + kind);
      }
    } catch (RuntimeException e) {
      throw new SorrelException(ErrorCode.DATA_CORRUPTED, "corrupt baseline " + what + ": "
          + e.getMessage(), e);
    }
  }
}
