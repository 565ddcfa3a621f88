package dev.sorrel.sql.runtime;

import org.apache.calcite.DataContext;

import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.feature.OnlineReader;
import dev.sorrel.engine.table.Table;

/**
 * Online tables read as of now: the engine's {@link OnlineReader} at the
 * query's {@code CURRENT_TIMESTAMP} (the session's wall clock, like every
 * TIMESTAMP, the same for every row of one execution).
 */
public final class Freshness {
  private Freshness() {
  }

  /**
   * The as-of-now reader of {@code projection} of a table (as the catalog has
   * it now), or null if the table is not an online table.
   */
  public static OnlineReader reader(Table table, int[] projection, DataContext context) {
    final FeatureView online = table.database().catalog().onlineViewOf(table);
    if (online == null) {
      return null;
    }
    final Object time = context == null ? null
        : context.get(DataContext.Variable.CURRENT_TIMESTAMP.camelName);
    return online.onlineReader(projection,
        time instanceof Long millis ? millis : FeatureView.wallClock(System.currentTimeMillis()));
  }
}
