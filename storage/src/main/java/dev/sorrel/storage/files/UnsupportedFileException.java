package dev.sorrel.storage.files;

import java.io.IOException;

/**
 * A file that is well formed but uses something its reader does not support, such as a nested
 * Parquet column, a logical type without a storage type, or a compression codec. Other
 * {@link IOException}s from a file reader mean the file could not be read or is damaged.
 */
public class UnsupportedFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception saying what is not supported, and where. */
  public UnsupportedFileException(String message) {
    super(message);
  }
}
