package dev.sorrel.storage;

import java.io.IOException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;

import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

/**
 * Recognises a failure caused by a full device, however the layer that met
 * it reported it: RocksDB as a status of code {@code IOError} and sub-code
 * {@code NoSpace} (or, where it lost the sub-code, its message "No space left
 * on device"), the JDK as an {@link IOException} with the operating system's
 * message for {@code ENOSPC}. Storage only answers the question; the one
 * place that turns failures into SQLStates decides what it means for the
 * statement.
 */
public final class NoSpace {
  /** The operating system's text for ENOSPC, which both the JDK and RocksDB repeat. */
  private static final String ENOSPC = "no space left on device";

  private NoSpace() {
  }

  /** Whether {@code failure} or one of its causes says the device is full. */
  public static boolean causes(Throwable failure) {
    final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (says(t)) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (says(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean says(Throwable t) {
    if (t instanceof RocksDBException r) {
      final Status status = r.getStatus();
      if (status != null && status.getSubCode() == Status.SubCode.NoSpace) {
        return true;
      }
      return mentions(r.getMessage());
    }
    if (t instanceof IOException || t instanceof StorageException) {
      return mentions(t.getMessage());
    }
    return false;
  }

  /** Whether a message repeats the operating system's text for a full device. */
  public static boolean mentions(String message) {
    return message != null && message.toLowerCase(Locale.ROOT).contains(ENOSPC);
  }
}
