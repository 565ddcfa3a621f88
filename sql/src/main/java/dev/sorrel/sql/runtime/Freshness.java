package dev.sorrel.sql.runtime;

import java.util.Arrays;

import org.apache.calcite.DataContext;

import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.table.Table;

/**
 * An online table's rows as of now: the point-in-time value of each entity
 * at the query's {@code CURRENT_TIMESTAMP} (the session's wall clock, like
 * every TIMESTAMP, the same for every row of one execution). The online row
 * is the entity's newest event, which is that value unless its event time is
 * still in the future: then the value as of now is read from the history
 * (one backward seek; rare). Past the view's TTL every non-key value,
 * times included, reads as NULL. Reads the event time and the key columns
 * along with the projected columns.
 */
public final class Freshness {
  private final FeatureView view;
  private final long now;
  private final int[] readProjection;
  /** Whether a projected column is a key column, kept when the values are not valid. */
  private final boolean[] keep;
  private final int eventSlot;
  /** Slots of the key columns in {@link #readProjection}. */
  private final int[] keySlots;
  private final int width;

  private Freshness(FeatureView view, int[] projection, long now) {
    this.view = view;
    this.now = now;
    this.width = projection.length;
    this.keep = new boolean[projection.length];
    int[] read = projection;
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
    for (int i = 0; i < projection.length; i++) {
      keep[i] = projection[i] < view.keyCount();
    }
    this.readProjection = read;
    this.eventSlot = slot;
  }

  private static int slotOf(int[] projection, int column) {
    for (int i = 0; i < projection.length; i++) {
      if (projection[i] == column) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The as-of-now reading of {@code projection} of a table (as the catalog
   * has it now), or null if the table is not an online table.
   */
  public static Freshness of(Table table, int[] projection, DataContext context) {
    final FeatureView online = table.database().catalog().onlineViewOf(table);
    if (online == null) {
      return null;
    }
    final Object time = context == null ? null
        : context.get(DataContext.Variable.CURRENT_TIMESTAMP.camelName);
    return new Freshness(online, projection,
        time instanceof Long millis ? millis : FeatureView.wallClock(System.currentTimeMillis()));
  }

  /** The columns to read: the projection, plus the key columns and event time it lacks. */
  public int[] readProjection() {
    return readProjection;
  }

  /**
   * Turns a row read with {@link #readProjection()} into the projection's
   * values as of now: from the history if its event is still to come, with
   * the values NULL if there is none by now or it has expired.
   */
  public Object[] apply(Object[] row) {
    Object[] values = row;
    final Object event = row[eventSlot];
    if (event != null && (Long) event > now) {
      final Object[] key = new Object[keySlots.length];
      for (int k = 0; k < key.length; k++) {
        key[k] = row[keySlots[k]];
      }
      final Object[] asOfNow = view.valueAt(key, now, readProjection);
      if (asOfNow == null) {
        return cleared(row); // nothing valid yet
      }
      values = asOfNow;
    }
    final Object[] out = values.length == width ? values : Arrays.copyOf(values, width);
    final Object valid = values[eventSlot];
    return valid != null && view.isExpired((Long) valid, now) ? cleared(out) : out;
  }

  /** The row cut to the projection, with every value but the key NULL. */
  private Object[] cleared(Object[] row) {
    final Object[] out = row.length == width ? row : Arrays.copyOf(row, width);
    for (int i = 0; i < width; i++) {
      if (!keep[i]) {
        out[i] = null;
      }
    }
    return out;
  }
}
