package dev.sorrel.sql.runtime;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.Isolation;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.sql.parser.SqlTransactionControl;

/** Runs a transaction control statement against the executing connection's state. */
public final class TransactionCommand {
  private TransactionCommand() {
  }

  /** Runs {@code control}; {@code state} is null only outside a Sorrel connection. */
  public static void execute(TransactionState state, SqlTransactionControl control) {
    if (state == null) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED,
          "transaction control needs a Sorrel connection");
    }
    try {
      switch (control.action) {
      case BEGIN -> {
        state.begin(control.isolation == null ? null : isolation(control.isolation));
      }
      case COMMIT -> state.commit();
      case ROLLBACK -> state.rollback();
      case SAVEPOINT -> state.savepoint(control.name.getSimple());
      case RELEASE -> state.release(control.name.getSimple());
      case ROLLBACK_TO -> state.rollbackTo(control.name.getSimple());
      case SET_ISOLATION -> state.setIsolation(isolation(control.isolation));
      }
    } catch (SorrelException e) {
      if (control.name != null && (e.code() == ErrorCode.INVALID_SAVEPOINT
          || e.code() == ErrorCode.NO_ACTIVE_SQL_TRANSACTION)) {
        throw new PositionedException(e.code(), control.name.getParserPosition(),
            e.getMessage());
      }
      throw e;
    }
  }

  /** READ UNCOMMITTED runs as READ COMMITTED, as in PostgreSQL. */
  private static Isolation isolation(String level) {
    return switch (level) {
      case "READ UNCOMMITTED", "READ COMMITTED" -> Isolation.READ_COMMITTED;
      case "REPEATABLE READ" -> Isolation.REPEATABLE_READ;
      case "SERIALIZABLE" -> Isolation.SERIALIZABLE;
      default -> throw new SorrelException(ErrorCode.SYNTAX_ERROR,
          "unknown isolation level " + level);
    };
  }
}
