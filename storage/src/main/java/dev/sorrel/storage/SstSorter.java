package dev.sorrel.storage;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;
import org.rocksdb.SstFileReaderIterator;

/**
 * Sorts key/value entries by key in bounded memory, for bulk writes through
 * SST ingestion.
 *
 * <p>Entries gather in memory until about {@code memoryBytes} of them are
 * held; they are then sorted (a stable sort, which costs one pass when they
 * arrive in key order) and spilled as a sorted run. While every run so far
 * arrived in key order and follows the one before, a run is written as SST
 * files in the store's own table format, ready to ingest; once one does not,
 * the result must be merged anyway, and later runs are written as plain
 * files of length-prefixed keys and values, which cost a fraction of an SST
 * file to write and to read back (no blocks, filter, index or compression,
 * no call into RocksDB per entry). Entries with equal keys are combined by a {@link
 * Resolver}, earlier entry first: within a run while it is spilled, across
 * runs while they are merged, so the result has unique keys.
 *
 * <p>The result is either the runs themselves, when their key ranges are
 * disjoint and ascending (input in key order, the common case of a bulk
 * load: the runs are then ready to ingest and are never read back), or a
 * k-way merge of the runs ({@link Sorted#cursor()}) that the caller writes
 * into final files with an {@link SstOutput}. Files are deleted on close
 * unless the caller {@linkplain Sorted#handOver() took them}.
 */
public final class SstSorter implements AutoCloseable {
  /** Chooses the value kept for a key given twice (or throws to refuse it). */
  @FunctionalInterface
  public interface Resolver {
    /** The value to keep for {@code key}; {@code earlier} was added before {@code later}. */
    byte[] resolve(byte[] key, byte[] earlier, byte[] later);
  }

  /** Refuses equal keys with a {@link DuplicateKeyException}. */
  public static final Resolver FAIL = (key, earlier, later) -> {
    throw new DuplicateKeyException(key, later);
  };

  /** Keeps the entry added last, as a later put of the same key does. */
  public static final Resolver LAST = (key, earlier, later) -> later;

  /** Bytes counted per buffered entry beyond its key and value (array headers, record). */
  private static final int ENTRY_OVERHEAD = 64;

  private record Entry(byte[] key, byte[] value) {
  }

  private static final Comparator<Entry> ORDER = (a, b) -> Arrays.compareUnsigned(a.key, b.key);

  private final Store store;
  private final Path directory;
  private final String name;
  private final long memoryBytes;
  private final Resolver resolver;
  private final List<SstFile> runs = new ArrayList<>();
  /** The runs written as plain files rather than SST files. */
  private final Set<Path> plain = new HashSet<>();
  private Entry[] buffer = new Entry[1024];
  private int size;
  private long bytes;
  private boolean ordered = true;
  private long added;
  private int spills;
  private boolean handedOver;

  /**
   * A sorter spilling runs named {@code name-...} into {@code directory}.
   *
   * @param memoryBytes about how many bytes of entries to hold before spilling a run
   */
  public SstSorter(Store store, Path directory, String name, long memoryBytes,
      Resolver resolver) {
    this.store = store;
    this.directory = directory;
    this.name = name;
    this.memoryBytes = memoryBytes;
    this.resolver = resolver;
  }

  /** Adds an entry; may spill a run. */
  public void add(byte[] key, byte[] value) {
    if (size == buffer.length) {
      buffer = Arrays.copyOf(buffer, size * 2);
    }
    if (ordered && size > 0 && Arrays.compareUnsigned(key, buffer[size - 1].key) <= 0) {
      ordered = false;
    }
    buffer[size++] = new Entry(key, value);
    bytes += key.length + value.length + ENTRY_OVERHEAD;
    added++;
    if (bytes >= memoryBytes) {
      spill();
    }
  }

  /** The number of entries added, equal keys counted each time. */
  public long added() {
    return added;
  }

  private void spill() {
    if (size == 0) {
      return;
    }
    // Still ingestable as they are: every run in key order, each after the one before.
    final boolean ingestable = ordered && plain.isEmpty() && (runs.isEmpty()
        || Arrays.compareUnsigned(buffer[0].key, runs.get(runs.size() - 1).last()) > 0);
    if (!ordered) {
      sortBuffer();
    }
    final String runName = name + "-run" + spills++;
    if (ingestable) {
      try (SstOutput out = new SstOutput(store, directory, runName)) {
        writeRun(out::put);
        runs.addAll(out.finish());
      }
    } else {
      final Path path = directory.resolve(runName + ".run");
      plain.add(path);
      final long[] entries = new long[1];
      try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          Files.newOutputStream(path, StandardOpenOption.CREATE_NEW), 1 << 16))) {
        writeRun((key, value) -> {
          try {
            out.writeInt(key.length);
            out.write(key);
            out.writeInt(value.length);
            out.write(value);
          } catch (IOException e) {
            throw new StorageException("cannot write " + path + ": " + e.getMessage(), e);
          }
          entries[0]++;
        });
      } catch (IOException e) {
        throw new StorageException("cannot write " + path + ": " + e.getMessage(), e);
      }
      runs.add(new SstFile(path, buffer[0].key, buffer[size - 1].key, entries[0]));
    }
    Arrays.fill(buffer, 0, size, null);
    size = 0;
    bytes = 0;
    ordered = true;
  }

  /**
   * Sorts the buffer stably by key. Comparing entries one pair at a time chases two pointers
   * into the heap per comparison, which made the sort the largest cost of a load in time order;
   * instead each key is abbreviated to the eight bytes after the prefix that every buffered key
   * shares (zero-padded, as an unsigned long: a smaller abbreviation means a smaller key), the
   * abbreviations are sorted by a stable radix sort over arrays of primitives, and only entries
   * with equal abbreviations are then compared as whole keys.
   */
  private void sortBuffer() {
    final int n = size;
    final byte[] first = buffer[0].key;
    int shared = first.length;
    for (int i = 1; i < n && shared > 0; i++) {
      final byte[] key = buffer[i].key;
      final int m = Arrays.mismatch(first, 0, shared, key, 0, Math.min(shared, key.length));
      if (m >= 0) {
        shared = m;
      }
    }
    long[] abbreviations = new long[n];
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      final byte[] key = buffer[i].key;
      final int end = Math.min(key.length, shared + Long.BYTES);
      long abbreviation = 0;
      for (int b = shared; b < end; b++) {
        abbreviation = abbreviation << 8 | (key[b] & 0xFF);
      }
      final int pad = shared + Long.BYTES - end;
      abbreviations[i] = pad == Long.BYTES ? 0 : abbreviation << 8 * pad;
      order[i] = i;
    }
    // Least significant byte first; a pass whose byte is the same in every entry is skipped.
    long[] abbreviationsTo = new long[n];
    int[] orderTo = new int[n];
    final int[] counts = new int[256];
    for (int shift = 0; shift < Long.SIZE; shift += 8) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[(int) (abbreviations[i] >>> shift) & 0xFF]++;
      }
      if (counts[(int) (abbreviations[0] >>> shift) & 0xFF] == n) {
        continue;
      }
      int at = 0;
      for (int b = 0; b < 256; b++) {
        final int c = counts[b];
        counts[b] = at;
        at += c;
      }
      for (int i = 0; i < n; i++) {
        final int to = counts[(int) (abbreviations[i] >>> shift) & 0xFF]++;
        abbreviationsTo[to] = abbreviations[i];
        orderTo[to] = order[i];
      }
      final long[] a = abbreviations;
      abbreviations = abbreviationsTo;
      abbreviationsTo = a;
      final int[] o = order;
      order = orderTo;
      orderTo = o;
    }
    final Entry[] sorted = new Entry[buffer.length];
    for (int i = 0; i < n; i++) {
      sorted[i] = buffer[order[i]];
    }
    // Entries whose keys agree in the abbreviated bytes: compared whole (a stable sort).
    for (int from = 0; from < n; ) {
      int to = from + 1;
      while (to < n && abbreviations[to] == abbreviations[from]) {
        to++;
      }
      if (to - from > 1) {
        Arrays.sort(sorted, from, to, ORDER);
      }
      from = to;
    }
    buffer = sorted;
  }

  /** Takes the entries of a sorted run. */
  @FunctionalInterface
  private interface RunWriter {
    void put(byte[] key, byte[] value);
  }

  /** Writes the sorted buffer, equal keys resolved, to {@code out}. */
  private void writeRun(RunWriter out) {
    Entry pending = buffer[0];
    for (int i = 1; i < size; i++) {
      final Entry next = buffer[i];
      if (Arrays.equals(next.key, pending.key)) {
        pending = new Entry(pending.key, resolver.resolve(pending.key, pending.value,
            next.value));
      } else {
        out.put(pending.key, pending.value);
        pending = next;
      }
    }
    out.put(pending.key, pending.value);
  }

  /** Spills what is left and returns the sorted result. */
  public Sorted finish() {
    spill();
    return new Sorted();
  }

  @Override public void close() {
    buffer = null;
    final Set<Path> delete = new HashSet<>(plain); // never handed over, even if unfinished
    if (!handedOver) {
      for (SstFile run : runs) {
        delete.add(run.path());
      }
    }
    for (Path path : delete) {
      try {
        Files.deleteIfExists(path);
      } catch (IOException ignored) {
        // Left in the bulk directory, which the next open clears.
      }
    }
  }

  /** The sorted entries: the runs, and a merge of them. */
  public final class Sorted {
    private Sorted() {
    }

    /**
     * Whether the runs are SST files that cover disjoint, ascending key ranges: together they
     * are the result.
     */
    public boolean disjoint() {
      if (!plain.isEmpty()) {
        return false;
      }
      for (int i = 1; i < runs.size(); i++) {
        if (Arrays.compareUnsigned(runs.get(i).first(), runs.get(i - 1).last()) <= 0) {
          return false;
        }
      }
      return true;
    }

    /**
     * The runs, in the order they were spilled: SST files to ingest if {@link #disjoint},
     * else files only {@link #cursor} reads.
     */
    public List<SstFile> runs() {
      return List.copyOf(runs);
    }

    /** Keeps the sorter from deleting its runs: the caller owns them from now on. */
    public void handOver() {
      handedOver = true;
    }

    /** A cursor over the merged runs: unique keys in ascending order. */
    public KvCursor cursor() {
      return new MergeCursor();
    }
  }

  /** One run being read back. */
  private abstract static class RunReader {
    final int order;
    byte[] key;
    byte[] value;

    RunReader(int order) {
      this.order = order;
    }

    /** Steps to the next entry; false after the last. */
    abstract boolean advance();

    abstract void close();
  }

  /** A run written as a plain file of length-prefixed keys and values. */
  private static final class PlainRunReader extends RunReader {
    private final Path path;
    private final DataInputStream in;

    PlainRunReader(int order, Path path) {
      super(order);
      this.path = path;
      try {
        this.in = new DataInputStream(new BufferedInputStream(Files.newInputStream(path),
            1 << 16));
      } catch (IOException e) {
        throw new StorageException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }

    @Override boolean advance() {
      try {
        final int keyLength;
        try {
          keyLength = in.readInt();
        } catch (EOFException end) {
          return false;
        }
        key = new byte[keyLength];
        in.readFully(key);
        value = new byte[in.readInt()];
        in.readFully(value);
        return true;
      } catch (IOException e) {
        throw new StorageException("cannot read " + path + ": " + e.getMessage(), e);
      }
    }

    @Override void close() {
      try {
        in.close();
      } catch (IOException ignored) {
        // Only read from: nothing is lost.
      }
    }
  }

  /** A run written as an SST file. */
  private static final class SstRunReader extends RunReader {
    final SstFileReader reader;
    final SstFileReaderIterator iterator;

    SstRunReader(int order, SstFileReader reader, SstFileReaderIterator iterator) {
      super(order);
      this.reader = reader;
      this.iterator = iterator;
    }

    @Override boolean advance() {
      if (!iterator.isValid()) {
        return false;
      }
      key = iterator.key();
      value = iterator.value();
      iterator.next();
      return true;
    }

    @Override void close() {
      iterator.close();
      reader.close();
    }
  }

  /** A k-way merge of the runs, earlier runs first among equal keys. */
  private final class MergeCursor extends KvCursor {
    private final PriorityQueue<RunReader> queue = new PriorityQueue<>((a, b) -> {
      final int c = Arrays.compareUnsigned(a.key, b.key);
      return c != 0 ? c : Integer.compare(a.order, b.order);
    });
    private final List<RunReader> open = new ArrayList<>();
    private final ReadOptions readOptions = new ReadOptions().setFillCache(false);
    private byte[] key;
    private byte[] value;

    MergeCursor() {
      try {
        for (int i = 0; i < runs.size(); i++) {
          if (plain.contains(runs.get(i).path())) {
            final RunReader run = new PlainRunReader(i, runs.get(i).path());
            open.add(run);
            if (run.advance()) {
              queue.add(run);
            }
            continue;
          }
          final SstFileReader reader = new SstFileReader(store.sstOptions());
          try {
            reader.open(runs.get(i).path().toString());
          } catch (RocksDBException e) {
            reader.close();
            throw new StorageException("cannot read " + runs.get(i).path() + ": "
                + e.getMessage(), e);
          }
          final SstFileReaderIterator iterator = reader.newIterator(readOptions);
          iterator.seekToFirst();
          final RunReader run = new SstRunReader(i, reader, iterator);
          open.add(run);
          if (run.advance()) {
            queue.add(run);
          }
        }
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }

    @Override public boolean next() {
      RunReader run = queue.poll();
      if (run == null) {
        key = null;
        value = null;
        return false;
      }
      key = run.key;
      value = run.value;
      if (run.advance()) {
        queue.add(run);
      }
      while (!queue.isEmpty() && Arrays.equals(queue.peek().key, key)) {
        run = queue.poll();
        value = resolver.resolve(key, value, run.value);
        if (run.advance()) {
          queue.add(run);
        }
      }
      return true;
    }

    @Override public byte[] key() {
      return key;
    }

    @Override public byte[] value() {
      return value;
    }

    @Override public void close() {
      for (RunReader run : open) {
        run.close();
      }
      open.clear();
      readOptions.close();
    }
  }
}
