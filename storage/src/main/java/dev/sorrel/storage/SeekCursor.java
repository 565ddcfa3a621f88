package dev.sorrel.storage;

/**
 * A cursor that jumps backwards: positions at the last key before a target
 * and steps towards smaller keys from there. This is the access path of a
 * point-in-time join, which for each probe wants the newest entry at or
 * before a time, i.e. the largest key below a bound; seeks in increasing
 * target order touch neighbouring blocks, so a sorted batch of probes reads
 * each block once.
 *
 * <p>The cursor is confined to {@code [lower, upper)}, which RocksDB enforces
 * itself, so it never strays into another table's keys.
 */
public abstract class SeekCursor implements AutoCloseable {
  SeekCursor() {
  }

  /**
   * Positions at the largest key strictly less than {@code bound}.
   *
   * @return false if there is none in range
   */
  public abstract boolean seekBefore(byte[] bound);

  /** Steps to the next smaller key; returns false when there is none in range. */
  public abstract boolean previous();

  /** The current key; valid after a positioning call returned true. */
  public abstract byte[] key();

  /** The current value; valid after a positioning call returned true. */
  public abstract byte[] value();

  @Override public abstract void close();
}
