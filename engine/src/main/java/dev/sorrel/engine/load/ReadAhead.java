package dev.sorrel.engine.load;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * Reads and converts a file's records into table rows on a thread of its own, a chunk at a
 * time, while the loading thread writes the chunk before: decoding (Parquet pages, CSV text,
 * value conversion) and writing (sorting into SST files) run on two cores. A {@link Step}
 * given to the reader does more of the work per row on its thread (a bulk insert's checks and
 * encoding), so that the two threads share it about evenly.
 *
 * <p>From its start the reader owns the source until {@link #close()} has stopped and joined
 * it. A failure while reading (a bad value, a damaged file) reaches the loading thread in order:
 * after the rows before it, from {@link #next()}. Memory is bounded by {@value #QUEUED} chunks
 * of {@value #CHUNK} rows.
 */
final class ReadAhead implements AutoCloseable {
  /** Rows per chunk: large enough that handing a chunk over costs nothing per row. */
  static final int CHUNK = 4096;
  /** Chunks read ahead of the loading thread. */
  private static final int QUEUED = 4;

  /** Rows read (each as the step made it), with their line or row number in the file. */
  record Chunk(Object[] rows, long[] positions, int size) {
  }

  /** What the reader makes of each converted row before handing it over. */
  @FunctionalInterface
  interface Step {
    /**
     * The item for a table row.
     *
     * @throws SorrelException for a row that cannot be loaded (named by the reader)
     */
    Object apply(Object[] row);
  }

  private static final Object END = new Object();

  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(QUEUED);
  private final Thread thread;
  private volatile boolean stopped;
  private boolean ended;

  /**
   * Starts reading {@code source}; with {@code current}, its current record (already stepped
   * to) is the first to convert. Each converted row goes through {@code step}; a failure
   * there is named by the record's line or row.
   */
  ReadAhead(RecordSource source, ColumnMapping mapping, boolean current, Step step) {
    thread = new Thread(() -> run(source, mapping, current, step), "sorrel-load-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void run(RecordSource source, ColumnMapping mapping, boolean current, Step step) {
    Object last = END;
    try {
      boolean more = current || source.next();
      while (more && !stopped) {
        final Object[] rows = new Object[CHUNK];
        final long[] positions = new long[CHUNK];
        int n = 0;
        while (more && n < CHUNK) {
          final Object[] row = mapping.row(source);
          try {
            rows[n] = step.apply(row);
          } catch (SorrelException e) {
            throw new SorrelException(e.code(), source.where() + ": " + e.getMessage(), e);
          }
          positions[n] = source.position();
          n++;
          more = source.next();
        }
        if (!put(new Chunk(rows, positions, n))) {
          return;
        }
      }
    } catch (RuntimeException | Error e) {
      // Handed to the loading thread, which fails the load with it.
      last = e;
    }
    put(last);
  }

  /** Queues an item unless the reader is stopped first; false if it was. */
  private boolean put(Object item) {
    try {
      while (!stopped) {
        if (queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
          return true;
        }
      }
    } catch (InterruptedException e) {
      // Only close() interrupts, after setting stopped.
    }
    return false;
  }

  /**
   * The next chunk, or null after the last.
   *
   * @throws SorrelException what reading the file failed with, after every chunk before it
   */
  Chunk next() {
    if (ended) {
      return null;
    }
    final Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SorrelException(ErrorCode.QUERY_CANCELED, "load interrupted");
    }
    if (item == END) {
      ended = true;
      return null;
    }
    if (item instanceof RuntimeException e) {
      ended = true;
      throw e;
    }
    if (item instanceof Error e) {
      ended = true;
      throw e;
    }
    return (Chunk) item;
  }

  /** Stops the reader and waits for it: the source is the caller's again. */
  @Override public void close() {
    stopped = true;
    queue.clear();
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
