package dev.sorrel.engine.table.segment;

import java.util.HashSet;
import java.util.Set;

import dev.sorrel.storage.ByteKey;

/**
 * The stored keys one transaction's writes changed in one table, for the
 * change log of {@link TableSegments}: kept one by one up to a limit, past
 * which only their number is (the log then says "anything may have changed").
 */
public final class ChangedRows {
  /** Keys kept one by one; a larger change is logged as "anything". */
  static final int LIMIT = 65_536;

  private Set<ByteKey> keys = new HashSet<>();
  private long count;

  /** Records a key written or deleted. */
  public void add(byte[] key) {
    count++;
    if (keys != null) {
      keys.add(new ByteKey(key.clone()));
      if (keys.size() > LIMIT) {
        keys = null;
      }
    }
  }

  /** The keys, or null if there were too many to keep. */
  Set<ByteKey> keys() {
    return keys;
  }

  /** Writes recorded, counting a key written twice twice. */
  long count() {
    return count;
  }
}
