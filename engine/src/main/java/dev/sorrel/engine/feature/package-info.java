/**
 * Feature views: one definition whose history serves point-in-time correct
 * training sets and whose online table serves the latest values, both kept
 * in step in every transaction. Reads follow one rule ({@link
 * dev.sorrel.engine.feature.AsOfRule}): in bulk through a {@link
 * dev.sorrel.engine.feature.PointInTimeJoin} (over RocksDB or a history
 * segment), and online through {@link
 * dev.sorrel.engine.feature.FeatureView#readOnline}.
 */
package dev.sorrel.engine.feature;
