package dev.sorrel.engine.table;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.storage.DuplicateKeyException;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.SstFile;
import dev.sorrel.storage.SstOutput;
import dev.sorrel.storage.SstSorter;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;

/**
 * Inserts many rows into one table as a single statement, writing SST files
 * that the statement's commit ingests instead of putting each row into the
 * write batch and memtable.
 *
 * <p>Each row is made ready as {@link Table#insert} makes it (identity values,
 * the observer's completion, column checks) and encoded; its key/value pair,
 * and one entry per secondary index, go into {@link SstSorter}s that sort
 * them in bounded memory. {@link #finish()} then places each sorted stream:
 * <ul>
 * <li>keys given twice in the input fail with the insert's duplicate-key error
 *     (23505, the key named), or for a table whose inserts replace (a feature
 *     view's history) keep the later row, as consecutive inserts would;
 * <li>keys against stored rows: when the sorted runs cover disjoint key ranges
 *     none of which holds a stored key (input in key order into new key space,
 *     the usual load), the runs are ingested as they are; otherwise the runs are
 *     merged and walked next to the stored keys, failing on (or counting) each
 *     stored one, into new files;
 * <li>unique index entries are checked the same way against each other and the
 *     stored entries; non-unique entries carry their row key and cannot collide.
 * </ul>
 * The files join the transaction ({@link dev.sorrel.storage.WriteTransaction#ingestAtCommit});
 * the table's {@link WriteObserver.BulkPart} writes what it keeps in step (a
 * feature view's online rows and statistics). Nothing is visible before the
 * commit, which ingests every file and writes the batch as one atomic step;
 * a failure before it leaves nothing but files that closing deletes.
 *
 * <p>Stored keys are read from a snapshot of committed data: the statement
 * transaction holds the writer lock, so no commit can change them meanwhile.
 */
public final class BulkInsert implements AutoCloseable {
  /** Bytes of sorted rows held in memory before a run is spilled. */
  static final long ROW_MEMORY = 64L << 20;
  /** The same for each index's entries. */
  static final long INDEX_MEMORY = 16L << 20;

  private final Transaction tx;
  private final Table table;
  private final List<Index> indexes;
  private final WriteObserver.BulkPart part;
  private final Path directory;
  private final SstSorter rows;
  private final SstSorter[] entries;
  private final boolean replaces;
  private long count;
  /** The index (null: the primary key) and key of the duplicate this insert failed on. */
  private Index duplicateIndex;
  private byte[] duplicateKey;

  BulkInsert(Transaction tx, Table table, List<Index> indexes, WriteObserver.BulkPart part,
      Path directory) {
    this.tx = tx;
    this.table = table;
    this.indexes = indexes;
    this.part = part;
    this.directory = directory;
    this.replaces = table.insertReplaces();
    final var store = table.database().store();
    this.rows = new SstSorter(store, directory, "rows", ROW_MEMORY,
        replaces ? SstSorter.LAST : SstSorter.FAIL);
    this.entries = new SstSorter[indexes.size()];
    for (int i = 0; i < entries.length; i++) {
      entries[i] = new SstSorter(store, directory, "index" + i, INDEX_MEMORY, SstSorter.FAIL);
    }
    tx.wrote(table);
  }

  /** A row made ready to add: checked and completed, keyed and encoded. */
  public record Prepared(Object[] row, byte[] key, byte[] value) {
  }

  /**
   * Adds a row (storage values, as {@link Table#insert} takes them).
   *
   * @return the row as it will be stored
   * @throws SorrelException for a row the table refuses (NOT NULL, a value that does not fit),
   *     or a duplicate key found while spilling
   */
  public Object[] add(Object[] row) {
    return add(prepare(row));
  }

  /**
   * Makes a row ready to add, as {@link #add(Object[])} does first: identity values, the
   * observer's completion, column checks, the key and the stored bytes. It touches nothing
   * that {@link #add(Prepared)} uses, so a loader may prepare rows on another thread while
   * this one adds the rows before them, as long as one thread prepares them all, in input
   * order (identity values and hidden row ids are handed out in that order), and hands them
   * over safely (a queue).
   *
   * @throws SorrelException for a row the table refuses (NOT NULL, a value that does not fit)
   */
  public Prepared prepare(Object[] row) {
    final Object[] checked = table.prepareInsert(tx, row);
    return new Prepared(checked, table.newRowKey(checked), table.encode(checked));
  }

  /**
   * Adds a row made ready by {@link #prepare}.
   *
   * @return the row as it will be stored
   * @throws SorrelException for a duplicate key found while spilling
   */
  public Object[] add(Prepared prepared) {
    final Object[] checked = prepared.row();
    final byte[] key = prepared.key();
    final byte[] value = prepared.value();
    try {
      try {
        rows.add(key, value);
      } catch (DuplicateKeyException e) {
        throw duplicate(e, null);
      }
      for (int i = 0; i < entries.length; i++) {
        final Index.Entry entry = indexes.get(i).entry(checked, key);
        try {
          entries[i].add(entry.key(), entry.value());
        } catch (DuplicateKeyException e) {
          throw duplicate(e, indexes.get(i));
        }
      }
    } catch (StorageException e) {
      throw failed(e);
    }
    if (part != null) {
      part.added(checked, key, value);
    }
    count++;
    return checked;
  }

  /** The number of rows added, a key given twice counted twice. */
  public long added() {
    return count;
  }

  /**
   * Places every sorted stream (see the class comment) and hands the files to
   * the transaction, which ingests them when it commits.
   *
   * @return the number of rows the table gains or replaces: rows added, less
   *     those replaced by a later row of the same key in the input
   */
  public long finish() {
    try (ReadView view = table.database().snapshot()) {
      final byte[][] range = table.keyRange();
      final long[] stored = new long[1];
      final long placed;
      try {
        placed = place(view, rows, Space.DATA, "rows", range, key -> {
          if (!replaces) {
            return true; // the merge fails on it
          }
          stored[0]++;
          return false;
        }, part != null && part.needsSorted() ? part : null);
      } catch (DuplicateKeyException e) {
        throw duplicate(e, null);
      }
      for (int i = 0; i < entries.length; i++) {
        final Index index = indexes.get(i);
        try {
          place(view, entries[i], Space.INDEX, "index" + i,
              index.def().unique() ? index.keyRange() : null, key -> true, null);
        } catch (DuplicateKeyException e) {
          throw duplicate(e, index);
        }
      }
      if (part != null) {
        part.finish(placed - stored[0]);
      }
      return placed;
    } catch (StorageException e) {
      throw failed(e);
    }
  }

  /** Decides what a sorted key that is already stored means: true to fail on it. */
  private interface StoredKey {
    boolean fails(byte[] key);
  }

  /**
   * Sorts one stream into files for the transaction to ingest, checking its
   * keys against those stored in {@code range} (none if null).
   *
   * @param follower told of every placed entry in key order, or null
   * @return the number of unique keys placed
   */
  private long place(ReadView view, SstSorter sorter, Space space, String name, byte[][] range,
      StoredKey onStored, WriteObserver.BulkPart follower) {
    final SstSorter.Sorted sorted = sorter.finish();
    final List<SstFile> runs = sorted.runs();
    if (runs.isEmpty()) {
      return 0;
    }
    if (sorted.disjoint() && (range == null || noneStored(view, space, runs))) {
      if (follower != null) {
        // The runs are ingested as they are; the follower reads them once.
        try (KvCursor cursor = sorted.cursor()) {
          while (cursor.next()) {
            follower.sorted(cursor.key(), cursor.value());
          }
        }
      }
      sorted.handOver();
      tx.storage().ingestAtCommit(space, runs);
      long n = 0;
      for (SstFile run : runs) {
        n += run.entries();
      }
      return n;
    }
    long n = 0;
    try (KvCursor merged = sorted.cursor();
         SstOutput out = new SstOutput(table.database().store(), directory, name + "-merged");
         KvCursor existing = range == null ? null : view.scan(space, range[0], range[1])) {
      byte[] storedKey = existing != null && existing.next() ? existing.key() : null;
      while (merged.next()) {
        final byte[] key = merged.key();
        while (storedKey != null && Arrays.compareUnsigned(storedKey, key) < 0) {
          storedKey = existing.next() ? existing.key() : null;
        }
        if (storedKey != null && Arrays.equals(storedKey, key)
            && onStored.fails(key)) {
          throw new DuplicateKeyException(key, merged.value());
        }
        out.put(key, merged.value());
        if (follower != null) {
          follower.sorted(key, merged.value());
        }
        n++;
      }
      tx.storage().ingestAtCommit(space, out.finish());
    }
    return n;
  }

  /** Whether no stored key falls in the key range of any run. */
  private static boolean noneStored(ReadView view, Space space, List<SstFile> runs) {
    for (SstFile run : runs) {
      try (KvCursor cursor = view.scan(space, run.first(), KeyEncoder.successor(run.last()))) {
        if (cursor.next()) {
          return false;
        }
      }
    }
    return true;
  }

  /** The duplicate-key error of a sorted key: the row's, or that of a unique index's entry. */
  private SorrelException duplicate(DuplicateKeyException e, Index index) {
    duplicateIndex = index;
    duplicateKey = e.key();
    if (index != null) {
      return index.duplicateOfEntry(e.key());
    }
    try {
      return table.duplicateOf(e.value());
    } catch (SorrelException undecodable) {
      return new SorrelException(ErrorCode.DUPLICATE_KEY, "duplicate primary key in table "
          + table.name());
    }
  }

  /** Whether this insert failed on a key given twice or already stored (23505). */
  public boolean failedOnDuplicate() {
    return duplicateKey != null;
  }

  /**
   * Whether {@code row} (as given to {@link #add}) has the key this insert failed on as a
   * duplicate: a sorted load finds a duplicate by key, and the caller finds the rows of the
   * input that gave it by reading the input again.
   */
  public boolean hasDuplicateKey(Object[] row) {
    if (duplicateKey == null) {
      return false;
    }
    try {
      final Object[] checked = table.checkRow(row);
      if (duplicateIndex != null) {
        return Arrays.equals(duplicateKey,
            duplicateIndex.entry(checked, table.rowKey(checked)).key());
      }
      return !table.def().primaryKey().isEmpty()
          && Arrays.equals(duplicateKey, table.rowKey(checked));
    } catch (RuntimeException e) {
      return false; // a key left to an identity column: not one the input gave
    }
  }

  private SorrelException failed(StorageException e) {
    return new SorrelException(ErrorCode.IO_ERROR, "bulk write of table " + table.name()
        + " failed: " + e.getMessage(), e);
  }

  /**
   * Releases the sorters and deletes files not handed to the transaction;
   * the transaction deletes its files if it does not commit.
   */
  @Override public void close() {
    rows.close();
    for (SstSorter sorter : entries) {
      sorter.close();
    }
    if (part != null) {
      part.close();
    }
    // Only the directory is left when everything went to the transaction; the
    // files it still holds are swept at the next open if it keeps them.
    try {
      Files.deleteIfExists(directory);
    } catch (IOException ignored) {
      // Not empty: files the transaction ingests or deletes.
    }
  }
}
