package dev.sorrel.engine.feature;

import dev.sorrel.engine.feature.segment.HistorySegment;

/**
 * Figures about a feature view kept up to date by its writes.
 *
 * @param rowCount rows in the history
 * @param entityCount entities with an online row
 * @param newestEventMillis the newest event time ever written, or null
 * @param version the history's data version: one more after every committed
 *     transaction that wrote to it (a {@link HistorySegment} records the
 *     version it is an image of)
 */
public record FeatureViewStats(long rowCount, long entityCount, Long newestEventMillis,
    long version) {
  public static final FeatureViewStats EMPTY = new FeatureViewStats(0, 0, null, 0);
}
