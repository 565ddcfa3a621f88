package dev.sorrel.sql.predict;

import java.util.List;

import dev.sorrel.engine.Database;

/**
 * What a {@link SorrelPredict} operator does, fixed when the query is
 * planned: which models to run on which input fields, in batches of how many
 * rows.
 *
 * @param database the database whose registry holds the models
 * @param carried number of leading input fields each output row repeats
 * @param calls the calls, whose results follow the carried fields in order
 * @param batchSize rows per model call
 */
public record PredictPlan(Database database, int carried, List<PredictCall> calls,
    int batchSize) {
  /**
   * The batch size of an operator: the smallest {@code batch_size} option of
   * its models, else the connection's {@code predict_batch_size}.
   */
  static int batchSize(List<PredictCall> calls, int connectionDefault) {
    int size = Integer.MAX_VALUE;
    for (PredictCall call : calls) {
      final String option = call.model().model().options().get("batch_size");
      if (option != null) {
        size = Math.min(size, Integer.parseInt(option.trim()));
      }
    }
    return size == Integer.MAX_VALUE ? connectionDefault : size;
  }
}
