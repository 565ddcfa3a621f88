package dev.sorrel.storage;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * An atomic batch of writes to a store. Nothing is visible to others until
 * {@link #commit()}, and closing without committing discards it all.
 *
 * <p>{@link #exists} answers as the batch would leave the store: its own
 * writes over the committed state, which is what uniqueness checks need. The
 * batch remembers which keys it wrote in a Java map rather than indexing the
 * RocksDB batch, which costs less per row on bulk loads.
 */
public final class WriteTransaction implements AutoCloseable {
  private final Store store;
  private final WriteBatch batch;
  /** Keys this batch has written: true if put, false if deleted. */
  private final Map<Space, Map<ByteKey, Boolean>> written = new EnumMap<>(Space.class);
  private final Map<Space, List<byte[][]>> deletedRanges = new EnumMap<>(Space.class);
  /**
   * Puts and deletes not yet in the batch. They go in as runs sorted by key:
   * RocksDB inserts a batch into its memtable in batch order, and keys in
   * order are several times cheaper to insert than keys in random order (a
   * bulk load's commit was most of its time). The sort is stable, so two
   * writes of one key keep their order.
   */
  private final List<Op> run = new ArrayList<>();
  private boolean done;

  /** Ops sorted together; bounds the memory the run holds. */
  private static final int RUN_SIZE = 131_072;

  /**
   * A put ({@code value} non-null) or a delete. The key's first 16 bytes are
   * kept as numbers, so sorting compares fields instead of chasing arrays.
   */
  private record Op(Space space, byte[] key, byte[] value, long head, long next) {
    Op(Space space, byte[] key, byte[] value) {
      this(space, key, value, ByteKey.bigEndian(key, 0), ByteKey.bigEndian(key, 8));
    }

    int compareTo(Op other) {
      int c = Integer.compare(space.ordinal(), other.space.ordinal());
      if (c == 0) {
        c = Long.compareUnsigned(head, other.head);
      }
      if (c == 0) {
        c = Long.compareUnsigned(next, other.next);
      }
      return c != 0 ? c : java.util.Arrays.compareUnsigned(key, other.key);
    }
  }

  WriteTransaction(Store store) {
    this.store = store;
    this.batch = new WriteBatch();
  }

  public void put(Space space, byte[] key, byte[] value) {
    add(new Op(space, key, value));
    writtenKeys(space).put(new ByteKey(key), Boolean.TRUE);
  }

  public void delete(Space space, byte[] key) {
    add(new Op(space, key, null));
    writtenKeys(space).put(new ByteKey(key), Boolean.FALSE);
  }

  private void add(Op op) {
    run.add(op);
    if (run.size() >= RUN_SIZE) {
      flushRun();
    }
  }

  /** Moves the pending run into the batch, sorted by column family and key. */
  private void flushRun() {
    if (run.isEmpty()) {
      return;
    }
    run.sort(Op::compareTo);
    try {
      for (Op op : run) {
        if (op.value != null) {
          batch.put(store.handle(op.space), op.key, op.value);
        } else {
          batch.delete(store.handle(op.space), op.key);
        }
      }
    } catch (RocksDBException e) {
      throw failure("write", e);
    } finally {
      run.clear();
    }
  }

  /** Deletes every key in {@code [from, to)} when the batch commits. */
  public void deleteRange(Space space, byte[] from, byte[] to) {
    flushRun(); // it deletes what was written before it, not what comes after
    try {
      batch.deleteRange(store.handle(space), from, to);
    } catch (RocksDBException e) {
      throw failure("delete", e);
    }
    // Later puts in the range win over it, as they do in RocksDB.
    writtenKeys(space).keySet().removeIf(k -> inRange(k.bytes(), from, to));
    deletedRanges.computeIfAbsent(space, s -> new ArrayList<>()).add(new byte[][] {from, to});
  }

  private Map<ByteKey, Boolean> writtenKeys(Space space) {
    return written.computeIfAbsent(space, s -> new HashMap<>());
  }

  /** Whether the key would exist if this batch committed now. */
  public boolean exists(Space space, byte[] key) {
    final Map<ByteKey, Boolean> keys = written.get(space);
    if (keys != null) {
      final Boolean state = keys.get(new ByteKey(key));
      if (state != null) {
        return state;
      }
    }
    final List<byte[][]> ranges = deletedRanges.get(space);
    if (ranges != null) {
      for (byte[][] range : ranges) {
        if (inRange(key, range[0], range[1])) {
          return false;
        }
      }
    }
    return store.contains(space, key);
  }

  private static boolean inRange(byte[] key, byte[] from, byte[] to) {
    return java.util.Arrays.compareUnsigned(key, from) >= 0
        && java.util.Arrays.compareUnsigned(key, to) < 0;
  }

  /** Number of writes in the batch. */
  public int count() {
    return batch.count() + run.size();
  }

  /** Writes the batch atomically; durable (per the store's sync setting) when this returns. */
  public void commit() {
    if (done) {
      throw new StorageException("transaction already ended");
    }
    store.checkOpen();
    flushRun();
    done = true;
    try {
      store.db().write(store.writeOptions(), batch);
    } catch (RocksDBException e) {
      throw failure("commit", e);
    }
  }

  private StorageException failure(String what, RocksDBException e) {
    return new StorageException(what + " failed in " + store.description() + ": "
        + e.getMessage(), e);
  }

  @Override public void close() {
    done = true;
    batch.close();
  }
}
