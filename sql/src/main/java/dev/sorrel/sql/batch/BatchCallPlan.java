package dev.sorrel.sql.batch;

import java.util.List;

import dev.sorrel.engine.Database;

/**
 * What a {@link SorrelBatchCall} operator does, fixed when the query is
 * planned: which kernels (models, experiment assignments) to run on which
 * input fields, in batches of how many rows.
 *
 * @param database the database the calls read
 * @param carried number of leading input fields each output row repeats
 * @param calls the calls, whose results follow the carried fields in order
 * @param batchSize rows per kernel call
 */
public record BatchCallPlan(Database database, int carried, List<KernelCall> calls,
    int batchSize) {
  /**
   * The batch size of an operator: the smallest batch size its calls ask for
   * (a model's {@code batch_size} option), else the connection's
   * {@code predict_batch_size}.
   */
  static int batchSize(List<KernelCall> calls, int connectionDefault) {
    int size = Integer.MAX_VALUE;
    for (KernelCall call : calls) {
      if (call.batchSize() > 0) {
        size = Math.min(size, call.batchSize());
      }
    }
    return size == Integer.MAX_VALUE ? connectionDefault : size;
  }
}
