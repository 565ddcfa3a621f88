/**
 * The storage layer of Sorrel: the RocksDB lifecycle, order-preserving key encoding, row codecs,
 * write batches, snapshots, Arrow batch scans and the sectioned files derived data is kept in.
 *
 * <p>It deals only in bytes and in values of the {@link dev.sorrel.storage.ValueType}s; it knows
 * nothing of SQL, features or models, which live in the engine above it. Storage failures surface
 * as {@link dev.sorrel.storage.StorageException}.
 */
package dev.sorrel.storage;
