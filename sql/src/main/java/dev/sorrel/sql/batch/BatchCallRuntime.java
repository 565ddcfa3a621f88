package dev.sorrel.sql.batch;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.message.ArrowFieldNode;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;

import dev.sorrel.sql.runtime.Cancellation;
import dev.sorrel.udf.ScalarKernel;

/**
 * Runs a {@link BatchCallPlan}: reads a batch of input rows, writes each
 * call's arguments into Arrow vectors, applies each call's
 * {@link ScalarKernel} to the batch (for PREDICT, one ONNX Runtime call per
 * model and batch), and emits the carried input fields of each row followed
 * by the calls' results, in input order.
 */
public final class BatchCallRuntime {
  public static final Method RUN;

  static {
    try {
      RUN = BatchCallRuntime.class.getMethod("run", BatchCallPlan.class, DataContext.class,
          Enumerable.class);
    } catch (NoSuchMethodException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private BatchCallRuntime() {
  }

  /**
   * The scored rows of one execution, with batches of vectors taken from the
   * database's {@link BatchPool} and given back when the enumerator closes.
   */
  public static Enumerable<Object[]> run(BatchCallPlan plan, DataContext context,
      Enumerable<?> input) {
    return new AbstractEnumerable<Object[]>() {
      @Override public Enumerator<Object[]> enumerator() {
        final BatchPool pool = plan.database().extension(BatchPool.class, db -> new BatchPool());
        return scored(plan, input.enumerator(), pool.allocator(), pool,
            Cancellation.of(context));
      }
    };
  }

  /**
   * Scores {@code input}'s rows with vectors from {@code allocator}, an
   * allocator of this execution alone: the enumerator owns and closes both
   * (closing the allocator fails if a vector leaked); if it cannot be made,
   * they are closed.
   */
  static Enumerator<Object[]> scored(BatchCallPlan plan, Enumerator<?> input,
      BufferAllocator allocator) {
    return scored(plan, input, allocator, null, Cancellation.of(null));
  }

  private static Enumerator<Object[]> scored(BatchCallPlan plan, Enumerator<?> input,
      BufferAllocator allocator, BatchPool pool, BooleanSupplier canceled) {
    try {
      return new BatchEnumerator(plan, input, allocator, pool, canceled);
    } catch (RuntimeException | Error e) {
      try {
        input.close();
        if (pool == null) {
          allocator.close();
        }
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * One batch of rows on its way through the kernels: the rows (each with
   * room for the results), and per call the argument vectors and the
   * result vector. An enumerator has two, used in turn, so that one can be
   * filled while the other is scored; the vectors are reused for every batch.
   */
  private static final class Batch implements AutoCloseable {
    final VectorSchemaRoot[] arguments;
    final FieldVector[] results;
    Object[][] rows;
    int size;

    /**
     * Creates the vectors, each to start with room for {@code rows} values
     * and grown as rows arrive, so a one-row query allocates little.
     */
    Batch(List<ScalarKernel> kernels, BufferAllocator allocator, int rows) {
      arguments = new VectorSchemaRoot[kernels.size()];
      results = new FieldVector[kernels.size()];
      try {
        final List<FieldVector> fixed = new ArrayList<>();
        for (int c = 0; c < kernels.size(); c++) {
          arguments[c] = VectorSchemaRoot.create(kernels.get(c).argumentSchema(), allocator);
          for (FieldVector vector : arguments[c].getFieldVectors()) {
            if (vector instanceof BaseFixedWidthVector) {
              fixed.add(vector);
            } else {
              vector.setInitialCapacity(rows);
              vector.allocateNew();
            }
          }
          results[c] = kernels.get(c).createResult(allocator);
        }
        allocate(fixed, allocator, rows);
      } catch (RuntimeException | Error e) {
        close();
        throw e;
      }
    }

    /**
     * Gives fixed-width vectors room for {@code rows} values each, all from
     * one zeroed buffer: a point lookup scores one row, and a separate
     * allocation per argument would cost more than its model call. The
     * vectors take slices of it as Arrow's loader takes an IPC message's
     * body; each grows on its own when a batch needs more room.
     */
    private static void allocate(List<FieldVector> vectors, BufferAllocator allocator,
        int rows) {
      if (vectors.isEmpty()) {
        return;
      }
      final long validity = roundUp8(BitVectorHelper.getValidityBufferSize(rows));
      long total = 0;
      for (FieldVector vector : vectors) {
        total += validity + roundUp8((long) ((BaseFixedWidthVector) vector).getTypeWidth() * rows);
      }
      try (ArrowBuf slab = allocator.buffer(total)) {
        slab.setZero(0, total);
        long offset = 0;
        for (FieldVector vector : vectors) {
          final long data = roundUp8((long) ((BaseFixedWidthVector) vector).getTypeWidth() * rows);
          // A node with some values null (1 of rows) makes the loader keep the given validity
          // slice; for all-valid or all-null nodes it would allocate a buffer of its own.
          vector.loadFieldBuffers(new ArrowFieldNode(rows, 1), List.of(
              slab.slice(offset, validity), slab.slice(offset + validity, data)));
          offset += validity + data;
        }
      }
    }

    private static long roundUp8(long bytes) {
      return (bytes + 7) & ~7L;
    }

    @Override public void close() {
      for (int c = 0; c < arguments.length; c++) {
        if (arguments[c] != null) {
          arguments[c].close();
        }
        if (results[c] != null) {
          results[c].close();
        }
      }
    }
  }

  /**
   * Reads input rows in batches and scores them. While one batch is being
   * scored on a worker thread, the calling thread reads the next batch from
   * the input and fills its vectors, then hands on the rows of the previous
   * one, so scanning and model inference overlap on two cores
   * ({@link OverlappedBatches}). A query whose input fits in one batch (a
   * point lookup) is scored on the calling thread, with no handoff.
   */
  private static final class BatchEnumerator implements Enumerator<Object[]> {
    private final BatchCallPlan plan;
    private final Enumerator<?> input;
    private final BufferAllocator allocator;
    /** Where the batches come from and go back to, or null if they are this execution's. */
    private final BatchPool pool;
    /** What a batch's vectors must be for these calls: the key of the pool. */
    private final List<Object> shape = new ArrayList<>();
    private final List<ScalarKernel> kernels = new ArrayList<>();
    private final int[][] arguments;
    private final Batch[] batches = new Batch[2];
    /** Per call and argument, the argument vectors of each batch, found once. */
    private final FieldVector[][][] vectors = new FieldVector[2][][];
    /** Per call, the strings its VARCHAR results last turned into, to reuse. */
    private final RecentStrings[] recent;
    /** UTF-8 bytes of a string argument, reused from row to row. */
    private byte[] utf8 = new byte[64];
    /** The batch the next read fills. */
    private int next;
    private Object[][] ready = new Object[0][];
    private int readySize;
    private int position = -1;
    /** Polled before each batch; the input's scan polls it at every row. */
    private final BooleanSupplier canceled;
    private final OverlappedBatches<Batch> overlapped;

    BatchEnumerator(BatchCallPlan plan, Enumerator<?> input, BufferAllocator allocator,
        BatchPool pool, BooleanSupplier canceled) {
      this.plan = plan;
      this.canceled = canceled;
      this.input = input;
      this.allocator = allocator;
      this.pool = pool;
      this.arguments = new int[plan.calls().size()][];
      this.recent = new RecentStrings[plan.calls().size()];
      for (int c = 0; c < plan.calls().size(); c++) {
        final KernelCall call = plan.calls().get(c);
        kernels.add(call.bind());
        arguments[c] = call.arguments();
        recent[c] = new RecentStrings();
      }
      for (ScalarKernel kernel : kernels) {
        shape.add(kernel.argumentSchema());
        shape.add(kernel.resultField());
      }
      this.overlapped = new OverlappedBatches<>(plan.database().workers(), "scoring") {
        @Override protected Batch read() {
          return BatchEnumerator.this.read();
        }

        @Override protected Batch process(Batch batch) {
          return score(batch);
        }

        @Override protected boolean isEmpty(Batch batch) {
          return batch.size == 0;
        }
      };
    }

    @Override public Object[] current() {
      return ready[position];
    }

    @Override public boolean moveNext() {
      if (++position < readySize) {
        return true;
      }
      position = 0;
      readySize = 0;
      Cancellation.check(canceled, "scoring");
      final Batch scored = overlapped.next();
      if (scored == null) {
        return false;
      }
      emit(scored);
      return readySize > 0 || moveNext();
    }

    private void emit(Batch batch) {
      ready = batch.rows;
      readySize = batch.size;
      batch.rows = null; // the rows now belong to the query; the next batch gets new ones
    }

    /**
     * Reads up to a batch of input rows into the next free batch: each
     * output row gets the carried fields and room for the results, and
     * every call's argument vectors get their values straight from the input
     * row.
     */
    private Batch read() {
      if (batches[next] == null) {
        final Batch pooled = pool == null ? null : pool.take(shape, Batch.class);
        batches[next] = pooled != null ? pooled
            : new Batch(kernels, allocator, Math.min(plan.batchSize(), 64));
        vectors[next] = new FieldVector[kernels.size()][];
        for (int c = 0; c < kernels.size(); c++) {
          vectors[next][c] = batches[next].arguments[c].getFieldVectors()
              .toArray(new FieldVector[0]);
        }
      }
      final Batch batch = batches[next];
      final FieldVector[][] argumentVectors = vectors[next];
      next = 1 - next;
      final int carried = plan.carried();
      final int extended = carried + kernels.size();
      for (FieldVector[] callVectors : argumentVectors) {
        for (FieldVector vector : callVectors) {
          if (vector instanceof VarCharVector strings) {
            strings.reset(); // unlike fixed-width values, strings are appended
          }
        }
      }
      final Object[][] rows = new Object[plan.batchSize()][];
      int size = 0;
      while (size < rows.length) {
        if (!input.moveNext()) {
          overlapped.endOfInput();
          break;
        }
        final Object current = input.current();
        final Object[] row = new Object[extended];
        if (current instanceof Object[] values) {
          System.arraycopy(values, 0, row, 0, carried);
          for (int c = 0; c < argumentVectors.length; c++) {
            final int[] fields = arguments[c];
            final FieldVector[] callVectors = argumentVectors[c];
            for (int a = 0; a < fields.length; a++) {
              put(callVectors[a], size, values[fields[a]]);
            }
          }
        } else {
          // One input field (Calcite's scalar row): every argument is that value.
          if (carried > 0) {
            row[0] = current;
          }
          for (FieldVector[] callVectors : argumentVectors) {
            for (FieldVector vector : callVectors) {
              put(vector, size, current);
            }
          }
        }
        rows[size++] = row;
      }
      batch.rows = rows;
      batch.size = size;
      for (VectorSchemaRoot root : batch.arguments) {
        root.setRowCount(size);
      }
      return batch;
    }

    /**
     * Writes an argument into row {@code r} of its vector: a {@code Number}
     * into a BIGINT or DOUBLE vector, a {@code String} into a VARCHAR one, as
     * the kernel's argument schema asked.
     */
    private void put(FieldVector vector, int r, Object value) {
      if (vector instanceof Float8Vector doubles) {
        if (value == null) {
          doubles.setNull(r);
        } else {
          doubles.setSafe(r, ((Number) value).doubleValue());
        }
      } else if (vector instanceof BigIntVector longs) {
        if (value == null) {
          longs.setNull(r);
        } else {
          longs.setSafe(r, ((Number) value).longValue());
        }
      } else {
        final VarCharVector strings = (VarCharVector) vector;
        if (value == null) {
          strings.setNull(r);
        } else {
          putText(strings, r, value.toString());
        }
      }
    }

    /**
     * Writes a string's UTF-8 bytes: an ASCII string's characters are its
     * bytes, copied through a buffer reused from row to row instead of a new
     * array per value; any other string is encoded by the JDK.
     */
    private void putText(VarCharVector strings, int r, String s) {
      final int n = s.length();
      if (utf8.length < n) {
        utf8 = new byte[Math.max(n, utf8.length * 2)];
      }
      final byte[] bytes = utf8;
      for (int i = 0; i < n; i++) {
        final char c = s.charAt(i);
        if (c >= 0x80) {
          strings.setSafe(r, s.getBytes(StandardCharsets.UTF_8));
          return;
        }
        bytes[i] = (byte) c;
      }
      strings.setSafe(r, bytes, 0, n);
    }

    /** Applies every call's kernel to a batch and stores the results in its rows. */
    private Batch score(Batch batch) {
      final int carried = plan.carried();
      final Object[][] rows = batch.rows;
      final int size = batch.size;
      for (int c = 0; c < kernels.size(); c++) {
        final FieldVector result = batch.results[c];
        kernels.get(c).apply(batch.arguments[c], result);
        final int column = carried + c;
        if (result instanceof Float8Vector doubles) {
          final ArrowBuf data = doubles.getDataBuffer();
          for (int r = 0; r < size; r++) {
            rows[r][column] = doubles.isNull(r) ? null : (Object) data.getDouble(8L * r);
          }
        } else if (result instanceof BigIntVector longs) {
          final ArrowBuf data = longs.getDataBuffer();
          for (int r = 0; r < size; r++) {
            rows[r][column] = longs.isNull(r) ? null : (Object) data.getLong(8L * r);
          }
        } else {
          final VarCharVector strings = (VarCharVector) result;
          final RecentStrings known = recent[c];
          for (int r = 0; r < size; r++) {
            rows[r][column] = strings.isNull(r) ? null : known.get(strings, r);
          }
          known.endBatch(size);
        }
      }
      return batch;
    }

    @Override public void reset() {
      overlapped.finish();
      input.reset();
      ready = new Object[0][];
      readySize = 0;
      position = -1;
    }

    @Override public void close() {
      try {
        overlapped.finish();
        for (int b = 0; b < batches.length; b++) {
          final Batch batch = batches[b];
          batches[b] = null;
          if (batch == null) {
            continue;
          }
          batch.rows = null;
          if (pool != null) {
            pool.give(shape, batch);
          } else {
            batch.close();
          }
        }
      } finally {
        try {
          input.close();
        } finally {
          if (pool == null) {
            allocator.close(); // fails if a vector was not closed
          }
        }
      }
    }
  }

  /**
   * The strings a VARCHAR result column gave last, so that a value repeated
   * from row to row (a variant name, a class label) becomes one
   * {@code String}, not one per row: fewer allocations, and the operators
   * above (a GROUP BY on the result) hash and compare it as one object. A
   * column whose values do not repeat turns the reuse off after a batch.
   */
  private static final class RecentStrings {
    private static final int SIZE = 8;
    /** Longer values are decoded each time: they seldom repeat. */
    private static final int MAX_LENGTH = 64;
    private final byte[][] bytes = new byte[SIZE][];
    private final String[] strings = new String[SIZE];
    private final byte[] scratch = new byte[MAX_LENGTH];
    private int oldest;
    private int misses;
    private boolean reusing = true;

    /** The string of row {@code r}, which is not null. */
    String get(VarCharVector vector, int r) {
      final long start = vector.getStartOffset(r);
      final int length = (int) (vector.getEndOffset(r) - start);
      if (!reusing || length > MAX_LENGTH) {
        return new String(vector.get(r), StandardCharsets.UTF_8);
      }
      vector.getDataBuffer().getBytes(start, scratch, 0, length);
      for (int i = 0; i < SIZE; i++) {
        final byte[] known = bytes[i];
        if (known != null && known.length == length
            && Arrays.equals(known, 0, length, scratch, 0, length)) {
          return strings[i];
        }
      }
      misses++;
      final String s = new String(scratch, 0, length, StandardCharsets.UTF_8);
      bytes[oldest] = Arrays.copyOf(scratch, length);
      strings[oldest] = s;
      oldest = (oldest + 1) % SIZE;
      return s;
    }

    /** Ends a batch of {@code size} rows: reuse stays on while most values were found. */
    void endBatch(int size) {
      if (reusing && misses > size / 2 && size >= SIZE * 4) {
        reusing = false;
      }
      misses = 0;
    }
  }
}
