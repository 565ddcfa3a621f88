package dev.sorrel.sql;

import org.apache.calcite.rel.hint.HintPredicates;
import org.apache.calcite.rel.hint.HintStrategyTable;
import org.apache.calcite.util.Litmus;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * The SQL hints Sorrel understands, written after a table name as
 * {@code /*+ NAME *}{@code /}:
 *
 * <ul>
 *   <li>{@code KNOWN_AT} on the feature view of a point-in-time join: a
 *       feature row counts only if it was written ({@code CREATED_TIMESTAMP})
 *       at or before the left row's time, as a query run at that time would
 *       have seen it; backfilled values are left out.
 * </ul>
 *
 * <p>An unknown hint is an error rather than silently ignored, so a typo
 * cannot change what a training set contains unnoticed.
 */
public final class SorrelHints {
  public static final String KNOWN_AT = "KNOWN_AT";

  static final HintStrategyTable TABLE = HintStrategyTable.builder()
      .hintStrategy(KNOWN_AT, HintPredicates.TABLE_SCAN)
      .errorHandler(new Litmus() {
        @Override public boolean fail(String message, Object... args) {
          throw new SorrelException(ErrorCode.SYNTAX_ERROR, "unknown hint "
              + (args.length > 0 ? String.valueOf(args[0]) : "")
              + "; Sorrel's hints: " + KNOWN_AT);
        }

        @Override public boolean succeed() {
          return true;
        }

        @Override public boolean check(boolean condition, String message, Object... args) {
          return condition || fail(message, args);
        }
      })
      .build();

  private SorrelHints() {
  }
}
