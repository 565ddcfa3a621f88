package dev.sorrel.sql.runtime;

import java.util.function.Supplier;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.Table;

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

  /** Whether writes to {@code database} are being gathered into a batch's transaction. */
  public static boolean inBatch(Database database) {
    return current(database) != null;
  }

  /**
   * Refuses to read a table that the enclosing JDBC batch has already
   * written: reads see committed data, so the statement would miss the
   * batch's own changes (a lost update) rather than fail.
   */
  public static void checkReadable(Table table) {
    final Transaction batch = current(table.database());
    if (batch != null && batch.hasWritten(table)) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "a statement in a batch"
          + " cannot read " + (table.isReadOnly() ? "online." : "table ") + table.name()
          + " after an earlier statement of the same batch wrote it; run those statements"
          + " separately");
    }
  }

  /**
   * Runs one statement's writes: in the open scope's transaction if there is
   * one, else in a transaction of its own, committed when {@code body} returns.
   */
  public static <T> T write(Database database, java.util.function.Function<Transaction, T> body) {
    final Transaction shared = current(database);
    if (shared != null) {
      return body.apply(shared);
    }
    try (Transaction tx = database.begin()) {
      final T result = body.apply(tx);
      tx.commit();
      return result;
    }
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
