package dev.sorrel.engine;

/**
 * How much of other transactions' commits an explicit {@link Transaction}
 * sees. Every level reads its own writes; none sees uncommitted writes of
 * others.
 */
public enum Isolation {
  /** Each statement reads a snapshot taken when it starts. */
  READ_COMMITTED,
  /**
   * Snapshot isolation: every statement reads the snapshot taken at the
   * transaction's first statement. A transaction that, when it first writes,
   * finds a table it read or writes changed by a commit after its snapshot
   * fails with a serialization failure (first committer wins).
   */
  REPEATABLE_READ,
  /** Fully serial: the transaction takes the writer lock at its first statement. */
  SERIALIZABLE
}
