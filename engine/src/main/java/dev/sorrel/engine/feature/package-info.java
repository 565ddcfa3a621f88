/**
 * Feature views: one definition whose history serves point-in-time correct
 * training sets and whose online table serves the latest values, both kept
 * in step in every transaction; and the point-in-time search over either
 * RocksDB or a history segment.
 */
package dev.sorrel.engine.feature;
