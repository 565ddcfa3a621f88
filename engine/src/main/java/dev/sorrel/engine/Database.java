package dev.sorrel.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.sorrel.engine.catalog.Catalog;
import dev.sorrel.engine.feature.segment.HistorySegments;
import dev.sorrel.engine.experiment.Experiments;
import dev.sorrel.engine.model.Models;
import dev.sorrel.engine.monitor.Monitors;
import dev.sorrel.engine.table.segment.TableSegments;
import dev.sorrel.engine.tracking.Tracking;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.Store;

/**
 * One open Sorrel database: a directory (or a named in-memory store), its
 * catalog and its tables. There is one {@code Database} per directory per
 * JVM, shared by every connection to it: {@link #open} returns the same
 * object to every caller and counts references, and the store closes when
 * the last one is released.
 *
 * <p>Reads take {@linkplain #snapshot() snapshots} and never block; writes go
 * through {@linkplain #begin() transactions}, one writer at a time.
 */
public final class Database implements AutoCloseable {
  private static final Map<String, Database> OPEN = new HashMap<>();

  private final String key;
  private final String name;
  /** The database directory, or null for an in-memory database. */
  private final Path directory;
  private final Store store;
  private final Catalog catalog;
  private final Models models;
  private final Experiments experiments;
  private final Tracking tracking;
  private final Monitors monitors;
  private final HistorySegments segments;
  private final TableSegments tableSegments;
  /** Threads that query operators use beside the query thread; idle ones time out. */
  private final ThreadPoolExecutor workers;
  /** Runs timed actions such as statement timeouts; its one thread times out when idle. */
  private final ScheduledThreadPoolExecutor timers;
  private final DatabaseOptions options;
  /** Fails statements that would fill the heap past the memory limit, with 53200. */
  private final MemoryGuard memory;
  /** One writer at a time; a semaphore, not a lock, so any thread may end a transaction. */
  private final Semaphore writer = new Semaphore(1, true);
  /**
   * Per table id, the sequence number of the last commit that changed it:
   * an explicit transaction whose snapshot is older conflicts with it.
   * Tables not listed have not changed since the database opened.
   */
  private final Map<Integer, Long> tableVersions = new ConcurrentHashMap<>();
  private final Map<Class<?>, Object> extensions = new ConcurrentHashMap<>();
  private int references;

  private Database(String key, String name, Path directory, Store store,
      DatabaseOptions options) {
    this.key = key;
    this.name = name;
    this.directory = directory;
    this.store = store;
    this.options = options;
    this.memory = new MemoryGuard(options.memoryLimitBytes());
    this.workers = new ThreadPoolExecutor(options.workerThreads(), options.workerThreads(),
        30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), daemonThreads("sorrel-worker"));
    workers.allowCoreThreadTimeOut(true);
    this.timers = new ScheduledThreadPoolExecutor(1, daemonThreads("sorrel-timer"));
    timers.setRemoveOnCancelPolicy(true);
    timers.setKeepAliveTime(30, TimeUnit.SECONDS);
    timers.allowCoreThreadTimeOut(true);
    this.segments = new HistorySegments(this);
    this.tableSegments = new TableSegments(this);
    this.catalog = new Catalog(this);
    this.tracking = new Tracking(this, catalog);
    this.monitors = new Monitors(this, catalog);
    this.models = new Models(this, catalog);
    this.experiments = new Experiments(models, catalog);
    try {
      catalog.load(store);
      models.load(store);
      experiments.load(store);
      monitors.load(store);
      segments.removeOrphans();
      tableSegments.removeOrphans();
    } catch (RuntimeException e) {
      memory.close();
      workers.shutdownNow();
      timers.shutdownNow();
      segments.close();
      tableSegments.close();
      store.close(); // releases the directory lock too
      throw e;
    }
  }

  /**
   * Opens the database in a directory, creating it if missing, or returns the
   * one already open in this JVM. Each call must be matched by {@link #close()}.
   */
  public static Database open(Path directory, DatabaseOptions options) {
    final Path path;
    try {
      path = directory.toAbsolutePath().normalize();
      java.nio.file.Files.createDirectories(path);
    } catch (IOException | RuntimeException e) {
      throw new SorrelException(ErrorCode.CONNECTION_FAILURE,
          "cannot create database directory " + directory + ": " + e.getMessage(), e);
    }
    final String key = canonical(path);
    return acquire(key, () -> new Database(key, path.toString(), path,
        Store.open(path, options.syncCommits()), options));
  }

  /** Opens (or shares) the in-memory database of this name with default options. */
  public static Database openInMemory(String name) {
    return openInMemory(name, DatabaseOptions.DEFAULT);
  }

  /**
   * Opens (or shares) the in-memory database of this name; it vanishes on
   * last close. As for {@link #open}, the options of the first opener hold.
   */
  public static Database openInMemory(String name, DatabaseOptions options) {
    final String key = "mem:" + name;
    return acquire(key, () -> new Database(key, key, null, Store.openInMemory(name), options));
  }

  private static String canonical(Path path) {
    try {
      return path.toRealPath().toString();
    } catch (IOException e) {
      return path.toString();
    }
  }

  private interface Opener {
    Database open();
  }

  private static Database acquire(String key, Opener opener) {
    synchronized (OPEN) {
      Database db = OPEN.get(key);
      if (db == null) {
        try {
          db = opener.open();
        } catch (StorageException e) {
          throw new SorrelException(ErrorCode.CONNECTION_FAILURE, e.getMessage(), e);
        }
        OPEN.put(key, db);
      }
      db.references++;
      return db;
    }
  }

  /** The directory path, or {@code mem:name}. */
  public String name() {
    return name;
  }

  /** The database directory, or null if the database lives in memory. */
  public Path directory() {
    return directory;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** The model registry. */
  public Models models() {
    return models;
  }

  /** The database's A/B experiments. */
  public Experiments experiments() {
    return experiments;
  }

  /** The database's drift monitors, with their baselines, results and alerts. */
  public Monitors monitors() {
    return monitors;
  }

  /** The database's tracked training runs (the {@code TRACKING} tables). */
  public Tracking tracking() {
    return tracking;
  }

  /**
   * The worker pool of query operators (point-in-time matching, model
   * scoring): as many threads as {@link DatabaseOptions#workerThreads()},
   * shared by every connection, stopped when the database closes. A task
   * must not wait for another task of this pool (with every thread waiting,
   * none would run); only query threads wait for workers.
   */
  public ExecutorService workers() {
    return workers;
  }

  /**
   * The database's timer: runs short actions at a given time (a statement's
   * timeout setting its cancel flag), on one thread, stopped when the
   * database closes. Actions must not block.
   */
  public ScheduledExecutorService timers() {
    return timers;
  }

  /** A factory of daemon threads named {@code name} and the database's name. */
  private ThreadFactory daemonThreads(String name) {
    return task -> {
      final Thread thread = new Thread(task, name + " " + this.name);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** The columnar history segments of the feature views (none in memory). */
  public HistorySegments segments() {
    return segments;
  }

  /** The columnar segments of the tables (none in memory). */
  public TableSegments tableSegments() {
    return tableSegments;
  }

  public DatabaseOptions options() {
    return options;
  }

  /**
   * The database's memory guard: operators check it where they accumulate rows (see
   * {@link MemoryGuard} for where and why).
   */
  public MemoryGuard memory() {
    return memory;
  }

  /** The store itself, for the engine's parts that read and write it directly. */
  public Store store() {
    return store;
  }

  /** Opens a consistent read-only view of all committed data. */
  public ReadView snapshot() {
    checkOpen();
    return store.snapshot();
  }

  /**
   * Starts a statement transaction: takes the writer lock now, waiting up to
   * the configured timeout (55006 after it), and writes an unindexed batch.
   */
  public Transaction begin() {
    return begin(() -> false);
  }

  /** {@link #begin()}, giving up with 57014 if {@code canceled} turns true while it waits. */
  public Transaction begin(BooleanSupplier canceled) {
    checkOpen();
    acquireWriter(canceled);
    try {
      return new Transaction(this, store.begin(), null, true);
    } catch (RuntimeException e) {
      releaseWriter();
      throw e;
    }
  }

  /**
   * Starts an explicit transaction, which spans statements, reads a
   * snapshot with its own writes, and takes the writer lock only when it
   * first writes (see {@link Transaction}).
   */
  public Transaction beginExplicit(Isolation isolation) {
    checkOpen();
    return new Transaction(this, store.beginIndexed(), isolation, false);
  }

  /** Takes the writer lock, waiting up to the lock timeout. */
  void acquireWriter() {
    acquireWriter(() -> false);
  }

  /**
   * Takes the writer lock, waiting at most the lock timeout (55006), and
   * giving up with 57014 within a few milliseconds of {@code canceled}
   * turning true: a canceled statement does not sit out the timeout.
   */
  void acquireWriter(BooleanSupplier canceled) {
    final long slice = TimeUnit.MILLISECONDS.toNanos(20);
    final long deadline = System.nanoTime()
        + TimeUnit.MILLISECONDS.toNanos(options.lockTimeoutMillis());
    try {
      while (true) {
        final long left = deadline - System.nanoTime();
        if (writer.tryAcquire(Math.max(0, Math.min(slice, left)), TimeUnit.NANOSECONDS)) {
          return;
        }
        if (canceled.getAsBoolean()) {
          throw new SorrelException(ErrorCode.QUERY_CANCELED,
              "query canceled while waiting for another transaction's writes to end");
        }
        if (left <= slice) {
          throw new SorrelException(ErrorCode.OBJECT_IN_USE, "database " + name
              + " is busy: another transaction has been writing for more than "
              + options.lockTimeoutMillis() + " ms (lock_timeout_ms); commit or roll back"
              + " open transactions that have written, or retry");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SorrelException(ErrorCode.OBJECT_IN_USE, "interrupted while waiting to write");
    }
  }

  /** The sequence number of the last commit that changed a table (0 if none since open). */
  long tableVersion(int tableId) {
    return tableVersions.getOrDefault(tableId, 0L);
  }

  /** Records a commit of changes to these tables; called under the writer lock. */
  void committed(java.util.Collection<Integer> tableIds) {
    if (tableIds.isEmpty()) {
      return;
    }
    final long sequence = store.latestSequence();
    for (Integer id : tableIds) {
      tableVersions.put(id, sequence);
    }
  }

  /** Called once by each transaction when it ends, on whatever thread. */
  void releaseWriter() {
    writer.release();
  }

  /**
   * Returns the object of a given class attached to this database, creating
   * it on first use. Lets upper layers keep per-database state (such as a
   * plan cache) without the engine knowing its type.
   */
  @SuppressWarnings("unchecked")
  public <T> T extension(Class<T> type, Function<Database, T> factory) {
    return (T) extensions.computeIfAbsent(type, t -> factory.apply(this));
  }

  public boolean isClosed() {
    return store.isClosed();
  }

  private void checkOpen() {
    if (store.isClosed()) {
      throw new SorrelException(ErrorCode.DATABASE_CLOSED, "database " + name + " is closed");
    }
  }

  /** Releases this reference; the last release closes the store. */
  @Override public void close() {
    synchronized (OPEN) {
      if (references == 0) {
        return;
      }
      if (--references > 0) {
        return;
      }
      // Closed while holding OPEN, so a concurrent open of the same directory
      // waits for the file lock to be released instead of failing on it.
      OPEN.remove(key);
      writer.acquireUninterruptibly();
      try {
        for (Object extension : extensions.values()) {
          if (extension instanceof AutoCloseable closeable) {
            try {
              closeable.close();
            } catch (Exception ignored) {
              // Extensions are caches; failing to close one must not keep the store open.
            }
          }
        }
        workers.shutdownNow();
        timers.shutdownNow();
        memory.close();
        segments.close();
        tableSegments.close();
        models.close();
        try {
          catalog.identities().close();
        } catch (RuntimeException ignored) {
          // Only saves a gap in identity values; the store must close regardless.
        }
        store.close();
      } finally {
        writer.release();
      }
    }
  }
}
