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
 *
 * <p>A transaction that reads its own writes is <em>indexed</em>: its writes
 * are kept in a {@link WriteOverlay} that {@linkplain ReadView#withWrites
 * views} merge over their snapshot. An indexed transaction gathers each
 * statement's writes apart, so that the statement reads the state before it
 * (an {@code INSERT ... SELECT} of its own table does not see its own rows)
 * and a failed statement can be undone alone; {@link #statementDone()} adds
 * them to the overlay. A plain transaction becomes indexed the first time a
 * view asks for its writes, by replaying its batch.
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
  /** The writes of finished statements, if this transaction is indexed; else null. */
  private WriteOverlay overlay;
  /** In an indexed transaction: the current statement's writes in order. */
  private final List<StatementOp> statement = new ArrayList<>();
  /** SST files the commit ingests, per space; deleted if the transaction does not commit. */
  private final Map<Space, List<java.nio.file.Path>> ingest = new EnumMap<>(Space.class);

  /** A write of the current statement of an indexed transaction ({@code rangeEnd}: a range). */
  private record StatementOp(Space space, byte[] key, byte[] value, byte[] rangeEnd) {
  }

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

  WriteTransaction(Store store, boolean indexed) {
    this.store = store;
    this.batch = new WriteBatch();
    this.overlay = indexed ? new WriteOverlay() : null;
  }

  public void put(Space space, byte[] key, byte[] value) {
    if (overlay != null) {
      statement.add(new StatementOp(space, key, value, null));
    } else {
      add(new Op(space, key, value));
    }
    writtenKeys(space).put(new ByteKey(key), Boolean.TRUE);
  }

  public void delete(Space space, byte[] key) {
    if (overlay != null) {
      statement.add(new StatementOp(space, key, null, null));
    } else {
      add(new Op(space, key, null));
    }
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
    if (overlay != null) {
      statement.add(new StatementOp(space, from, null, to));
    } else {
      flushRun(); // it deletes what was written before it, not what comes after
      try {
        batch.deleteRange(store.handle(space), from, to);
      } catch (RocksDBException e) {
        throw failure("delete", e);
      }
    }
    // Later puts in the range win over it, as they do in RocksDB.
    writtenKeys(space).keySet().removeIf(k -> inRange(k.bytes(), from, to));
    deletedRanges.computeIfAbsent(space, s -> new ArrayList<>()).add(new byte[][] {from, to});
  }

  private Map<ByteKey, Boolean> writtenKeys(Space space) {
    return written.computeIfAbsent(space, s -> new HashMap<>());
  }

  /**
   * Has the commit ingest SST files into a space, atomically with the batch
   * (see {@link Store}); the transaction owns the files from now on. Their
   * keys must not be written by the batch, and {@link #exists} does not see
   * them: the caller checks their keys itself.
   *
   * @throws StorageException for an indexed transaction, whose reads could
   *     not see the files' entries
   */
  public void ingestAtCommit(Space space, List<SstFile> files) {
    if (overlay != null) {
      throw new StorageException("a transaction that reads its own writes cannot ingest files");
    }
    final List<java.nio.file.Path> list = ingest.computeIfAbsent(space, s -> new ArrayList<>());
    for (SstFile file : files) {
      list.add(file.path());
    }
  }

  /** Whether this transaction will ingest files at commit. */
  public boolean ingests() {
    return !ingest.isEmpty();
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
    if (overlay != null) {
      final byte[] value = overlay.get(space, key);
      if (value != null) {
        return value != WriteOverlay.TOMBSTONE;
      }
    }
    return store.contains(space, key);
  }

  /** Whether this transaction keeps its writes where its reads can see them. */
  public boolean isIndexed() {
    return overlay != null;
  }

  /** The overlay of an indexed transaction; makes a plain one indexed first. */
  WriteOverlay overlay() {
    if (overlay == null) {
      index();
    }
    return overlay;
  }

  /** Moves a plain transaction's writes, in order, from its batch into an overlay. */
  private void index() {
    flushRun();
    final WriteOverlay replayed = new WriteOverlay();
    final Space[] byId = new Space[64];
    for (Space space : Space.values()) {
      byId[store.handle(space).getID()] = space;
    }
    try (Replay replay = new Replay(replayed, byId)) {
      batch.iterate(replay);
    } catch (RocksDBException e) {
      throw failure("read back", e);
    }
    batch.clear();
    written.clear();
    deletedRanges.clear();
    overlay = replayed;
  }

  /**
   * Ends the current statement of an indexed transaction: its writes join
   * those the transaction's reads see. Does nothing for a plain transaction.
   */
  public void statementDone() {
    if (overlay == null) {
      return;
    }
    for (StatementOp op : statement) {
      if (op.rangeEnd != null) {
        overlay.deleteRange(op.space, op.key, op.rangeEnd);
      } else if (op.value != null) {
        overlay.put(op.space, op.key, op.value);
      } else {
        overlay.delete(op.space, op.key);
      }
    }
    clearStatement();
  }

  /**
   * Discards the current statement's writes, keeping the earlier ones.
   *
   * @throws StorageException if this transaction is not indexed (a plain
   *     one cannot undo part of its batch)
   */
  public void statementFailed() {
    if (overlay == null) {
      throw new StorageException("a plain write batch cannot undo one statement");
    }
    clearStatement();
  }

  private void clearStatement() {
    statement.clear();
    written.clear();
    deletedRanges.clear();
  }

  /**
   * Opens a savepoint after the writes so far (the transaction becomes
   * indexed); returns its mark for {@link #rollbackTo} and {@link #release}.
   */
  public int savepoint() {
    overlay();
    statementDone();
    return overlay.mark();
  }

  /** Undoes every write since the savepoint of this mark, which stays open. */
  public void rollbackTo(int mark) {
    overlay();
    clearStatement();
    overlay.rollbackTo(mark);
  }

  /** Closes a savepoint, keeping its writes. */
  public void release() {
    overlay().release();
  }

  /** Replays a batch's writes into an overlay. */
  private static final class Replay extends WriteBatch.Handler {
    private final WriteOverlay target;
    private final Space[] byId;

    Replay(WriteOverlay target, Space[] byId) {
      this.target = target;
      this.byId = byId;
    }

    private Space space(int id) throws RocksDBException {
      final Space space = id >= 0 && id < byId.length ? byId[id] : null;
      if (space == null) {
        throw new RocksDBException("write to unknown column family " + id);
      }
      return space;
    }

    @Override public void put(int cf, byte[] key, byte[] value) throws RocksDBException {
      target.put(space(cf), key, value);
    }

    @Override public void put(byte[] key, byte[] value) {
      throw new IllegalStateException("write to the default column family");
    }

    @Override public void merge(int cf, byte[] key, byte[] value) throws RocksDBException {
      throw new RocksDBException("merge in a transaction's batch");
    }

    @Override public void merge(byte[] key, byte[] value) {
      throw new IllegalStateException("merge in a transaction's batch");
    }

    @Override public void delete(int cf, byte[] key) throws RocksDBException {
      target.delete(space(cf), key);
    }

    @Override public void delete(byte[] key) {
      throw new IllegalStateException("write to the default column family");
    }

    @Override public void singleDelete(int cf, byte[] key) throws RocksDBException {
      target.delete(space(cf), key);
    }

    @Override public void singleDelete(byte[] key) {
      throw new IllegalStateException("write to the default column family");
    }

    @Override public void deleteRange(int cf, byte[] from, byte[] to) throws RocksDBException {
      target.deleteRange(space(cf), from, to);
    }

    @Override public void deleteRange(byte[] from, byte[] to) {
      throw new IllegalStateException("write to the default column family");
    }

    @Override public void logData(byte[] blob) {
    }

    @Override public void putBlobIndex(int cf, byte[] key, byte[] value)
        throws RocksDBException {
      throw new RocksDBException("blob index in a transaction's batch");
    }

    @Override public void markBeginPrepare() {
    }

    @Override public void markEndPrepare(byte[] xid) {
    }

    @Override public void markNoop(boolean emptyBatch) {
    }

    @Override public void markRollback(byte[] xid) {
    }

    @Override public void markCommit(byte[] xid) {
    }

    @Override public void markCommitWithTimestamp(byte[] xid, byte[] ts) {
    }
  }

  private static boolean inRange(byte[] key, byte[] from, byte[] to) {
    return java.util.Arrays.compareUnsigned(key, from) >= 0
        && java.util.Arrays.compareUnsigned(key, to) < 0;
  }

  /** Number of writes in the batch. */
  public int count() {
    if (overlay != null) {
      return (int) Math.min(Integer.MAX_VALUE, overlay.size() + statement.size());
    }
    return batch.count() + run.size();
  }

  /** Writes the batch atomically; durable (per the store's sync setting) when this returns. */
  public void commit() {
    if (done) {
      throw new StorageException("transaction already ended");
    }
    store.checkOpen();
    if (overlay != null) {
      statementDone();
      batch.clear();
      try {
        overlay.writeTo(batch, store);
      } catch (RocksDBException e) {
        throw failure("commit", e);
      }
    } else {
      flushRun();
    }
    done = true;
    if (!ingest.isEmpty()) {
      store.commitIngesting(batch, ingest);
      ingest.clear();
      return;
    }
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
    for (List<java.nio.file.Path> files : ingest.values()) {
      for (java.nio.file.Path file : files) {
        try {
          java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException ignored) {
          // Swept from the bulk area when the store next opens.
        }
      }
    }
    ingest.clear();
  }
}
