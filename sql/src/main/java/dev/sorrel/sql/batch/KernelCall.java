package dev.sorrel.sql.batch;

import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.udf.ScalarKernel;

/**
 * One call of a batch-evaluated function inside a {@link LogicalBatchCall}:
 * which input fields are its arguments, what type it produces, and how to
 * make its {@link ScalarKernel} for an execution. A call is planned once and
 * bound at each execution, so a prepared statement follows what changed in
 * between (a model alias that moved, an experiment that stopped).
 */
public interface KernelCall {
  /** The database whose definitions the call reads. */
  Database database();

  /** The input fields holding the kernel's arguments, in argument order. */
  int[] arguments();

  /** The same call reading its arguments from other input fields. */
  KernelCall withArguments(int[] fields);

  /** The SQL type of the call's result (always nullable). */
  SqlTypeName resultType();

  /**
   * Rows per kernel call this call asks for (a model's {@code batch_size}
   * option), or 0 to take the connection's default.
   */
  int batchSize();

  /** Makes the kernel for one execution; fails if what the call names is gone. */
  ScalarKernel bind();
}
