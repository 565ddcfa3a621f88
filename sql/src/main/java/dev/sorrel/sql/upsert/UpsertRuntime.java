package dev.sorrel.sql.upsert;

import org.apache.calcite.linq4j.Enumerator;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.table.RowMerge;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.identity.WrittenRows;
import dev.sorrel.sql.parser.SqlMergeClause;
import dev.sorrel.sql.runtime.CalciteValues;

/**
 * Applies the rows of an upsert's query ({@link UpsertPlan}) to its table
 * through the engine's {@link RowMerge}.
 */
final class UpsertRuntime {
  private UpsertRuntime() {
  }

  /**
   * Reads every row of {@code rows} and applies it; returns the rows changed.
   * Rows inserted and rows as updated go to {@code written}, if given.
   */
  static long apply(UpsertPlan plan, Transaction tx, Enumerator<Object> rows,
      WrittenRows.@Nullable Sink written) {
    final Table table = plan.table().database().catalog().current(plan.table());
    final int width = plan.table().columns().size();
    if (table.columns().size() != width && plan.clauses().stream()
        .anyMatch(c -> c.action() != SqlMergeClause.Action.INSERT)) {
      throw new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "table " + table.name()
          + " has gained columns since the statement was prepared; prepare it again");
    }
    final RowMerge merge = new RowMerge(tx, table, plan.statement(), plan.secondProposal(),
        plan.conflictColumns());
    while (rows.moveNext()) {
      final Object[] row = (Object[]) rows.current();
      final int chosen = ((Number) row[plan.clauseColumn()]).intValue();
      if (chosen == 0) {
        continue;
      }
      final UpsertPlan.Clause clause = plan.clauses().get(chosen - 1);
      switch (clause.action()) {
      case UPDATE: {
        final Object[] stored = storage(row, 0, width);
        final Object[] updated = stored.clone();
        final int[] columns = clause.columns();
        for (int i = 0; i < columns.length; i++) {
          updated[columns[i]] = CalciteValues.toStorage(row[clause.offset() + i]);
        }
        merge.update(stored, updated);
        if (written != null) {
          written.written(table.checkRow(updated));
        }
        break;
      }
      case DELETE:
        merge.delete(storage(row, 0, width));
        break;
      case INSERT: {
        final Object[] inserted = merge.insert(widen(storage(row, clause.offset(), width),
            table));
        if (written != null && inserted != null) {
          written.written(inserted);
        }
        break;
      }
      case NOTHING:
        break;
      }
    }
    return merge.finish();
  }

  private static Object[] storage(Object[] row, int from, int width) {
    final Object[] out = new Object[width];
    for (int i = 0; i < width; i++) {
      out[i] = CalciteValues.toStorage(row[from + i]);
    }
    return out;
  }

  /** Columns added since the statement was prepared are NULL. */
  private static Object[] widen(Object[] row, Table current) {
    final int columns = current.columns().size();
    return columns == row.length ? row : java.util.Arrays.copyOf(row, columns);
  }
}
