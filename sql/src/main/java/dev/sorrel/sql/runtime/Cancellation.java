package dev.sorrel.sql.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.calcite.DataContext;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * Whether the statement an execution belongs to has been canceled: by
 * {@code Statement.cancel()} or by its query timeout, both of which set the
 * cancel flag in the execution's data context. Operators poll it where they
 * loop (a scan at every row, PREDICT at every batch, a load at every row) and
 * stop with {@link ErrorCode#QUERY_CANCELED}; the engine takes it as a
 * {@link BooleanSupplier}.
 */
public final class Cancellation {
  private static final BooleanSupplier NEVER = () -> false;

  private Cancellation() {
  }

  /** The cancel flag of an execution as a supplier; never true without a context or flag. */
  public static BooleanSupplier of(@Nullable DataContext context) {
    final AtomicBoolean flag = flag(context);
    return flag == null ? NEVER : flag::get;
  }

  /** The cancel flag of an execution, or null if it has none. */
  public static @Nullable AtomicBoolean flag(@Nullable DataContext context) {
    final Object flag = context == null ? null
        : context.get(DataContext.Variable.CANCEL_FLAG.camelName);
    return flag instanceof AtomicBoolean atomic ? atomic : null;
  }

  /**
   * Fails with {@link ErrorCode#QUERY_CANCELED} if {@code canceled} says so.
   *
   * @param doing what the statement was doing, for the message
   */
  public static void check(BooleanSupplier canceled, String doing) {
    if (canceled.getAsBoolean()) {
      throw canceled(doing);
    }
  }

  /** The error of a statement canceled while {@code doing}. */
  public static SorrelException canceled(String doing) {
    return new SorrelException(ErrorCode.QUERY_CANCELED, "query canceled while " + doing);
  }
}
