package dev.sorrel.storage;

/**
 * A forward cursor over a key range of one space, as a {@link ReadView} sees
 * it: a snapshot, with an open transaction's own writes merged over it when
 * the view belongs to one.
 *
 * <p>Usage: {@code while (cursor.next()) { cursor.key(); cursor.value(); }}.
 */
public abstract class KvCursor implements AutoCloseable {
  KvCursor() {
  }

  /** Moves to the next entry; returns false at the end of the range. */
  public abstract boolean next();

  /** The current key; valid after {@link #next()} returned true. */
  public abstract byte[] key();

  /** The current value; valid after {@link #next()} returned true. */
  public abstract byte[] value();

  @Override public abstract void close();
}
