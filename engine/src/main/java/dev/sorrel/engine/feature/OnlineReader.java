package dev.sorrel.engine.feature;

import java.util.Arrays;

/**
 * Reads a feature view's online values as of one time ({@link
 * FeatureView#readOnline}): by key, one RocksDB get each, or by completing
 * rows a scan of the online table has read with {@link #columns()}.
 *
 * <p>The online row is an entity's newest event, which is its value unless
 * that event is still to come at the time: then the value is read from the
 * history (one backward seek; rare). Which row is valid, and until when, is
 * the view's {@link AsOfRule#online online rule}; where it gives no value
 * (expired, or nothing valid yet) every column but the key columns reads as
 * NULL, so that the entity still shows. Reads the key columns and the event
 * time along with the projected columns. Immutable, so one reader may serve
 * many threads.
 */
public final class OnlineReader {
  private final FeatureView view;
  private final AsOfRule rule;
  private final long asOf;
  private final int[] projection;
  /** The columns read: the projection, then the key columns and event time it lacks. */
  private final int[] columns;
  /** Whether a projected column is a key column, kept when the values are not valid. */
  private final boolean[] keep;
  /** Slots of the key columns in {@link #columns}. */
  private final int[] keySlots;
  private final int eventSlot;

  OnlineReader(FeatureView view, int[] projection, long asOfMillis) {
    this.view = view;
    this.rule = AsOfRule.online(view);
    this.asOf = asOfMillis;
    this.projection = projection.clone();
    int[] read = this.projection;
    this.keySlots = new int[view.keyCount()];
    for (int k = 0; k < view.keyCount(); k++) {
      keySlots[k] = slotOf(read, k);
      if (keySlots[k] < 0) {
        read = Arrays.copyOf(read, read.length + 1);
        read[read.length - 1] = k;
        keySlots[k] = read.length - 1;
      }
    }
    int slot = slotOf(read, view.eventOrdinal());
    if (slot < 0) {
      read = Arrays.copyOf(read, read.length + 1);
      read[read.length - 1] = view.eventOrdinal();
      slot = read.length - 1;
    }
    this.columns = read;
    this.eventSlot = slot;
    this.keep = new boolean[projection.length];
    for (int i = 0; i < projection.length; i++) {
      keep[i] = projection[i] < view.keyCount();
    }
  }

  private static int slotOf(int[] projection, int column) {
    for (int i = 0; i < projection.length; i++) {
      if (projection[i] == column) {
        return i;
      }
    }
    return -1;
  }

  /** The time values are served for. */
  public long asOfMillis() {
    return asOf;
  }

  /**
   * The columns a scan of the online table must read for {@link #complete}:
   * the projection, followed by the key columns and event time it lacks.
   */
  public int[] columns() {
    return columns.clone();
  }

  /**
   * The projected online value of an entity (storage values of its key
   * columns), or null if it has no online row.
   */
  public Object[] read(Object[] key) {
    final Object[] row = view.online().lookup(key, columns);
    return row == null ? null : complete(row);
  }

  /**
   * Turns an online row read with {@link #columns()} into the projection's
   * values as of the time: from the history if its event is still to come,
   * with every value but the key NULL if there is none by then or it has
   * expired. May reuse {@code row}.
   */
  public Object[] complete(Object[] row) {
    final Object event = row[eventSlot];
    if (event == null) {
      return cut(row); // no event time to judge (a view always has one)
    }
    // The online rule has no known-at cutoff: the write time is not needed.
    return switch (rule.admit((Long) event, 0L, asOf)) {
      case MATCH -> cut(row);
      case EXPIRED -> cleared(row);
      case TOO_NEW -> fromHistory(row);
    };
  }

  /** For an online row dated after the time: the history's value as of the time, if any. */
  private Object[] fromHistory(Object[] row) {
    final Object[] key = new Object[keySlots.length];
    for (int k = 0; k < key.length; k++) {
      key[k] = row[keySlots[k]];
    }
    final Object[] earlier = view.historyValue(key, asOf, columns);
    return earlier == null ? cleared(row) : cut(earlier);
  }

  private Object[] cut(Object[] row) {
    return row.length == projection.length ? row : Arrays.copyOf(row, projection.length);
  }

  /** The row cut to the projection, with every value but the key NULL. */
  private Object[] cleared(Object[] row) {
    final Object[] out = cut(row);
    for (int i = 0; i < out.length; i++) {
      if (!keep[i]) {
        out[i] = null;
      }
    }
    return out;
  }
}
