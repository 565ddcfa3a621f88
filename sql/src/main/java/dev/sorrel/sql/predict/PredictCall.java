package dev.sorrel.sql.predict;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.model.Models;
import dev.sorrel.udf.PredictSignature;

/**
 * One PREDICT-family call inside a {@link LogicalPredict}: the model
 * reference as written, the version it resolved to when planned, how it reads
 * the model, and which input fields are its arguments. The reference is
 * resolved again at each execution, so a prepared statement follows alias
 * moves.
 */
record PredictCall(Database database, String reference, Models.ResolvedModel model,
    PredictSignature signature, int[] arguments) {
  @Override public String toString() {
    final StringBuilder b = new StringBuilder(signature.describe()).append('(');
    for (int i = 0; i < arguments.length; i++) {
      b.append(i == 0 ? "$" : ", $").append(arguments[i]);
    }
    return b.append(')').toString();
  }
}
