package dev.sorrel.storage;

/**
 * The one exception type the storage layer throws for storage failures: an I/O or RocksDB error,
 * or stored bytes that cannot be decoded (corruption). Programming errors by the caller, such as a
 * value of the wrong Java class, are reported with {@link IllegalArgumentException} instead.
 *
 * <p>The engine translates this exception into its own SQL-level error; storage itself knows
 * nothing of SQL states.
 */
public class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message describing what failed. */
  public StorageException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
