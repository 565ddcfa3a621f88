package dev.sorrel.engine.feature.segment;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ByteKey;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;

/**
 * The {@link HistorySegment}s of one database's feature views: which is
 * current, when one may be used, and building new ones.
 *
 * <p>Segment files live in the database directory's {@code segments}
 * folder, named {@code h<table id>-v<data version>.seg}. While a view has a
 * segment, every transaction that writes it logs the entities it changed
 * (META keys {@code fvlog/<table id>/<version>}); a read at a later data
 * version uses the segment for all other entities and seeks the changed ones
 * ({@link SegmentSnapshot}), and if the log cannot tell it does not use the
 * segment at all. A stale segment is rebuilt, never trusted. Builds happen
 * after a compaction (a large {@code COPY}, {@code ALTER FEATURE VIEW ...
 * COMPACT}) and, in the background, when a point-in-time join over a view of
 * at least {@link #minRows()} rows finds its segment missing or stale (at
 * most once per four build times of that view, so a view under steady writes
 * does not keep a core busy). A rebuild copies the unchanged entities from
 * the current segment and reads the changed ones from RocksDB when the log
 * tells which; a new segment drops the log entries it includes. In-memory
 * databases have none: their joins always seek.
 *
 * <p>Segments are a cache of committed data: a file that is missing, damaged
 * or of an unknown format is deleted and rebuilt, never trusted.
 */
public final class HistorySegments implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("h(\\d+)-v(\\d+)\\.seg");
  private static final Logger LOG = LoggerFactory.getLogger(HistorySegments.class);
  /** Any file of a table's segments, finished or not. */
  private static final Pattern TABLE_FILE = Pattern.compile("h(\\d+)-.*");

  private final Database database;
  private final Path dir;
  /** The newest segment per history table id that has been looked for on disk. */
  private final Map<Integer, HistorySegment> current = new ConcurrentHashMap<>();
  private final Set<Integer> loaded = ConcurrentHashMap.newKeySet();
  /** History tables dropped while this database is open. */
  private final Set<Integer> droppedIds = ConcurrentHashMap.newKeySet();
  /** Table ids with a background build queued or running. */
  private final Set<Integer> building = ConcurrentHashMap.newKeySet();
  /** Per table id, the data version whose build failed: not retried until the data changes. */
  private final Map<Integer, Long> failed = new ConcurrentHashMap<>();
  /**
   * Per table id, when its last build ended and how long it took (nanoTime):
   * a view written to all the time is rebuilt in the background at most once
   * per {@link #BUILD_SPACING} build times, so rebuilding takes at most about
   * a fifth of one core.
   */
  private final Map<Integer, long[]> lastBuild = new ConcurrentHashMap<>();
  private static final int BUILD_SPACING = 4;
  private final ExecutorService background;
  private volatile boolean closed;

  /** The segments of a database; {@link #removeOrphans()} once its catalog is loaded. */
  public HistorySegments(Database database) {
    this.database = database;
    this.dir = database.directory() == null ? null : database.directory().resolve("segments");
    this.background = dir == null ? null : Executors.newSingleThreadExecutor(task -> {
      final Thread thread = new Thread(task, "sorrel-segment-builder");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Deletes segment files of tables that no longer exist (dropped while the files were busy). */
  public void removeOrphans() {
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    final Set<Integer> live = new HashSet<>();
    for (FeatureView view : database.catalog().featureViews()) {
      live.add(view.history().id());
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
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

  /** History rows from which a point-in-time join builds a segment by itself. */
  public long minRows() {
    return database.options().segmentMinRows();
  }

  /**
   * The newest segment of a view, current or stale (compare its
   * {@link HistorySegment#version()} with the view's data version), or null.
   */
  public HistorySegment current(FeatureView view) {
    return dir == null ? null : intact(view, load(view));
  }

  /**
   * The segment a search of {@code view}'s history at {@code snapshot} may
   * use, with the entities whose rows changed since it was written (those
   * are sought in RocksDB instead); or null if there is none, or too much
   * changed. If the segment is missing or stale and the view is large, a
   * build starts in the background for later reads.
   */
  public SegmentSnapshot usable(FeatureView view, ReadView snapshot) {
    if (dir == null || closed) {
      return null;
    }
    final int id = view.history().id();
    final HistorySegment segment = intact(view, load(view));
    final long version = database.catalog().stats(snapshot, view.name()).version();
    if (segment != null && segment.version() == version) {
      return new SegmentSnapshot(segment, SegmentSnapshot.Changes.NONE);
    }
    final SegmentSnapshot.Changes changes = segment == null || segment.version() > version
        ? null : changes(segment, snapshot, version);
    if (view.stats().rowCount() >= minRows() && !Long.valueOf(version).equals(failed.get(id))
        && rested(id) && building.add(id)) {
      try {
        background.execute(() -> {
          try {
            buildQuietly(view);
          } finally {
            building.remove(id);
          }
        });
      } catch (RejectedExecutionException e) {
        building.remove(id); // closing
      }
    }
    return changes == null ? null : new SegmentSnapshot(segment, changes);
  }

  // ------------------------------------------------------------- change log

  /** Entities one transaction may change and still be logged one by one. */
  private static final int LOGGED_ENTITIES = 65_536;
  /** Changed entities a search tolerates before it stops using the segment. */
  private static final int CHANGED_ENTITIES = 262_144;
  private static final byte LOG_ENTITIES = 0;
  private static final byte LOG_EVERYTHING = 1;

  private static byte[] logKey(int tableId, long version) {
    return String.format(Locale.ROOT, "fvlog/%010d/%020d", tableId, version)
        .getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Records, in the transaction that writes data version {@code version} of a
   * view, which entities it changed (online keys, {@code prefixLength} bytes
   * of table prefix first), or that it may have changed any. Only views with
   * a segment keep this log; a new segment drops the entries it includes.
   */
  public void logChanges(Transaction tx, FeatureView view, long version,
      Collection<ByteKey> entities, int prefixLength,
      boolean everything) {
    if (dir == null || load(view) == null) {
      return;
    }
    final boolean all = everything || entities.size() > LOGGED_ENTITIES;
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.writeByte(all ? LOG_EVERYTHING : LOG_ENTITIES);
      if (!all) {
        out.writeInt(entities.size());
        for (ByteKey entity : entities) {
          final byte[] key = entity.bytes();
          out.writeInt(key.length - prefixLength);
          out.write(key, prefixLength, key.length - prefixLength);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array stream does not fail
    }
    tx.storage().put(Space.META, logKey(view.history().id(), version),
        bytes.toByteArray());
  }

  /**
   * The entities changed between a segment's version and {@code version}, as
   * {@code snapshot} sees the log, or null if the log does not tell (an entry
   * missing or marked "everything") or they are too many.
   */
  private SegmentSnapshot.Changes changes(HistorySegment segment, ReadView snapshot,
      long version) {
    final int id = segment.tableId();
    final Set<ByteKey> changed = new HashSet<>();
    long expected = segment.version() + 1;
    try (KvCursor cursor = snapshot.scan(Space.META,
        logKey(id, expected), logKey(id, version + 1))) {
      while (cursor.next()) {
        if (!Arrays.equals(cursor.key(), logKey(id, expected))) {
          return null; // a version without an entry
        }
        final DataInputStream in = new DataInputStream(
            new ByteArrayInputStream(cursor.value()));
        if (in.readByte() != LOG_ENTITIES) {
          return null;
        }
        for (int n = in.readInt(); n > 0; n--) {
          final byte[] entity = new byte[in.readInt()];
          in.readFully(entity);
          changed.add(new ByteKey(entity));
        }
        if (changed.size() > CHANGED_ENTITIES) {
          return null;
        }
        expected++;
      }
    } catch (IOException | RuntimeException e) {
      return null; // an unreadable entry: the search seeks instead
    }
    if (expected != version + 1) {
      return null;
    }
    return SegmentSnapshot.Changes.of(segment, changed);
  }

  /** Deletes a table's log entries up to {@code version} (all with Long.MAX_VALUE). */
  private void pruneLog(int id, long version) {
    database.store().deleteRange(Space.META, logKey(id, 0),
        version == Long.MAX_VALUE ? logKey(id + 1, 0) : logKey(id, version + 1));
  }

  /**
   * Builds the segment of a view's current history unless the current one
   * already is; returns it, or null for an in-memory database.
   *
   * @throws SorrelException if the file cannot be written
   */
  public HistorySegment build(FeatureView view) {
    if (dir == null) {
      return null;
    }
    try {
      return buildOrThrow(view);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SorrelException(ErrorCode.QUERY_CANCELED,
          "building the history segment of " + view.name() + " was interrupted");
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "cannot write the history segment of "
          + view.name() + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Whether enough time has passed since the table's last build for another in the background. */
  private boolean rested(int id) {
    final long[] last = lastBuild.get(id);
    return last == null || System.nanoTime() - last[0] >= BUILD_SPACING * last[1];
  }

  /** A build after the fact (a committed load): failing it loses only speed. */
  public void buildQuietly(FeatureView view) {
    try {
      buildOrThrow(view);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // The data is committed and joins still seek it; the next change retries.
    }
  }

  private HistorySegment buildOrThrow(FeatureView view) throws IOException, InterruptedException {
    final int id = view.history().id();
    synchronized (lockFor(id)) {
      if (closed) {
        return null;
      }
      try (ReadView snapshot = database.snapshot()) {
        final long version = database.catalog().stats(snapshot, view.name()).version();
        // Checked before it is used, as the base of the new file too.
        final HistorySegment existing = intact(view, load(view));
        if (existing != null && existing.version() == version) {
          return existing;
        }
        if (droppedIds.contains(id)) {
          return null;
        }
        Files.createDirectories(dir);
        final Path target = dir.resolve("h" + id + "-v" + version + ".seg");
        final long start = System.nanoTime();
        try {
          // From the current segment and the entities changed since, if the log says which.
          final SegmentSnapshot.Changes changes = existing == null
              || existing.version() > version ? null : changes(existing, snapshot, version);
          HistorySegmentWriter.write(view, snapshot, version, target,
              changes == null ? null : existing, changes);
          if (droppedIds.contains(id)) {
            Files.deleteIfExists(target); // dropped while it was written
            return null;
          }
          final HistorySegment built = HistorySegment.open(target, false);
          install(built);
          failed.remove(id);
          final long end = System.nanoTime();
          lastBuild.put(id, new long[] {end, end - start});
          return built;
        } catch (IOException | RuntimeException e) {
          failed.put(id, version);
          Files.deleteIfExists(target);
          throw e;
        }
      }
    }
  }

  /**
   * Starts the segment a bulk load into {@code view}'s empty history writes
   * from the rows it loads, so that the first point-in-time join after the
   * load need not build one; null for a database in memory, or if the file
   * cannot be started.
   */
  public LoadedSegment startLoaded(FeatureView view) {
    if (dir == null || closed) {
      return null;
    }
    final int id = view.history().id();
    // Named as an unfinished build is: deleted when segments are next looked for on disk.
    final Path file = dir.resolve("h" + id + "-v-load" + System.nanoTime() + ".seg");
    try {
      Files.createDirectories(dir);
      return new LoadedSegment(view, file, HistorySegmentWriter.stream(view, file));
    } catch (IOException | RuntimeException e) {
      return null; // the load goes on; a join builds the segment later
    }
  }

  /**
   * A segment written by a bulk load from its rows in key order, made current
   * when the load's transaction commits and deleted if it does not. Writing
   * it is best effort: once a write fails, the rest is ignored and no segment
   * is made current (a join builds one later), and the load goes on.
   */
  public final class LoadedSegment {
    private final FeatureView view;
    private final Path file;
    private final HistorySegmentWriter.Stream stream;
    private boolean failed;

    private LoadedSegment(FeatureView view, Path file, HistorySegmentWriter.Stream stream) {
      this.view = view;
      this.file = file;
      this.stream = stream;
    }

    /**
     * Adds a history row in key order: its stored key (the entity key columns
     * between {@code entityStart} and {@code entityEnd}), times and value.
     */
    public void add(byte[] key, int entityStart, int entityEnd, long event, long created,
        byte[] value) {
      if (failed) {
        return;
      }
      try {
        stream.add(key, entityStart, entityEnd, event, created, value);
      } catch (IOException | RuntimeException e) {
        discard();
      }
    }

    /** The rows added. */
    public long rows() {
      return stream.rows();
    }

    /**
     * Writes the file as data version {@code version}, to be made current when
     * {@code tx} commits (if no newer segment is by then) and deleted if it does not.
     */
    public void prepare(Transaction tx, long version) {
      if (failed) {
        return;
      }
      try {
        stream.commit(version);
        stream.close();
      } catch (IOException | RuntimeException e) {
        discard();
        return;
      }
      tx.afterCommit(() -> installLoaded(view, file, version));
      tx.onRollback(() -> deleteQuietly(file));
    }

    /** Deletes what was written; later rows are ignored. */
    public void discard() {
      failed = true;
      try {
        stream.close();
      } catch (IOException | RuntimeException e) {
        // Left for the next look on disk, which deletes unfinished files.
      }
      deleteQuietly(file);
    }
  }

  /** Makes a committed load's segment of data version {@code version} current. */
  private void installLoaded(FeatureView view, Path file, long version) {
    final int id = view.history().id();
    synchronized (lockFor(id)) {
      final HistorySegment existing = closed ? null : load(view);
      if (closed || droppedIds.contains(id)
          || existing != null && existing.version() >= version) {
        deleteQuietly(file);
        return;
      }
      final Path target = dir.resolve("h" + id + "-v" + version + ".seg");
      try {
        try {
          Files.move(file, target, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
        install(HistorySegment.open(target, false));
        failed.remove(id);
      } catch (IOException | RuntimeException e) {
        deleteQuietly(file);
        deleteQuietly(target); // a join builds it again
      }
    }
  }

  private final Map<Integer, Object> locks = new ConcurrentHashMap<>();

  private Object lockFor(int id) {
    return locks.computeIfAbsent(id, k -> new Object());
  }

  /**
   * Makes a newly built segment current, drops the log entries it includes
   * and deletes the file it replaces.
   */
  /**
   * The segment if its sections are as written (checked on first use); else null, after a
   * WARN log line naming the feature view and the file, which is forgotten and deleted (the
   * next build writes a new one; reads seek RocksDB meanwhile).
   */
  private HistorySegment intact(FeatureView view, HistorySegment segment) {
    if (segment == null) {
      return null;
    }
    try {
      segment.verify();
      return segment;
    } catch (IOException e) {
      LOG.warn("The history segment file {} of feature view {} is damaged ({}); it is ignored"
          + " and rebuilt, and reads seek the history's rows until then", segment.path(),
          view.name(), e.getMessage());
      synchronized (lockFor(view.history().id())) {
        if (current.remove(view.history().id(), segment)) {
          deleteQuietly(segment.path());
        }
      }
      return null;
    }
  }

  private void install(HistorySegment segment) {
    final HistorySegment old = current.put(segment.tableId(), segment);
    if (droppedIds.contains(segment.tableId())) {
      current.remove(segment.tableId()); // dropped meanwhile: dropped() may have missed it
      deleteQuietly(segment.path());
      return;
    }
    // After the switch: a read that still took the old segment either sees
    // these entries (its snapshot is older) or finds them gone and seeks.
    pruneLog(segment.tableId(), segment.version());
    if (old != null && !old.path().equals(segment.path())) {
      deleteQuietly(old.path());
    }
  }

  /** The newest valid segment file of a table, read from disk on first use. */
  private HistorySegment load(FeatureView view) {
    final int id = view.history().id();
    if (loaded.contains(id)) {
      return current.get(id);
    }
    synchronized (lockFor(id)) {
      if (loaded.contains(id)) {
        return current.get(id);
      }
      HistorySegment best = null;
      if (Files.isDirectory(dir)) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "h" + id + "-*")) {
          for (Path file : files) {
            final Matcher m = NAME.matcher(file.getFileName().toString());
            if (!m.matches() || Integer.parseInt(m.group(1)) != id) {
              if (file.getFileName().toString().startsWith("h" + id + "-v")) {
                deleteQuietly(file); // a temporary file of an interrupted build
              }
              continue;
            }
            HistorySegment segment = null;
            try {
              segment = HistorySegment.open(file, true);
            } catch (IOException | RuntimeException e) {
              LOG.warn("The history segment file {} of feature view {} cannot be used ({}); it"
                  + " is ignored and rebuilt on demand", file, view.name(), e.getMessage());
              deleteQuietly(file);
              continue;
            }
            // Newer than the committed data: written from commits a crash lost
            // (they were not synced). Its version will be reused by other data.
            if (segment.tableId() != id || segment.version() > view.stats().version()) {
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
      }
      loaded.add(id);
      return best;
    }
  }

  /**
   * Forgets and deletes the segments of a dropped history table, without
   * waiting for a build of it that may be running (that build sees the mark
   * and discards its file).
   */
  public void dropped(int id) {
    if (dir == null) {
      return;
    }
    droppedIds.add(id);
    loaded.add(id);
    final HistorySegment segment = current.remove(id);
    pruneLog(id, Long.MAX_VALUE);
    if (segment != null) {
      deleteQuietly(segment.path());
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A mapped file may not be deletable on some systems; the next open cleans up.
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
