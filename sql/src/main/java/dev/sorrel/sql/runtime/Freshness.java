package dev.sorrel.sql.runtime;

import java.util.Arrays;

import org.apache.calcite.DataContext;

import dev.sorrel.engine.FeatureView;
import dev.sorrel.engine.Table;

/**
 * TTL at read time for an online table: reads the event time along with the
 * projected columns, and turns every non-key value of an expired row into
 * NULL. "Now" is the query's {@code CURRENT_TIMESTAMP} (the session's wall
 * clock, like every TIMESTAMP), the same for every row of one execution.
 */
public final class Freshness {
  private final FeatureView view;
  private final long now;
  private final int[] readProjection;
  private final boolean[] keep;
  private final int eventSlot;
  private final int width;

  private Freshness(FeatureView view, int[] projection, long now) {
    this.view = view;
    this.now = now;
    this.width = projection.length;
    int slot = -1;
    this.keep = new boolean[projection.length];
    for (int i = 0; i < projection.length; i++) {
      keep[i] = projection[i] < view.keyCount();
      if (projection[i] == view.eventOrdinal()) {
        slot = i;
      }
    }
    if (slot < 0) {
      readProjection = Arrays.copyOf(projection, projection.length + 1);
      readProjection[projection.length] = view.eventOrdinal();
      slot = projection.length;
    } else {
      readProjection = projection;
    }
    this.eventSlot = slot;
  }

  /**
   * The TTL check for reading {@code projection} of a table (as the catalog
   * has it now), or null if the table is not an online table with a TTL.
   */
  public static Freshness of(Table table, int[] projection, DataContext context) {
    final FeatureView online = table.onlineOf();
    if (online == null || online.ttlMillis() == null) {
      return null;
    }
    final Object time = context == null ? null
        : context.get(DataContext.Variable.CURRENT_TIMESTAMP.camelName);
    return new Freshness(online, projection,
        time instanceof Long millis ? millis : FeatureView.wallClock(System.currentTimeMillis()));
  }

  /** The columns to read: the projection, plus the event time if it lacks it. */
  public int[] readProjection() {
    return readProjection;
  }

  /** Cuts a row read with {@link #readProjection()} to the projection, expired values NULL. */
  public Object[] apply(Object[] row) {
    final Object event = row[eventSlot];
    final Object[] out = row.length == width ? row : Arrays.copyOf(row, width);
    if (event != null && view.isExpired((Long) event, now)) {
      for (int i = 0; i < width; i++) {
        if (!keep[i]) {
          out[i] = null;
        }
      }
    }
    return out;
  }
}
