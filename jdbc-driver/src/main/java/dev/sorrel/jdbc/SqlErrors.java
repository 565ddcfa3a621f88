package dev.sorrel.jdbc;

import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.SorrelValidationException;
import dev.sorrel.sql.ddl.PositionedException;
import dev.sorrel.storage.CommitIncompleteException;
import dev.sorrel.storage.NoSpace;

/**
 * Turns whatever went wrong beneath the driver into one
 * {@link SQLException} with a SQLState, a message a person can act on (with
 * line and column when the statement is at fault), and the JDBC 4 subclass
 * that matches the SQLState class. The single translation point: nothing
 * else in Sorrel builds SQLExceptions from internal errors.
 */
public final class SqlErrors {
  private SqlErrors() {
  }

  /** Translates any failure; a SQLException already carrying a state passes through. */
  public static SQLException translate(Throwable failure) {
    final Classified c = diskFull(classify(failure), failure);
    return create(c.code.sqlState(), c.message, c.source);
  }

  /**
   * A storage or internal error caused by a full device becomes 53100, whichever layer met it
   * (RocksDB's NoSpace status, the JDK's "No space left on device"): the statement failed as a
   * whole, and the user's remedy is space, not a bug report.
   */
  private static Classified diskFull(Classified c, Throwable failure) {
    if ((c.code == ErrorCode.IO_ERROR || c.code == ErrorCode.INTERNAL_ERROR)
        && (NoSpace.causes(failure) || NoSpace.mentions(c.message))) {
      if (commitIncomplete(failure)) {
        // Past the commit point: the statement is durable, and must not be run again.
        return new Classified(ErrorCode.DISK_FULL, "disk full: " + c.message
            + "; the statement WAS committed and completes when the database is reopened: do"
            + " not run it again; free space on the device and reopen the database", c.source);
      }
      // RocksDB refuses writes after its log failed to grow, until the database is reopened.
      return new Classified(ErrorCode.DISK_FULL, "disk full: " + c.message
          + "; the statement was not applied: free space on the device, and reopen the"
          + " database if writes still fail", c.source);
    }
    return c;
  }

  /** Whether {@code failure} or one of its causes failed after its commit's point of no return. */
  private static boolean commitIncomplete(Throwable failure) {
    final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof CommitIncompleteException) {
        return true;
      }
    }
    return false;
  }

  /** A recognised failure: its code, the message to show, and the throwable it came from. */
  private record Classified(ErrorCode code, String message, Throwable source) {
    Classified(ErrorCode code, String message) {
      this(code, message, null);
    }

    Classified from(Throwable t) {
      return new Classified(code, message, t);
    }
  }

  private static Classified classify(Throwable failure) {
    // The most specific cause wins: walk to the deepest one we recognise.
    Classified found = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      final Classified c = classifyOne(t);
      if (c != null) {
        found = c.from(t);
        if (t instanceof SorrelException || t instanceof SorrelValidationException
            || t instanceof SqlParseException) {
          break;
        }
      }
    }
    if (found != null) {
      return found;
    }
    final Throwable root = rootCause(failure);
    return new Classified(ErrorCode.INTERNAL_ERROR, "internal error: "
        + (root.getMessage() == null ? root.getClass().getName() : root.getMessage()), root);
  }

  private static Classified classifyOne(Throwable t) {
    if (t instanceof OutOfMemoryError
        || t instanceof org.apache.arrow.memory.OutOfMemoryException) {
      // The last line of defence behind the memory limit: the JVM (or an Arrow allocator) ran
      // out while this statement allocated; its objects are unreachable once it fails.
      return new Classified(ErrorCode.OUT_OF_MEMORY, "out of memory: the statement ran out of "
          + (t instanceof OutOfMemoryError ? "JVM memory" : "Arrow memory") + " ("
          + t.getMessage() + "); reduce the rows it sorts, joins or groups, or give the JVM"
          + " more heap (-Xmx)");
    }
    if (t instanceof PositionedException p) {
      return new Classified(p.code(), p.getMessage() + at(p.position()));
    }
    if (t instanceof SorrelException s) {
      return new Classified(s.code(), s.getMessage());
    }
    if (t instanceof SqlParseException p) {
      return new Classified(ErrorCode.SYNTAX_ERROR, "syntax error" + at(p.getPos()) + ": "
          + firstLine(p.getMessage()));
    }
    if (t instanceof CalciteContextException c) {
      return new Classified(SorrelValidationException.codeOf(c), c.getMessage());
    }
    if (t instanceof ArithmeticException a) {
      // An integer division by zero raised by the JVM itself loses its message ("/ by zero")
      // once the JIT compiles the throwing code (HotSpot's OmitStackTraceInFastThrow reuses one
      // exception without one), while every explicitly thrown ArithmeticException (overflow,
      // BigDecimal) has one; so a division by zero always gets the same message.
      final String message = a.getMessage();
      if (message == null || message.contains("by zero")
          || message.equals("Division undefined")) {
        return new Classified(ErrorCode.DIVISION_BY_ZERO, "division by zero");
      }
      return new Classified(ErrorCode.NUMERIC_OUT_OF_RANGE, message);
    }
    // Calcite's (Avatica's) parsing of text as a date, time or timestamp: "Invalid DATE
    // value, '...'" and "Value of DAY field is out of range in '2026-02-30'".
    if (t instanceof IllegalArgumentException i && i.getMessage() != null
        && (i.getMessage().startsWith("Invalid ") && i.getMessage().contains(" value")
            || i.getMessage().startsWith("Value of ")
            && i.getMessage().contains(" field is out of range in '"))) {
      return new Classified(ErrorCode.INVALID_DATETIME, i.getMessage());
    }
    if (t instanceof RelOptPlanner.CannotPlanException
        && String.valueOf(t.getMessage()).contains("TableModify")) {
      return new Classified(ErrorCode.FEATURE_NOT_SUPPORTED,
          "only tables can be written to; views and system tables are read-only");
    }
    if ("Statement canceled".equals(t.getMessage())) {
      // Avatica's result set, once Statement.cancel() has set the cancel flag.
      return new Classified(ErrorCode.QUERY_CANCELED, "query canceled");
    }
    if (String.valueOf(t.getMessage()).contains("more than one value in agg SINGLE_VALUE")) {
      return new Classified(ErrorCode.CARDINALITY_VIOLATION,
          "a scalar subquery returned more than one row");
    }
    if (t instanceof NumberFormatException n) {
      return new Classified(ErrorCode.INVALID_CHARACTER_VALUE,
          "invalid number: " + n.getMessage());
    }
    if (t instanceof SQLException s && s.getSQLState() != null) {
      return new Classified(byState(s.getSQLState()), s.getMessage());
    }
    // Calcite's driver reports these by class alone, without a state.
    if (t instanceof SQLFeatureNotSupportedException) {
      return new Classified(ErrorCode.FEATURE_NOT_SUPPORTED, t.getMessage() == null
          ? "not supported" : t.getMessage());
    }
    if (t instanceof SQLDataException) {
      return new Classified(ErrorCode.DATA_EXCEPTION, t.getMessage());
    }
    return null;
  }

  private static ErrorCode byState(String state) {
    for (ErrorCode code : ErrorCode.values()) {
      if (code.sqlState().equals(state)) {
        return code;
      }
    }
    return ErrorCode.INTERNAL_ERROR;
  }

  private static String at(SqlParserPos pos) {
    if (pos == null || pos.getLineNum() <= 0) {
      return "";
    }
    return " at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    final int newline = message.indexOf('\n');
    final String line = newline < 0 ? message : message.substring(0, newline);
    return line.trim();
  }

  private static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }

  /** Builds the JDBC 4 exception class that matches a SQLState's class. */
  static SQLException create(String state, String message, Throwable cause) {
    final String stateClass = state.substring(0, 2);
    return switch (stateClass) {
      case "42" -> new SQLSyntaxErrorException(message, state, cause);
      case "21" -> new SQLDataException(message, state, cause);
      case "23" -> new SQLIntegrityConstraintViolationException(message, state, cause);
      case "22" -> new SQLDataException(message, state, cause);
      case "08" -> new SQLNonTransientConnectionException(message, state, cause);
      case "28" -> new SQLInvalidAuthorizationSpecException(message, state, cause);
      case "0A" -> new SQLFeatureNotSupportedException(message, state, cause);
      case "40" -> new SQLTransactionRollbackException(message, state, cause);
      // 55000: the object is in the wrong state (an ended run) and stays so; retrying fails again.
      case "55" -> state.equals("55000") ? new java.sql.SQLNonTransientException(message, state,
          cause) : new SQLTransientException(message, state, cause);
      case "57" -> new SQLTransientException(message, state, cause);
      // 53100 (disk full) needs someone to free space; 53200 (out of memory) may pass on a
      // retry once other statements have released theirs.
      case "53" -> switch (state) {
        case "53100" -> new java.sql.SQLNonTransientException(message, state, cause);
        case "53200" -> new SQLTransientException(message, state, cause);
        default -> new SQLException(message, state, cause);
      };
      default -> new SQLException(message, state, cause);
    };
  }
}
