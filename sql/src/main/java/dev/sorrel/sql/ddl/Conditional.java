package dev.sorrel.sql.ddl;

import java.util.function.BooleanSupplier;
import java.util.function.Function;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.Transaction;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * A definition change under {@code IF NOT EXISTS} or {@code IF EXISTS}, as
 * one step with its condition. Checking the catalog, then changing it in a
 * transaction of its own, leaves a window in which another connection
 * creates or drops the same object, and the change then fails with the very
 * error the clause is there to avoid (42S01, 42S02). A definition change
 * holds the writer lock from the start of its transaction to its end, and
 * the catalog publishes a committed change before the lock is released; so
 * the condition is checked again inside the transaction, where no other
 * change can come between it and the change it guards.
 */
public final class Conditional {
  private Conditional() {
  }

  /**
   * Runs {@code change} as {@link TransactionState#ddl} does, unless
   * {@code conditional} and {@code satisfied} holds: checked first without
   * the lock (an object already there, or already gone, costs no
   * transaction), then again under it.
   *
   * @param conditional whether the statement has {@code IF [NOT] EXISTS}
   * @param satisfied whether there is nothing to do: the object exists for
   *     {@code IF NOT EXISTS}, it does not for {@code IF EXISTS}
   * @return whether the change ran
   */
  public static boolean ddl(TransactionState transactions, Database database, String statement,
      boolean conditional, BooleanSupplier satisfied, Function<Transaction, ?> change) {
    if (conditional && satisfied.getAsBoolean()) {
      return false;
    }
    return TransactionState.ddl(transactions, database, statement, tx -> {
      if (conditional && satisfied.getAsBoolean()) {
        return Boolean.FALSE;
      }
      change.apply(tx);
      return Boolean.TRUE;
    });
  }
}
