package dev.sorrel.engine;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

import com.sun.management.GarbageCollectionNotificationInfo;

/**
 * A database's limit on the heap its statements may fill: a statement that
 * would push the heap in use past {@link DatabaseOptions#memoryLimitBytes()}
 * fails with 53200 (out of memory) at its next check, instead of the JVM
 * failing with an {@code OutOfMemoryError} wherever it next allocates.
 *
 * <p>Why this design. Production JVM databases guard memory in one of three
 * ways: Trino accounts every operator's reservations in memory pools and
 * fails a query past its limit ({@code EXCEEDED_LOCAL_MEMORY_LIMIT}); H2
 * spills results beyond {@code MAX_MEMORY_ROWS} to disk; Elasticsearch's
 * parent circuit breaker compares the real heap in use with a fraction of
 * the maximum heap. Sorrel's sorts, hash joins and aggregates over rows are
 * Calcite's (materialized in Linq4j collections Sorrel cannot see into), so
 * neither accounting nor spilling is available there; the heap itself is.
 * Like Elasticsearch's breaker this guard measures the real heap, but as a
 * collection leaves it: the heap in use after the last garbage collection
 * (reported by the JVM's collection notifications) does not count the
 * garbage of the young generation, so the guard does not stop statements
 * merely because the JVM has not collected yet. A young collection leaves
 * the old generation's garbage, though, so a figure over the limit is
 * confirmed by a full collection before a statement fails on it (see
 * {@link #confirm}); and the default limit leaves the JVM headroom below
 * the maximum heap to collect in.
 *
 * <p>Checks are a read of a volatile field, cheap enough for every row: the
 * row scans that feed Calcite's sorts, joins and aggregates check at every
 * row (so those stop while they fill), and Sorrel's own operators (batch
 * aggregates, loads, point-in-time joins) at each batch through the
 * statement's cancellation check. The limit is the JVM's, not a statement's:
 * when it is passed, the statement that checks next fails (as with
 * Elasticsearch's parent breaker, not necessarily the one holding the most
 * memory), each collection's figure fails at most one statement, and a
 * full collection is asked for at most once a second ({@link #SETTLE_NANOS}),
 * so that one failure releases its memory before another statement is
 * judged and a heap held near the limit does not turn every young collection
 * into a full one.
 */
public final class MemoryGuard implements AutoCloseable {
  /** The heap pools, whose use after a collection is summed. */
  private static final Set<String> HEAP_POOLS = heapPools();

  private final long limitBytes;
  /** Collects the whole heap and returns the bytes in use after it. */
  private final LongSupplier collectFully;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onNotification;
  /** Heap in use after the last collection reported; 0 before the first. */
  private volatile long usedAfterCollection;
  /** Counts the collections reported. */
  private volatile long collections;
  /** The collection whose figure was last confirmed by a full collection, or -1. */
  private long confirmedAt = -1;
  /**
   * The shortest time between two full collections the guard asks for: after one, a figure
   * over the limit is not judged again until this has passed (see {@link #confirm}).
   */
  static final long SETTLE_NANOS = 1_000_000_000L;
  /** Reads the time in nanoseconds; tests pass their own. */
  private final LongSupplier clock;
  /** When the last full collection asked for ended, by {@link #clock}; valid once one ran. */
  private long confirmedTime;

  /**
   * A guard for a limit in bytes, 0 for none; it listens to the JVM's
   * collections until {@link #close() closed}.
   */
  public MemoryGuard(long limitBytes) {
    this(limitBytes, MemoryGuard::collectFully);
  }

  /**
   * A guard that confirms a figure over the limit with {@code collectFully}, which collects
   * the whole heap and returns the bytes then in use; tests pass their own.
   */
  MemoryGuard(long limitBytes, LongSupplier collectFully) {
    this(limitBytes, collectFully, System::nanoTime);
  }

  /** A guard with its own clock as well as its own collections, for tests. */
  MemoryGuard(long limitBytes, LongSupplier collectFully, LongSupplier clock) {
    this.collectFully = collectFully;
    this.clock = clock;
    if (limitBytes < 0) {
      throw new IllegalArgumentException("negative memory limit " + limitBytes);
    }
    this.limitBytes = limitBytes;
    if (limitBytes == 0) {
      return;
    }
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (collector instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
        emitters.add(emitter);
      }
    }
  }

  /** The limit in bytes, 0 for none. */
  public long limitBytes() {
    return limitBytes;
  }

  /** Heap in use, in bytes, after the last collection this guard heard of (0 before any). */
  public long usedAfterCollection() {
    return usedAfterCollection;
  }

  /**
   * Fails with {@link ErrorCode#OUT_OF_MEMORY} if the heap in use after the
   * last collection exceeds the limit and a full collection confirms it.
   *
   * @param doing what the statement was doing, for the message
   */
  public void check(String doing) {
    if (limitBytes > 0 && usedAfterCollection > limitBytes) {
      confirm(doing);
    }
  }

  /**
   * Confirms a figure over the limit before failing a statement on it, at
   * most once per collection reported. A young collection leaves the old
   * generation as it was, garbage included: the rows of a statement that has
   * just failed (or finished) count until the old generation is collected,
   * so the figure alone would fail the statements that follow. So, as
   * Elasticsearch's breaker collects before tripping on G1, the guard asks
   * the JVM for a full collection and compares what is left with the limit;
   * that is rare (only with the heap past the limit) and cheap next to the
   * collections a heap that full runs anyway. A JVM that ignores the request
   * ({@code -XX:+DisableExplicitGC}) leaves the figure as it was, and the
   * statement fails.
   */
  private synchronized void confirm(String doing) {
    if (usedAfterCollection <= limitBytes) {
      return; // a collection since the unlocked read (perhaps the last full one) left less
    }
    final long collection = collections;
    if (confirmedAt == collection) {
      return; // this collection's figure has been judged, and has failed a statement if over
    }
    if (confirmedAt >= 0 && clock.getAsLong() - confirmedTime < SETTLE_NANOS) {
      // The last full collection was just now. Its own notification reports the heap as it
      // left it, with the rows of the statement that collection failed (still unwinding)
      // counted; and a heap held near the limit would otherwise turn every young collection
      // into a full one. So a figure is judged again only once the heap had time to settle;
      // meanwhile a statement that does run the heap out still gets 53200 from the
      // OutOfMemoryError at its boundary.
      return;
    }
    confirmedAt = collection;
    final long used = collectFully.getAsLong();
    confirmedTime = clock.getAsLong();
    if (used <= limitBytes) {
      return;
    }
    throw new SorrelException(ErrorCode.OUT_OF_MEMORY, "out of memory while " + doing
        + ": the query needs more than the " + mebibytes(limitBytes)
        + " MiB of heap the database allows (memory_limit; " + mebibytes(used)
        + " MiB in use after a full garbage collection, maximum heap "
        + mebibytes(Runtime.getRuntime().maxMemory()) + " MiB); reduce the rows it sorts,"
        + " joins or groups, or give the JVM more heap (-Xmx)");
  }

  /**
   * Records the heap a collection left; package-private so that tests can
   * report collections of their own.
   */
  void collected(long usedBytes) {
    synchronized (this) {
      usedAfterCollection = usedBytes;
      collections = collections + 1;
    }
  }

  private void onNotification(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    final GarbageCollectionNotificationInfo info = GarbageCollectionNotificationInfo.from(
        (CompositeData) notification.getUserData());
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool
        : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
      if (HEAP_POOLS.contains(pool.getKey())) {
        used += pool.getValue().getUsed();
      }
    }
    collected(used);
  }

  private static long collectFully() {
    final MemoryMXBean heap = ManagementFactory.getMemoryMXBean();
    heap.gc();
    return heap.getHeapMemoryUsage().getUsed();
  }

  private static Set<String> heapPools() {
    final Set<String> names = new HashSet<>();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        names.add(pool.getName());
      }
    }
    return Set.copyOf(names);
  }

  private static long mebibytes(long bytes) {
    return bytes >> 20;
  }

  /** Stops listening to collections. */
  @Override public void close() {
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException ignored) {
        // Already removed: closing twice is harmless.
      }
    }
    emitters.clear();
  }
}
