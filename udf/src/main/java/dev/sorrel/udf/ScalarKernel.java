package dev.sorrel.udf;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A function evaluated a batch of rows at a time: it reads a chunk of
 * argument vectors and writes one result vector, row {@code i} of the result
 * for row {@code i} of the arguments, in the shape of DuckDB's Java UDF
 * {@code apply(input chunk, output vector)}. PREDICT is one; a function such
 * as {@code ASSIGN_VARIANT(experiment, unit)} is another, with a
 * {@code Utf8} result.
 *
 * <p>The argument and result types are fixed when the query is planned, so an
 * operator can create its vectors once and reuse them for every batch:
 * {@code VectorSchemaRoot.create(kernel.argumentSchema(), allocator)} and
 * {@code kernel.resultField().createVector(allocator)}. The operator owns
 * those vectors and their allocator; a kernel allocates only inside the
 * result vector it is given, so closing the operator's allocator checks
 * both for leaks.
 *
 * <p>A kernel instance holds per-query state (reusable buffers, a session)
 * and runs one batch at a time; an operator may call it from a helper thread,
 * as long as calls do not overlap. Functions over a group of rows, such as
 * {@code DRIFT_KS}, are {@link AggregateKernel}s.
 */
public interface ScalarKernel {
  /**
   * The vectors {@link #apply} reads, in argument order: their names are for
   * messages only; their types are what the caller must supply.
   */
  Schema argumentSchema();

  /** The vector {@link #apply} writes: name, Arrow type and nullability. */
  Field resultField();

  /**
   * Computes the function for every row of a batch.
   *
   * @param arguments vectors of {@link #argumentSchema()}'s types, in its
   *     order; the batch is their first {@link VectorSchemaRoot#getRowCount()}
   *     rows
   * @param result a vector of {@link #resultField()}'s type, possibly holding
   *     an earlier batch's values: the kernel replaces its contents with one
   *     value (or null) per argument row and sets its value count to the row
   *     count
   */
  void apply(VectorSchemaRoot arguments, FieldVector result);

  /** Creates an empty result vector for this kernel, owned by the caller. */
  default FieldVector createResult(BufferAllocator allocator) {
    return resultField().createVector(allocator);
  }
}
