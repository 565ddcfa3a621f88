package dev.sorrel.sql.batch;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The batch operator's Arrow vectors, kept between executions of one
 * database's statements. A prepared online lookup that scores one row runs
 * thousands of times a second; building its thirty argument vectors and an
 * allocator on every execution cost more than the model call, so an
 * execution takes the batches of its shape (argument schemas and result
 * fields of its calls) from here and gives them back when it closes.
 *
 * <p>Bounded: at most {@link #PER_SHAPE} free batches per shape and
 * {@link #SHAPES} shapes, least recently used first out; a batch that does
 * not fit is closed. Closed with the database; its allocator then reports a
 * batch never given back.
 */
final class BatchPool implements AutoCloseable {
  /** Free batches kept per shape: two per running execution of a statement. */
  static final int PER_SHAPE = 8;
  static final int SHAPES = 64;

  private final BufferAllocator allocator = new RootAllocator();
  private final Map<List<Object>, ArrayDeque<AutoCloseable>> free =
      new LinkedHashMap<>(16, 0.75f, true);
  private boolean closed;

  /** The allocator of every pooled batch. */
  BufferAllocator allocator() {
    return allocator;
  }

  /** A free batch of this shape, or null if there is none. */
  synchronized <T extends AutoCloseable> T take(List<Object> shape, Class<T> type) {
    final ArrayDeque<AutoCloseable> batches = free.get(shape);
    return batches == null || batches.isEmpty() ? null : type.cast(batches.poll());
  }

  /** Keeps a batch no execution uses any more for the next one of its shape. */
  void give(List<Object> shape, AutoCloseable batch) {
    AutoCloseable rejected = batch;
    final java.util.List<AutoCloseable> evicted = new java.util.ArrayList<>();
    synchronized (this) {
      if (!closed) {
        final ArrayDeque<AutoCloseable> batches = free.computeIfAbsent(shape,
            s -> new ArrayDeque<>());
        if (batches.size() < PER_SHAPE) {
          batches.push(batch);
          rejected = null;
        }
        while (free.size() > SHAPES) {
          final Iterator<ArrayDeque<AutoCloseable>> eldest = free.values().iterator();
          evicted.addAll(eldest.next());
          eldest.remove();
        }
      }
    }
    if (rejected != null) {
      evicted.add(rejected);
    }
    evicted.forEach(BatchPool::closeQuietly);
  }

  private static void closeQuietly(AutoCloseable batch) {
    try {
      batch.close();
    } catch (Exception ignored) {
      // Vectors only release memory; nothing to report to a query.
    }
  }

  @Override public void close() {
    synchronized (this) {
      closed = true;
      free.values().forEach(batches -> batches.forEach(BatchPool::closeQuietly));
      free.clear();
    }
    allocator.close();
  }
}
