package dev.sorrel.sql.runtime;

import java.util.function.Supplier;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.Transaction;

/**
 * Groups several statements run by one thread into one transaction: a JDBC
 * batch ({@code executeBatch}) commits as one write batch instead of one per
 * statement. Outside a scope, each write statement commits on its own.
 */
public final class WriteScope {
  private static final ThreadLocal<Transaction> CURRENT = new ThreadLocal<>();

  private WriteScope() {
  }

  /** Returns the open scope's transaction on {@code database}, or null. */
  static Transaction current(Database database) {
    final Transaction tx = CURRENT.get();
    return tx != null && tx.database() == database && !tx.isEnded() ? tx : null;
  }

  /**
   * Runs {@code body} with every write to {@code database} in one transaction,
   * committed when the body returns and rolled back if it throws.
   */
  public static <T> T inTransaction(Database database, Supplier<T> body) {
    if (CURRENT.get() != null) {
      return body.get();
    }
    try (Transaction tx = database.begin()) {
      CURRENT.set(tx);
      final T result = body.get();
      tx.commit();
      return result;
    } finally {
      CURRENT.remove();
    }
  }
}
