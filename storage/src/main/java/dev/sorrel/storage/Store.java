package dev.sorrel.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.IngestExternalFileOptions;
import org.rocksdb.Options;
import org.rocksdb.LRUCache;
import org.rocksdb.Range;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.RocksMemEnv;
import org.rocksdb.SizeApproximationFlag;
import org.rocksdb.Slice;
import org.rocksdb.Snapshot;
import org.rocksdb.WriteOptions;

/**
 * One RocksDB database: the whole persistent state of a Sorrel database
 * directory, or a throw-away one held in memory.
 *
 * <p>A store hands out {@link ReadView}s (consistent snapshots) and
 * {@link WriteTransaction}s (atomic write batches). It knows keys and bytes,
 * not tables: the engine above it decides what the bytes mean.
 *
 * <h2>Bulk writes</h2>
 *
 * A transaction may carry SST files (written with {@link SstOutput}, usually
 * from an {@link SstSorter}) that its commit ingests next to its batch. RocksJava
 * has no atomic ingestion into several column families, so the commit makes
 * itself atomic with an intent record and a lock:
 * <ol>
 * <li>the batch is written together with an intent record in {@link Space#META}
 *     ({@value #INGEST_PREFIX}N) that lists the files, with a synced log write:
 *     this is the commit point;
 * <li>each space's files are ingested (hard-linked into the database, never
 *     copied), keeping the listed files themselves;
 * <li>the intent record is deleted (synced), then the files.
 * </ol>
 * A crash before step 1 leaves nothing (the files are swept at the next open);
 * a crash after it is rolled forward when the store next opens, before anything
 * else reads or writes: every listed file is ingested (again, if it already
 * was: the same entries with the same values, so the state is the same) and
 * the record deleted. Snapshots are not taken during steps 1–3 (they wait a
 * few milliseconds for the links), so a reader sees all of the commit or none
 * of it; single-key reads without a snapshot see each key either way.
 */
public final class Store implements AutoCloseable {
  static {
    RocksDB.loadLibrary();
  }

  private final String description;
  private final RocksDB db;
  private final DBOptions dbOptions;
  private final ColumnFamilyOptions cfOptions;
  private final LRUCache blockCache;
  private final Env env;
  private final StoreLock lock;
  private final Map<Space, ColumnFamilyHandle> handles = new EnumMap<>(Space.class);
  private final List<ColumnFamilyHandle> allHandles;
  private final WriteOptions writeOptions;
  private final ReadOptions pointReadOptions;
  /** Where bulk writes put their SST files before ingestion; null in memory. */
  private final Path bulkDirectory;
  /** The table format of SST files written for ingestion; null in memory. */
  private final Options sstOptions;
  /** Held shared to take a snapshot, exclusively while a commit ingests files. */
  private final ReentrantReadWriteLock ingestLock = new ReentrantReadWriteLock();
  private final AtomicLong bulkSequence = new AtomicLong(System.nanoTime());
  private volatile boolean closed;
  private volatile boolean stopAfterIntent;

  /** META key prefix of the intent records of commits that ingest files. */
  static final String INGEST_PREFIX = "storage/ingest/";

  private Store(String description, Path path, Env env, StoreLock lock, boolean syncCommits,
      Path bulkDirectory) {
    this.description = description;
    this.bulkDirectory = bulkDirectory;
    this.env = env;
    this.lock = lock;
    this.blockCache = new LRUCache(64L << 20);
    final BlockBasedTableConfig table = new BlockBasedTableConfig()
        .setBlockCache(blockCache)
        .setFilterPolicy(new BloomFilter(10, false))
        // Index and filter blocks stay in table-reader memory rather than
        // competing with data blocks for the cache: with them evicted, every
        // point read of a table larger than the cache would reload them.
        .setCacheIndexAndFilterBlocks(false)
        .setBlockSize(16 * 1024);
    this.cfOptions = new ColumnFamilyOptions()
        .setTableFormatConfig(table)
        .setCompressionType(CompressionType.LZ4_COMPRESSION)
        .setWriteBufferSize(64L << 20)
        // A bloom filter over whole keys in the memtable, so looking up an
        // absent key (every uniqueness check of an insert) skips the skiplist.
        .setMemtablePrefixBloomSizeRatio(0.1)
        .setMemtableWholeKeyFiltering(true);
    this.dbOptions = new DBOptions()
        .setCreateIfMissing(true)
        .setCreateMissingColumnFamilies(true)
        .setMaxBackgroundJobs(2)
        .setKeepLogFileNum(5)
        // Flush rarely written column families (the catalog) so they do not
        // pin old write-ahead log files of the busy one.
        .setMaxTotalWalSize(128L << 20);
    if (env != null) {
      dbOptions.setEnv(env);
    }
    final List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, cfOptions));
    for (Space space : Space.values()) {
      descriptors.add(new ColumnFamilyDescriptor(
          space.columnFamily().getBytes(StandardCharsets.UTF_8), cfOptions));
    }
    this.allHandles = new ArrayList<>();
    try {
      this.db = RocksDB.open(dbOptions, path.toString(), descriptors, allHandles);
    } catch (RocksDBException e) {
      closeOptions();
      throw new StorageException("cannot open " + description + ": " + e.getMessage(), e);
    }
    for (Space space : Space.values()) {
      handles.put(space, allHandles.get(space.ordinal() + 1));
    }
    this.writeOptions = new WriteOptions().setSync(syncCommits);
    this.pointReadOptions = new ReadOptions();
    this.sstOptions = bulkDirectory == null ? null : new Options(dbOptions, cfOptions);
    if (bulkDirectory != null) {
      try {
        recoverIngestion();
      } catch (RuntimeException e) {
        close();
        throw e;
      }
    }
  }

  /**
   * Opens (creating if needed) the store in a directory, taking the
   * directory's process lock first.
   *
   * @param syncCommits whether each commit waits for an fsync of the log; when
   *     false a commit survives a killed process but not a power failure
   */
  public static Store open(Path directory, boolean syncCommits) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("cannot create database directory " + directory
          + ": " + e.getMessage(), e);
    }
    final StoreLock lock = StoreLock.acquire(directory);
    try {
      return new Store("database " + directory, directory.resolve("data"), null, lock,
          syncCommits, directory.resolve("bulk"));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Creates an empty store that lives in memory and vanishes on close. */
  public static Store openInMemory(String name) {
    final Env env = new RocksMemEnv(Env.getDefault());
    return new Store("in-memory database " + name, Path.of("/sorrel-mem", name), env, null,
        false, null);
  }

  /** Returns a human-readable name of this store for messages. */
  public String description() {
    return description;
  }

  RocksDB db() {
    return db;
  }

  ColumnFamilyHandle handle(Space space) {
    return handles.get(space);
  }

  WriteOptions writeOptions() {
    return writeOptions;
  }

  /** Reads one key's current committed value, or null. */
  public byte[] get(Space space, byte[] key) {
    checkOpen();
    try {
      return db.get(handles.get(space), pointReadOptions, key);
    } catch (RocksDBException e) {
      throw new StorageException("read failed in " + description + ": " + e.getMessage(), e);
    }
  }

  /**
   * Whether a key exists in the committed state. Bloom filters answer most
   * absent keys without reading a block, which makes uniqueness checks on
   * bulk loads of new keys cheap.
   */
  public boolean contains(Space space, byte[] key) {
    checkOpen();
    final ColumnFamilyHandle handle = handles.get(space);
    if (!db.keyMayExist(handle, pointReadOptions, key, null)) {
      return false;
    }
    try {
      return db.get(handle, pointReadOptions, key) != null;
    } catch (RocksDBException e) {
      throw new StorageException("read failed in " + description + ": " + e.getMessage(), e);
    }
  }

  /**
   * The approximate number of bytes the keys in {@code [from, to)} take, in
   * files and memtables, from RocksDB's index blocks and memtable statistics
   * without reading the keys: for estimating how many rows a range holds. It
   * is coarse (a range within one block may come out as 0) and counts
   * overwritten and deleted values that compaction has not yet dropped.
   */
  public long approximateSize(Space space, byte[] from, byte[] to) {
    checkOpen();
    try (Slice start = new Slice(from); Slice limit = new Slice(to)) {
      return db.getApproximateSizes(handles.get(space), List.of(new Range(start, limit)),
          SizeApproximationFlag.INCLUDE_MEMTABLES, SizeApproximationFlag.INCLUDE_FILES)[0];
    }
  }

  /** Opens a consistent, read-only view of the committed state. */
  public ReadView snapshot() {
    checkOpen();
    final Snapshot snapshot;
    ingestLock.readLock().lock();
    try {
      snapshot = db.getSnapshot();
    } finally {
      ingestLock.readLock().unlock();
    }
    return new ReadView(this, snapshot);
  }

  // ---------------------------------------------------------------- bulk writes

  /** Whether this store can ingest SST files (a store on disk). */
  public boolean canIngest() {
    return bulkDirectory != null;
  }

  /**
   * Creates a new, empty directory for the SST files of one bulk write, in
   * this store's bulk area (cleared of leftovers at every open).
   */
  public Path newBulkDirectory() {
    if (bulkDirectory == null) {
      throw new StorageException(description + " cannot ingest files");
    }
    final Path dir = bulkDirectory.resolve(Long.toString(bulkSequence.incrementAndGet()));
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new StorageException("cannot create " + dir + ": " + e.getMessage(), e);
    }
    return dir;
  }

  Options sstOptions() {
    if (sstOptions == null) {
      throw new StorageException(description + " cannot write SST files");
    }
    return sstOptions;
  }

  /**
   * Commits a batch together with SST files to ingest, as one atomic step (see
   * the class comment). The files are deleted once ingested.
   */
  void commitIngesting(org.rocksdb.WriteBatch batch, Map<Space, List<Path>> files) {
    checkOpen();
    final byte[] intent = (INGEST_PREFIX + bulkSequence.incrementAndGet())
        .getBytes(StandardCharsets.UTF_8);
    final StringBuilder listing = new StringBuilder();
    for (Map.Entry<Space, List<Path>> entry : files.entrySet()) {
      for (Path file : entry.getValue()) {
        listing.append(entry.getKey().name()).append('\t').append(file).append('\n');
      }
    }
    ingestLock.writeLock().lock();
    try (WriteOptions synced = new WriteOptions().setSync(true)) {
      try {
        batch.put(handles.get(Space.META), intent,
            listing.toString().getBytes(StandardCharsets.UTF_8));
        db.write(synced, batch);
      } catch (RocksDBException e) {
        throw new StorageException("commit failed in " + description + ": " + e.getMessage(), e);
      }
      // Committed: what follows completes it now, or at the next open if this process dies.
      if (!stopAfterIntent) {
        ingest(files);
        try {
          db.delete(handles.get(Space.META), synced, intent);
        } catch (RocksDBException e) {
          throw new CommitIncompleteException("finishing a commit failed in " + description
              + " (the commit is durable and completes when the database is next opened): "
              + e.getMessage(), e);
        }
      }
    } finally {
      ingestLock.writeLock().unlock();
    }
    if (!stopAfterIntent) {
      deleteFiles(files);
    }
  }

  /**
   * For tests of crash recovery: commits that ingest files stop at their commit point, as if
   * the process died there.
   */
  void stopAfterIntent() {
    stopAfterIntent = true;
  }

  /** Ingests each space's files by hard links, keeping the files themselves. */
  private void ingest(Map<Space, List<Path>> files) {
    try (IngestExternalFileOptions options = new IngestExternalFileOptions()
        .setMoveFiles(true).setSnapshotConsistency(true).setAllowBlockingFlush(true)) {
      for (Map.Entry<Space, List<Path>> entry : files.entrySet()) {
        final List<String> links = new ArrayList<>();
        for (Path file : entry.getValue()) {
          // RocksDB removes what it moves: it gets a second link, the listed file stays.
          final Path link = file.resolveSibling(file.getFileName() + ".ingest");
          Files.deleteIfExists(link);
          Files.createLink(link, file);
          links.add(link.toString());
        }
        if (!links.isEmpty()) {
          db.ingestExternalFile(handles.get(entry.getKey()), links, options);
        }
      }
    } catch (RocksDBException | IOException e) {
      throw new CommitIncompleteException("ingesting files failed in " + description
          + " (the commit is durable and completes when the database is next opened): "
          + e.getMessage(), e);
    }
  }

  private static void deleteFiles(Map<Space, List<Path>> files) {
    for (List<Path> list : files.values()) {
      for (Path file : list) {
        try {
          Files.deleteIfExists(file);
          Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".ingest"));
          if (file.getParent() != null && Files.isDirectory(file.getParent())) {
            try (var rest = Files.list(file.getParent())) {
              if (rest.findAny().isEmpty()) {
                Files.deleteIfExists(file.getParent());
              }
            }
          }
        } catch (IOException ignored) {
          // Swept from the bulk area at the next open.
        }
      }
    }
  }

  /**
   * Completes the commits whose ingestion a crash interrupted, then clears the
   * bulk area of every file no intent record lists (loads that never committed).
   */
  private void recoverIngestion() {
    final byte[] from = INGEST_PREFIX.getBytes(StandardCharsets.UTF_8);
    final List<byte[]> intents = new ArrayList<>();
    final List<String> listings = new ArrayList<>();
    try (RocksIterator it = db.newIterator(handles.get(Space.META))) {
      for (it.seek(from); it.isValid() && startsWith(it.key(), from); it.next()) {
        intents.add(it.key());
        listings.add(new String(it.value(), StandardCharsets.UTF_8));
      }
    }
    for (int i = 0; i < intents.size(); i++) {
      final Map<Space, List<Path>> files = new LinkedHashMap<>();
      for (String line : listings.get(i).split("\n")) {
        final int tab = line.indexOf('\t');
        if (tab > 0) {
          files.computeIfAbsent(Space.valueOf(line.substring(0, tab)), s -> new ArrayList<>())
              .add(Path.of(line.substring(tab + 1)));
        }
      }
      ingest(files);
      try (WriteOptions synced = new WriteOptions().setSync(true)) {
        db.delete(handles.get(Space.META), synced, intents.get(i));
      } catch (RocksDBException e) {
        throw new StorageException("cannot complete an interrupted commit in " + description
            + ": " + e.getMessage(), e);
      }
      deleteFiles(files);
    }
    deleteTree(bulkDirectory);
  }

  private static boolean startsWith(byte[] key, byte[] prefix) {
    return key.length >= prefix.length
        && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // Tried again at the next open.
        }
      });
    } catch (IOException ignored) {
      // Tried again at the next open.
    }
  }

  /** Starts an atomic batch of writes; nothing is visible until commit. */
  public WriteTransaction begin() {
    checkOpen();
    return new WriteTransaction(this, false);
  }

  /**
   * Starts an atomic batch of writes that keeps them indexed from the start,
   * for a transaction that will read its own writes and undo failed
   * statements (see {@link WriteTransaction}).
   */
  public WriteTransaction beginIndexed() {
    checkOpen();
    return new WriteTransaction(this, true);
  }

  /** The sequence number of the latest commit: snapshots taken after it have one as large. */
  public long latestSequence() {
    checkOpen();
    return db.getLatestSequenceNumber();
  }

  /**
   * Deletes every key in {@code [from, to)} at once, outside any transaction:
   * for reclaiming the rows of something whose definition is already gone.
   */
  public void deleteRange(Space space, byte[] from, byte[] to) {
    checkOpen();
    try {
      db.deleteRange(handles.get(space), writeOptions, from, to);
    } catch (RocksDBException e) {
      throw new StorageException("delete failed in " + description + ": " + e.getMessage(), e);
    }
  }

  /**
   * Compacts the keys in {@code [from, to)} into the bottom level, so later
   * reads of the range consult one sorted run instead of several levels
   * (after a bulk load, each point-in-time seek is then about a third
   * cheaper). Blocks the caller while RocksDB rewrites the range.
   */
  public void compact(Space space, byte[] from, byte[] to) {
    checkOpen();
    try {
      db.compactRange(handles.get(space), from, to);
    } catch (RocksDBException e) {
      throw new StorageException("compaction failed in " + description + ": " + e.getMessage(),
          e);
    }
  }

  /** Flushes memtables to files; used before a backup or in tests. */
  public void flush() {
    checkOpen();
    try (org.rocksdb.FlushOptions options = new org.rocksdb.FlushOptions().setWaitForFlush(true)) {
      db.flush(options, allHandles);
    } catch (RocksDBException e) {
      throw new StorageException("flush failed in " + description + ": " + e.getMessage(), e);
    }
  }

  void checkOpen() {
    if (closed) {
      throw new StorageException(description + " is closed");
    }
  }

  public boolean isClosed() {
    return closed;
  }

  @Override public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      db.syncWal();
    } catch (RocksDBException ignored) {
      // An in-memory store has no log to sync; a failing disk fails later too.
    }
    for (ColumnFamilyHandle handle : allHandles) {
      handle.close();
    }
    db.close();
    writeOptions.close();
    pointReadOptions.close();
    closeOptions();
    if (lock != null) {
      lock.close();
    }
  }

  private void closeOptions() {
    if (sstOptions != null) {
      sstOptions.close();
    }
    dbOptions.close();
    cfOptions.close();
    blockCache.close();
    if (env != null) {
      env.close();
    }
  }
}
