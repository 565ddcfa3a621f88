package dev.sorrel.sql.runtime;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.calcite.DataContext;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.MemoryGuard;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.schema.SorrelSchema;

/**
 * Whether the statement an execution belongs to has been canceled: by
 * {@code Statement.cancel()} or by its query timeout, both of which set the
 * cancel flag in the execution's data context. Operators poll it where they
 * loop (a scan at every row, PREDICT at every batch, a load at every row) and
 * stop with {@link ErrorCode#QUERY_CANCELED}; the engine takes it as a
 * {@link BooleanSupplier}.
 *
 * <p>The same polls enforce the database's memory limit: the supplier
 * {@link #of} returns also checks the database's {@link MemoryGuard}, and
 * throws {@link ErrorCode#OUT_OF_MEMORY} when it trips, so that every
 * operator that can be canceled stops there too, releasing what it holds as
 * it does for a cancel.
 */
public final class Cancellation {
  private static final BooleanSupplier NEVER = () -> false;

  private Cancellation() {
  }

  /**
   * The cancel flag of an execution as a supplier; never true without a context or flag. It
   * throws {@link ErrorCode#OUT_OF_MEMORY} when the database's memory guard trips.
   */
  public static BooleanSupplier of(@Nullable DataContext context) {
    final AtomicBoolean flag = flag(context);
    final MemoryGuard memory = memory(context);
    if (memory == null || memory.limitBytes() == 0) {
      return flag == null ? NEVER : flag::get;
    }
    return () -> {
      memory.check("running the statement");
      return flag != null && flag.get();
    };
  }

  /** The memory guard of the database an execution runs on, or null without one. */
  public static @Nullable MemoryGuard memory(@Nullable DataContext context) {
    final var root = context == null ? null : context.getRootSchema();
    final var schema = root == null ? null : root.getSubSchema(SorrelSchema.NAME);
    final SorrelSchema sorrel = schema == null ? null : schema.unwrap(SorrelSchema.class);
    return sorrel == null ? null : sorrel.database().memory();
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
