package dev.sorrel.udf;

import java.util.List;

import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A function over the rows of a group, the aggregate side of
 * {@link ScalarKernel}: {@code DRIFT_KS(value, is_reference) ... GROUP BY
 * feature} is one. Its arguments come in the same Arrow batches as a scalar
 * kernel's; it folds them into one state per group and writes one value per
 * group.
 *
 * <p>An aggregation operator gives every input row the id of its group (the
 * shape of Trino's grouped accumulators), keeps one state per group, and
 * calls {@link #update} once per batch with the id of each row, so a batch
 * that mixes groups costs one call, not one per group or row. After the last
 * batch it calls {@link #finish} for each group. A state holds what the
 * function needs in primitive form: a two-sample test keeps two growable
 * {@code double[]}s (reference and current values) and sorts them when it
 * finishes.
 *
 * <p>Like a scalar kernel, an instance runs one call at a time; argument and
 * result vectors belong to the operator.
 *
 * @param <S> the state of one group
 */
public interface AggregateKernel<S> {
  /** The vectors {@link #update} reads, in argument order. */
  Schema argumentSchema();

  /** The vector {@link #finish} writes: name, Arrow type and nullability. */
  Field resultField();

  /** The state of a group with no rows yet. */
  S newState();

  /**
   * Adds a batch of rows to their groups.
   *
   * @param arguments vectors of {@link #argumentSchema()}'s types; the batch
   *     is their first {@link VectorSchemaRoot#getRowCount()} rows
   * @param groups for each row of the batch, the index in {@code states} of
   *     its group
   * @param states the states of the groups
   */
  void update(VectorSchemaRoot arguments, int[] groups, List<S> states);

  /**
   * Writes a group's value (or null) at {@code index} of {@code result},
   * growing the vector if needed. The caller sets the value count once every
   * group is written.
   */
  void finish(S state, FieldVector result, int index);
}
