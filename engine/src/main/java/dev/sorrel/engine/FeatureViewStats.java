package dev.sorrel.engine;

/**
 * Figures about a feature view kept up to date by its writes.
 *
 * @param rowCount rows in the history
 * @param entityCount entities with an online row
 * @param newestEventMillis the newest event time ever written, or null
 */
public record FeatureViewStats(long rowCount, long entityCount, Long newestEventMillis) {
  static final FeatureViewStats EMPTY = new FeatureViewStats(0, 0, null);
}
