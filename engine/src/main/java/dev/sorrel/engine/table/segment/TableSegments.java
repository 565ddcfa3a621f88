package dev.sorrel.engine.table.segment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ByteKey;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.ValueType;

/**
 * The {@link TableSegment}s of one database's tables: their data versions,
 * the change log that keeps a segment exact, which segment a scan may use,
 * and building new ones.
 *
 * <p><b>Versions.</b> Every commit that writes a table moves the table's
 * data version (META key {@code tseg/ver/<table id>}) in the same batch,
 * whatever wrote it: {@link Transaction} asks for it for every table it
 * {@linkplain Transaction#wrote wrote}. A segment is an image of one
 * version and is trusted only for it.
 *
 * <p><b>Change log.</b> While a table has a segment (or one is being
 * built), each such commit also logs the stored keys it changed (META
 * {@code tseg/log/<table id>/<version>}), or, when the writes did not go
 * through the table's own methods that record keys (a bulk path that ingests
 * files, say) or changed too many, an entry saying "anything may have
 * changed". A scan at a later version uses the segment only if the log has an
 * entry with keys for every version in between: it reads those keys from
 * RocksDB in its own snapshot and every other row from the segment. A gap or
 * an "anything" entry means the segment is not used. A new segment drops the
 * entries it includes.
 *
 * <p><b>Builds.</b> {@code ALTER TABLE ... COMPACT} builds one at once; a
 * commit that brings the rows changed since a table's segment (or since the
 * database opened) to {@link #minRows()} starts one in the background, on
 * the database's one segment-builder thread. A segment file that is missing,
 * damaged, of another format or of other columns is deleted and rebuilt on
 * demand, never trusted. A section is checked against its checksum the first
 * time a scan is about to read it ({@link #usable(Table, ReadView, int[])});
 * a damaged one is reported in a WARN log line naming the table and the file,
 * the file is deleted (the next build writes a new one: a COMPACT, or a
 * background build after enough writes), and the scan reads RocksDB.
 * In-memory databases have no segments.
 */
public final class TableSegments implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("t(\\d+)-v(\\d+)\\.seg");
  private static final Pattern TABLE_FILE = Pattern.compile("t(\\d+)-.*");
  /** Changed keys a scan merges before it stops using the segment. */
  private static final int CHANGED_KEYS = 262_144;
  private static final byte LOG_KEYS = 0;
  private static final byte LOG_EVERYTHING = 1;
  private static final Logger LOG = LoggerFactory.getLogger(TableSegments.class);

  private final Database database;
  private final Path dir;
  private final Map<Integer, TableSegment> current = new ConcurrentHashMap<>();
  private final Set<Integer> loaded = ConcurrentHashMap.newKeySet();
  private final Set<Integer> droppedIds = ConcurrentHashMap.newKeySet();
  private final Set<Integer> building = ConcurrentHashMap.newKeySet();
  /** Rows changed per table since its segment was built (or the database opened). */
  private final Map<Integer, AtomicLong> changedSince = new ConcurrentHashMap<>();
  private final Map<Integer, Object> locks = new ConcurrentHashMap<>();
  private final ExecutorService background;
  private volatile boolean closed;
  /** Counts segments installed, found on disk and dropped (see {@link #generation()}). */
  private final AtomicLong generation = new AtomicLong();

  /** The table segments of a database; {@link #removeOrphans()} once its catalog is loaded. */
  public TableSegments(Database database) {
    this.database = database;
    this.dir = database.directory() == null ? null : database.directory().resolve("segments");
    this.background = dir == null ? null : Executors.newSingleThreadExecutor(task -> {
      final Thread thread = new Thread(task, "sorrel-table-segment-builder "
          + database.name());
      thread.setDaemon(true);
      return thread;
    });
  }

  /**
   * A number that changes whenever a table gains, replaces or loses its
   * segment: plans that depend on which tables have segments are keyed by it.
   */
  public long generation() {
    return generation.get();
  }

  /** Whether this database keeps segments (it lives on disk). */
  public boolean enabled() {
    return dir != null;
  }

  /** Rows changed since a table's segment from which a commit starts a background build. */
  public long minRows() {
    return database.options().segmentMinRows();
  }

  /** Deletes segment files of tables that no longer exist. */
  public void removeOrphans() {
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    final Set<Integer> live = new HashSet<>();
    for (Table table : database.catalog().tables()) {
      live.add(table.id());
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "t*")) {
      for (Path file : files) {
        final Matcher m = TABLE_FILE.matcher(file.getFileName().toString());
        if (m.matches() && !live.contains(Integer.parseInt(m.group(1)))) {
          deleteQuietly(file);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Left for the next open.
    }
  }

  // ------------------------------------------------------------- versions and log

  private static byte[] versionKey(int tableId) {
    return String.format(Locale.ROOT, "tseg/ver/%010d", tableId)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] logKey(int tableId, long version) {
    return String.format(Locale.ROOT, "tseg/log/%010d/%020d", tableId, version)
        .getBytes(StandardCharsets.US_ASCII);
  }

  private static long decodeVersion(byte[] bytes) {
    return bytes == null || bytes.length != 8 ? 0
        : ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
  }

  /** A table's data version as a snapshot sees it (0 before its first logged write). */
  public long version(ReadView view, int tableId) {
    try {
      return decodeVersion(view.get(Space.META, versionKey(tableId)));
    } catch (StorageException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, e.getMessage(), e);
    }
  }

  /**
   * Moves the data version of every table a committing transaction wrote, in
   * its batch, and logs the keys it changed where a segment needs them.
   * Called under the writer lock, just before the batch commits; the returned
   * action runs once it has.
   *
   * @param written the ids of the tables written
   * @param changedRows per table id, the stored keys its writes recorded,
   *     or no entry if some write to it did not record them
   */
  public Runnable committing(Transaction tx, Collection<Integer> written,
      Map<Integer, ChangedRows> changedRows) {
    if (dir == null || written.isEmpty()) {
      return () -> { };
    }
    final List<Runnable> after = new ArrayList<>();
    for (int id : written) {
      final long version = decodeVersion(database.store().get(Space.META, versionKey(id))) + 1;
      tx.storage().put(Space.META, versionKey(id), ByteBuffer.allocate(8)
          .order(ByteOrder.LITTLE_ENDIAN).putLong(version).array());
      final ChangedRows changed = changedRows.get(id);
      final Set<ByteKey> keys = changed == null ? null : changed.keys();
      if (building.contains(id) || hasSegment(id)) {
        tx.storage().put(Space.META, logKey(id, version), logEntry(keys));
      }
      final long rows = changed == null ? Long.MAX_VALUE / 2 : changed.count();
      after.add(() -> changed(id, rows));
    }
    return () -> after.forEach(Runnable::run);
  }

  private static byte[] logEntry(Set<ByteKey> keys) {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final DataOutputStream out = new DataOutputStream(bytes);
    try {
      if (keys == null) {
        out.writeByte(LOG_EVERYTHING);
      } else {
        out.writeByte(LOG_KEYS);
        out.writeInt(keys.size());
        for (ByteKey key : keys) {
          out.writeInt(key.bytes().length);
          out.write(key.bytes());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    return bytes.toByteArray();
  }

  /** Counts committed changes and starts a background build once they are many. */
  private void changed(int id, long rows) {
    final long total = changedSince.computeIfAbsent(id, k -> new AtomicLong()).addAndGet(rows);
    if (total < Math.max(1, minRows()) || closed || droppedIds.contains(id)) {
      return;
    }
    final Table table = tableOf(id);
    if (table != null) {
      buildInBackground(table);
    }
  }

  /** Starts a build of a table's segment on the builder thread unless one is running. */
  private void buildInBackground(Table table) {
    final int id = table.id();
    if (!closed && eligible(table) && building.add(id)) {
      try {
        background.execute(() -> {
          try {
            buildQuietly(table);
          } finally {
            building.remove(id);
          }
        });
      } catch (RejectedExecutionException e) {
        building.remove(id); // closing
      }
    }
  }

  /** Whether a table has a segment file, looking on disk the first time. */
  private boolean hasSegment(int id) {
    if (loaded.contains(id)) {
      return current.get(id) != null;
    }
    final Table table = tableOf(id);
    return table != null && eligible(table) && load(table) != null;
  }

  private Table tableOf(int id) {
    for (Table table : database.catalog().tables()) {
      if (table.id() == id) {
        return table;
      }
    }
    return null;
  }

  /** Whether a table may have a segment: a plain table (not a feature view's) on disk. */
  private boolean eligible(Table table) {
    // A feature view's history has its own segment, kept by its own rules.
    return dir != null && !table.isReadOnly() && !table.isDropped()
        && database.catalog().featureView(table.name()) == null;
  }

  /**
   * The keys changed between a segment's version and {@code version} as the
   * snapshot sees the log, sorted; or null if the log does not tell.
   */
  private byte[][] changes(TableSegment segment, ReadView snapshot, long version) {
    final int id = segment.tableId();
    final Set<ByteKey> changed = new HashSet<>();
    long expected = segment.version() + 1;
    try (KvCursor cursor = snapshot.scan(Space.META, logKey(id, expected),
        logKey(id, version + 1))) {
      while (cursor.next()) {
        if (!Arrays.equals(cursor.key(), logKey(id, expected))) {
          return null; // a version without an entry
        }
        final DataInputStream in = new DataInputStream(new ByteArrayInputStream(cursor.value()));
        if (in.readByte() != LOG_KEYS) {
          return null;
        }
        for (int n = in.readInt(); n > 0; n--) {
          final byte[] key = new byte[in.readInt()];
          in.readFully(key);
          changed.add(new ByteKey(key));
        }
        if (changed.size() > CHANGED_KEYS) {
          return null;
        }
        expected++;
      }
    } catch (IOException | RuntimeException e) {
      return null; // an unreadable entry: the scan reads RocksDB instead
    }
    if (expected != version + 1) {
      return null;
    }
    final byte[][] keys = new byte[changed.size()][];
    int i = 0;
    for (ByteKey key : changed) {
      keys[i++] = key.bytes();
    }
    Arrays.sort(keys, Arrays::compareUnsigned);
    return keys;
  }

  // ------------------------------------------------------------- reading

  /**
   * What a scan of a table at one snapshot may read from a segment: the
   * segment, and the stored keys changed since its version (sorted), which
   * the scan reads from the snapshot instead.
   */
  public record Usable(TableSegment segment, byte[][] changedKeys) {
  }

  /**
   * The segment a scan of {@code table} at {@code snapshot} may use, or null
   * if there is none, it is of other columns or a newer version, or the log
   * does not tell exactly what changed since it. The snapshot must hold only
   * committed data of the table (not a transaction's own writes to it).
   */
  public Usable usable(Table table, ReadView snapshot) {
    final int[] all = new int[table.columns().size()];
    for (int c = 0; c < all.length; c++) {
      all[c] = c;
    }
    return usable(table, snapshot, all);
  }

  /**
   * {@link #usable(Table, ReadView)} for a scan that reads only these columns: the
   * sections it will read are checked against their checksums first (each once per file), so a
   * damaged file is reported and set aside before it could give a wrong answer.
   *
   * @param columns the columns the scan reads (indexes into the table's columns)
   */
  public Usable usable(Table table, ReadView snapshot, int[] columns) {
    if (dir == null || closed || !eligible(table)) {
      return null;
    }
    final TableSegment segment = load(table);
    if (segment == null || segment.fingerprint() != TableSegment.fingerprint(table.columns())) {
      return null;
    }
    try {
      segment.verify(columns);
    } catch (IOException e) {
      discardDamaged(table, segment, e);
      return null;
    }
    final long version = version(snapshot, table.id());
    if (segment.version() == version) {
      return new Usable(segment, new byte[0][]);
    }
    if (segment.version() > version) {
      return null;
    }
    final byte[][] changed = changes(segment, snapshot, version);
    return changed == null ? null : new Usable(segment, changed);
  }

  /** For EXPLAIN: whether a scan of the table would read a segment now, and which. */
  public String describe(Table table) {
    if (dir == null || !eligible(table)) {
      return "none";
    }
    try (ReadView snapshot = database.snapshot()) {
      final TableSegment segment = load(table);
      if (segment == null) {
        return "none";
      }
      final Usable usable = usable(table, snapshot);
      if (usable == null && current.get(table.id()) != segment) {
        return "none"; // found damaged just now and set aside
      }
      final long version = version(snapshot, table.id());
      if (usable == null) {
        return "stale (version " + segment.version() + " of " + version + ", not used)";
      }
      return usable.changedKeys().length == 0
          ? "current (version " + version + ", " + segment.rows() + " rows)"
          : "version " + segment.version() + " of " + version + " with "
              + usable.changedKeys().length + " changed keys overlaid";
    }
  }

  /** The newest segment of a table, current or stale, or null. */
  public TableSegment current(Table table) {
    return dir == null ? null : load(table);
  }

  // ------------------------------------------------------------- building

  /**
   * Builds the segment of a table's committed rows unless the current one
   * already is; returns it, or null for an in-memory database.
   *
   * @throws SorrelException if the file cannot be written
   */
  public TableSegment build(Table table) {
    if (dir == null) {
      return null;
    }
    if (!eligible(table)) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "table " + table.name()
          + " belongs to a feature view; compact it with ALTER FEATURE VIEW ... COMPACT");
    }
    try {
      return buildOrThrow(table);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SorrelException(ErrorCode.QUERY_CANCELED,
          "building the segment of table " + table.name() + " was interrupted");
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write the segment of table "
          + table.name() + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  private void buildQuietly(Table table) {
    try {
      buildOrThrow(table);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // The data is committed and scans still read RocksDB; the next large write retries.
    }
  }

  private TableSegment buildOrThrow(Table table) throws IOException, InterruptedException {
    final int id = table.id();
    synchronized (lockFor(id)) {
      if (closed) {
        return null;
      }
      // Logged from now on, so that the commits after this build's snapshot
      // can be overlaid on the new segment.
      final boolean marked = building.add(id);
      try (ReadView snapshot = database.snapshot()) {
        final long version = version(snapshot, id);
        final TableSegment existing = load(table);
        if (existing != null && existing.version() == version
            && existing.fingerprint() == TableSegment.fingerprint(table.columns())) {
          return existing;
        }
        if (droppedIds.contains(id)) {
          return null;
        }
        Files.createDirectories(dir);
        final Path target = dir.resolve("t" + id + "-v" + version + ".seg");
        final AtomicLong counter = changedSince.computeIfAbsent(id, k -> new AtomicLong());
        final long before = counter.get();
        try {
          TableSegmentWriter.write(table, snapshot, version, target);
          final TableSegment built = TableSegment.open(target, types(table), false);
          install(built);
          counter.addAndGet(-before);
          return built;
        } catch (IOException | RuntimeException e) {
          Files.deleteIfExists(target);
          throw e;
        }
      } finally {
        if (marked) {
          building.remove(id);
        }
      }
    }
  }

  /**
   * Reports a segment file whose bytes are not the ones written, forgets and deletes it:
   * scans read RocksDB until the next build. Scans that already use the file read only
   * sections that were checked.
   */
  private void discardDamaged(Table table, TableSegment segment, IOException damage) {
    LOG.warn("The segment file {} of table {} is damaged ({}); it is deleted, and scans read"
        + " the table's rows until it is rebuilt", segment.path(), table.name(),
        damage.getMessage());
    synchronized (lockFor(table.id())) {
      if (current.remove(table.id(), segment)) {
        generation.incrementAndGet();
        deleteQuietly(segment.path());
      }
    }
  }

  private Object lockFor(int id) {
    return locks.computeIfAbsent(id, k -> new Object());
  }

  private void install(TableSegment segment) {
    final TableSegment old = current.put(segment.tableId(), segment);
    generation.incrementAndGet();
    if (droppedIds.contains(segment.tableId())) {
      current.remove(segment.tableId());
      deleteQuietly(segment.path());
      return;
    }
    // After the switch: a scan that still took the old segment either sees
    // these entries (its snapshot is older) or finds them gone and reads RocksDB.
    pruneLog(segment.tableId(), segment.version());
    if (old != null && !old.path().equals(segment.path())) {
      deleteQuietly(old.path());
    }
  }

  private void pruneLog(int id, long version) {
    database.store().deleteRange(Space.META, logKey(id, 0),
        version == Long.MAX_VALUE ? logKey(id + 1, 0) : logKey(id, version + 1));
  }

  private static ValueType[] types(Table table) {
    final ValueType[] types = new ValueType[table.columns().size()];
    for (int c = 0; c < types.length; c++) {
      types[c] = table.columns().get(c).type();
    }
    return types;
  }

  /** The newest valid segment file of a table, read from disk on first use. */
  private TableSegment load(Table table) {
    final int id = table.id();
    if (loaded.contains(id)) {
      return current.get(id);
    }
    synchronized (lockFor(id)) {
      if (loaded.contains(id)) {
        return current.get(id);
      }
      TableSegment best = null;
      final long committed = decodeVersion(database.store().get(Space.META, versionKey(id)));
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "t" + id + "-*")) {
          for (Path file : files) {
            final Matcher m = NAME.matcher(file.getFileName().toString());
            if (!m.matches() || Integer.parseInt(m.group(1)) != id) {
              deleteQuietly(file); // a temporary file of an interrupted build
              continue;
            }
            final TableSegment segment;
            try {
              segment = TableSegment.open(file, types(table), true);
            } catch (IOException | RuntimeException e) {
              LOG.warn("The segment file {} of table {} cannot be used ({}); it is ignored and"
                  + " rebuilt on demand", file, table.name(), e.getMessage());
              deleteQuietly(file);
              continue;
            }
            // Newer than the committed data (written from commits a crash lost), or of
            // other columns: never right again.
            if (segment.tableId() != id || segment.version() > committed
                || segment.fingerprint() != TableSegment.fingerprint(table.columns())) {
              deleteQuietly(file);
            } else if (best == null || segment.version() > best.version()) {
              if (best != null) {
                deleteQuietly(best.path());
              }
              best = segment;
            } else {
              deleteQuietly(file);
            }
          }
        } catch (IOException e) {
          // An unreadable folder: no segment; builds will report the problem.
        }
      }
      if (best != null) {
        current.put(id, best);
        generation.incrementAndGet();
      }
      loaded.add(id);
      return best;
    }
  }

  /**
   * Forgets and deletes the segment, log and version of a dropped table
   * (a build of it that is running sees the mark and discards its file).
   */
  public void dropped(int id) {
    if (dir == null) {
      return;
    }
    droppedIds.add(id);
    loaded.add(id);
    changedSince.remove(id);
    final TableSegment segment = current.remove(id);
    generation.incrementAndGet();
    pruneLog(id, Long.MAX_VALUE);
    database.store().deleteRange(Space.META, versionKey(id), versionKey(id + 1));
    if (segment != null) {
      deleteQuietly(segment.path());
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The next open cleans up.
    }
  }

  /** Stops background builds (waiting for them to notice) before the store closes. */
  @Override public void close() {
    closed = true;
    if (background != null) {
      background.shutdownNow();
      try {
        background.awaitTermination(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
