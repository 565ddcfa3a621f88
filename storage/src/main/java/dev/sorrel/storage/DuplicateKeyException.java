package dev.sorrel.storage;

/**
 * Two entries with the same key where a sort or a bulk write allows only one:
 * carries the key and both values, so that the engine can name the row.
 */
public final class DuplicateKeyException extends StorageException {
  private static final long serialVersionUID = 1L;
  private final transient byte[] key;
  private final transient byte[] value;

  /** A duplicate of {@code key}; {@code value} is one of the entries' values. */
  public DuplicateKeyException(byte[] key, byte[] value) {
    super("duplicate key in a sorted write");
    this.key = key;
    this.value = value;
  }

  public byte[] key() {
    return key;
  }

  public byte[] value() {
    return value;
  }
}
