package dev.sorrel.engine.load;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.WorkerTasks;
import dev.sorrel.storage.ColumnarBatch;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.BatchWriter;

/**
 * Runs an export on two threads: the calling thread fills column batches from the source (the
 * query or the scan) while a database worker encodes, compresses and writes the previous ones,
 * so that both cores work. A few batches circulate between the two through queues; they are
 * written strictly in the order they were filled, by one thread at a time, so the file's bytes
 * are those of a serial write.
 *
 * <p>The worker is only a helper: if none is free (the pool is busy or closing), the calling
 * thread writes the batches itself whenever it runs out of empty ones, and at the end. The
 * writer is used under a lock held by whichever thread writes, which also orders its state
 * between the threads.
 */
final class ExportPipeline {
  /** Rows per batch: also the rows of an Arrow IPC record batch. */
  static final int BATCH_ROWS = 4096;
  /** Batches in circulation: one being filled, one being written, one waiting. */
  private static final int BATCHES = 3;
  private static final ColumnarBatch END = new ColumnarBatch(new ValueType[0], 1);

  private final ColumnBatchSource source;
  private final BatchWriter writer;
  private final BlockingQueue<ColumnarBatch> empty = new ArrayBlockingQueue<>(BATCHES);
  /** Filled batches in order, then {@link #END}. */
  private final BlockingQueue<ColumnarBatch> filled = new ArrayBlockingQueue<>(BATCHES + 1);
  private final ReentrantLock writing = new ReentrantLock();
  /** The writer's failure; from then on batches are dropped. */
  private volatile Throwable failure;
  /** Set when the source failed: batches still queued are dropped, not written. */
  private volatile boolean abandoned;
  /** Whether {@link #END} was taken; guarded by {@link #writing}. */
  private boolean ended;

  private ExportPipeline(ColumnBatchSource source, ValueType[] types, BatchWriter writer) {
    this.source = source;
    this.writer = writer;
    for (int i = 0; i < BATCHES; i++) {
      empty.add(new ColumnarBatch(types, BATCH_ROWS));
    }
  }

  /** A failure of the file writer, as distinct from one of the source. */
  static final class WriteFailure extends Exception {
    private static final long serialVersionUID = 1L;

    WriteFailure(Throwable cause) {
      super(cause);
    }
  }

  /**
   * Writes every row of {@code source} with {@code writer} (not closing it), helped by one of
   * {@code workers} if given and free.
   *
   * @return the number of rows written
   * @throws WriteFailure if the writer failed (its exception is the cause)
   */
  static long run(ColumnBatchSource source, ValueType[] types, BatchWriter writer,
      Executor workers) throws WriteFailure {
    return new ExportPipeline(source, types, writer).run(workers);
  }

  private long run(Executor workers) throws WriteFailure {
    final FutureTask<Void> helper = workers == null ? null
        : WorkerTasks.submit(workers, () -> {
          help();
          return null;
        });
    long rows = 0;
    boolean complete = false;
    try {
      while (failure == null) {
        final ColumnarBatch batch = takeEmpty();
        if (batch == null) {
          break; // the writer failed
        }
        batch.clear();
        final int size = source.fill(batch);
        if (size == 0) {
          empty.add(batch);
          break;
        }
        rows += size;
        filled.add(batch);
      }
      complete = true;
    } finally {
      abandoned = !complete;
      filled.add(END);
      writing.lock();
      try {
        while (!ended) {
          final ColumnarBatch next = filled.poll();
          if (next == null) {
            break; // cannot happen: END is queued or taken under this lock
          }
          writeNext(next);
        }
      } finally {
        writing.unlock();
      }
      if (helper != null) {
        helper.cancel(false);
      }
    }
    if (failure != null) {
      throw new WriteFailure(failure);
    }
    return rows;
  }

  /** On a worker: writes the batches as they come, until the end. */
  private void help() throws InterruptedException {
    writing.lock();
    try {
      while (!ended) {
        writeNext(filled.take());
      }
    } finally {
      writing.unlock();
    }
  }

  /**
   * An empty batch to fill, writing a waiting one on this thread if no worker is writing; null
   * if the writer failed.
   */
  private ColumnarBatch takeEmpty() {
    while (failure == null) {
      ColumnarBatch batch = empty.poll();
      if (batch != null) {
        return batch;
      }
      if (writing.tryLock()) {
        try {
          // No worker is writing (none started, or it is between batches): write one here.
          if (!ended) {
            final ColumnarBatch next = filled.poll();
            if (next != null) {
              writeNext(next);
            }
          }
        } finally {
          writing.unlock();
        }
        continue;
      }
      try {
        batch = empty.poll(10, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while exporting");
      }
      if (batch != null) {
        return batch;
      }
    }
    return null;
  }

  /** Writes (or, after a failure, drops) one filled batch; holds {@link #writing}. */
  private void writeNext(ColumnarBatch batch) {
    if (batch == END) {
      ended = true;
      return;
    }
    if (failure == null && !abandoned) {
      try {
        writer.write(batch);
      } catch (Throwable e) {
        failure = e;
      }
    }
    batch.clear();
    empty.add(batch);
  }
}
