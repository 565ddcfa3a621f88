package dev.sorrel.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.sorrel.storage.ReadView;

/**
 * The {@link HistorySegment}s of one database's feature views: which is
 * current, when one may be used, and building new ones.
 *
 * <p>Segment files live in the database directory's {@code segments}
 * folder, named {@code h<table id>-v<data version>.seg}. A segment is used by
 * a read only if its version equals the history's data version at the read's
 * snapshot, so a stale segment is never read; it is rebuilt instead. Builds
 * happen after a compaction (a large {@code COPY}, {@code ALTER FEATURE VIEW
 * ... COMPACT}) and, in the background, when a point-in-time join over a view
 * of at least {@link #minRows()} rows finds no usable segment (at most once per
 * four build times of that view, so a view under steady writes does not keep a
 * core busy rebuilding). In-memory databases have none: their joins always seek.
 *
 * <p>Segments are a cache of committed data: a file that is missing, damaged
 * or of an unknown format is deleted and rebuilt, never trusted.
 */
public final class HistorySegments implements AutoCloseable {
  /** Views with fewer history rows than this are not worth a segment (system property). */
  static final String MIN_ROWS_PROPERTY = "sorrel.segment.minRows";
  private static final long DEFAULT_MIN_ROWS = 100_000;
  private static final Pattern NAME = Pattern.compile("h(\\d+)-v(\\d+)\\.seg");

  private final Database database;
  private final Path dir;
  /** The newest segment per history table id that has been looked for on disk. */
  private final Map<Integer, HistorySegment> current = new ConcurrentHashMap<>();
  private final Set<Integer> loaded = ConcurrentHashMap.newKeySet();
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

  private HistorySegments(Database database) {
    this.database = database;
    this.dir = database.directory() == null ? null : database.directory().resolve("segments");
    this.background = dir == null ? null : Executors.newSingleThreadExecutor(task -> {
      final Thread thread = new Thread(task, "sorrel-segment-builder");
      thread.setDaemon(true);
      return thread;
    });
    removeOrphans();
  }

  /** Deletes segment files of tables that no longer exist (dropped while the files were busy). */
  private void removeOrphans() {
    if (dir == null || !Files.isDirectory(dir)) {
      return;
    }
    final Set<Integer> live = new java.util.HashSet<>();
    for (FeatureView view : database.catalog().featureViews()) {
      live.add(view.history().id());
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        final Matcher m = Pattern.compile("h(\\d+)-.*").matcher(file.getFileName().toString());
        if (m.matches() && !live.contains(Integer.parseInt(m.group(1)))) {
          deleteQuietly(file);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // Left for the next open.
    }
  }

  /** The segments of a database. */
  public static HistorySegments of(Database database) {
    return database.extension(HistorySegments.class, HistorySegments::new);
  }

  /** History rows from which a point-in-time join builds a segment by itself. */
  public static long minRows() {
    return Long.getLong(MIN_ROWS_PROPERTY, DEFAULT_MIN_ROWS);
  }

  /**
   * The newest segment of a view, current or stale (compare its
   * {@link HistorySegment#version()} with the view's data version), or null.
   */
  public HistorySegment current(FeatureView view) {
    return dir == null ? null : load(view.history().id());
  }

  /**
   * The segment that is an exact image of {@code view}'s history as
   * {@code snapshot} sees it, or null; if there is none and the view is large,
   * a build starts in the background for later reads.
   */
  public HistorySegment usable(FeatureView view, ReadView snapshot) {
    if (dir == null || closed) {
      return null;
    }
    final int id = view.history().id();
    final HistorySegment segment = load(id);
    final long version = database.catalog().stats(snapshot, view.name()).version();
    if (segment != null && segment.version() == version) {
      return segment;
    }
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
      } catch (java.util.concurrent.RejectedExecutionException e) {
        building.remove(id); // closing
      }
    }
    return null;
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
  void buildQuietly(FeatureView view) {
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
        final HistorySegment existing = load(id);
        if (existing != null && existing.version() == version) {
          return existing;
        }
        if (view.history().isDropped()) {
          return null;
        }
        Files.createDirectories(dir);
        final Path target = dir.resolve("h" + id + "-v" + version + ".seg");
        final long start = System.nanoTime();
        try {
          HistorySegmentWriter.write(view, snapshot, version, target);
          if (view.history().isDropped()) {
            Files.deleteIfExists(target); // dropped while it was written
            return null;
          }
          final HistorySegment built = HistorySegment.open(target);
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

  private final Map<Integer, Object> locks = new ConcurrentHashMap<>();

  private Object lockFor(int id) {
    return locks.computeIfAbsent(id, k -> new Object());
  }

  /** Makes a newly built segment current and deletes the file it replaces. */
  private void install(HistorySegment segment) {
    final HistorySegment old = current.put(segment.tableId(), segment);
    if (old != null && !old.path().equals(segment.path())) {
      deleteQuietly(old.path());
    }
  }

  /** The newest valid segment file of a table, read from disk on first use. */
  private HistorySegment load(int id) {
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
              segment = HistorySegment.open(file);
            } catch (IOException e) {
              deleteQuietly(file); // damaged: rebuilt on demand
              continue;
            }
            if (segment.tableId() != id) {
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

  /** Forgets and deletes the segments of a dropped history table. */
  void dropped(int id) {
    if (dir == null) {
      return;
    }
    synchronized (lockFor(id)) {
      final HistorySegment segment = current.remove(id);
      loaded.add(id);
      if (segment != null) {
        deleteQuietly(segment.path());
      }
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
