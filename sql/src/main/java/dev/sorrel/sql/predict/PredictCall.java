package dev.sorrel.sql.predict;

import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.model.Models;
import dev.sorrel.sql.batch.KernelCall;
import dev.sorrel.udf.PredictKernel;
import dev.sorrel.udf.PredictSignature;

/**
 * One PREDICT-family call inside a {@link dev.sorrel.sql.batch.LogicalBatchCall}: the model
 * reference as written, the version it resolved to when planned, how it reads
 * the model, and which input fields are its arguments. The reference is
 * resolved again at each execution, so a prepared statement follows alias
 * moves.
 */
public record PredictCall(Database database, String reference, Models.ResolvedModel model,
    PredictSignature signature, int[] arguments) implements KernelCall {
  @Override public KernelCall withArguments(int[] fields) {
    return new PredictCall(database, reference, model, signature, fields);
  }

  @Override public SqlTypeName resultType() {
    return switch (signature.resultType()) {
      case DOUBLE -> SqlTypeName.DOUBLE;
      case BIGINT -> SqlTypeName.BIGINT;
      case VARCHAR -> SqlTypeName.VARCHAR;
    };
  }

  /** The model's {@code batch_size} option, or 0. */
  @Override public int batchSize() {
    final String option = model.model().options().get("batch_size");
    return option == null ? 0 : Integer.parseInt(option.trim());
  }

  /** Resolves the reference again (an alias may have moved) and opens its session. */
  @Override public PredictKernel bind() {
    return bind(resolve());
  }

  /** The version the reference names now (an alias may have moved since planning). */
  public Models.ResolvedModel resolve() {
    return database.models().resolve(reference);
  }

  /**
   * A kernel of a version {@link #resolve} returned: a statement that runs
   * on several threads resolves once and binds a kernel per thread, so that
   * every row reaches the same version.
   */
  public PredictKernel bind(Models.ResolvedModel version) {
    return new PredictKernel(database.models().session(version),
        signature.rebind(version.version()));
  }

  @Override public String toString() {
    final StringBuilder b = new StringBuilder(signature.describe()).append('(');
    for (int i = 0; i < arguments.length; i++) {
      b.append(i == 0 ? "$" : ", $").append(arguments[i]);
    }
    return b.append(')').toString();
  }
}
