package dev.sorrel.sql.upsert;

import java.util.List;

import dev.sorrel.engine.table.RowMerge;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.parser.SqlMergeClause;

/**
 * How the rows of an upsert's query become writes. Each row the query returns
 * holds the stored row it matched (all columns, NULL if none), then the
 * number of the clause that applies to it (1-based; 0 for none), then the
 * values each clause computes, clause after clause.
 *
 * @param table the target table
 * @param statement the statement's name, for messages
 * @param secondProposal how a proposed row whose key the statement already wrote is treated
 * @param conflictColumns the columns on which proposed rows conflict: the
 *     primary key's, or the unique index's an {@code ON CONFLICT} names
 * @param clauses the clauses in order
 */
public record UpsertPlan(Table table, String statement, RowMerge.SecondProposal secondProposal,
    int[] conflictColumns, List<Clause> clauses) {

  /** The column of the clause number in each row. */
  public int clauseColumn() {
    return table.columns().size();
  }

  /**
   * One clause's action.
   *
   * @param action what it does
   * @param columns UPDATE: ordinals of the assigned columns; INSERT: all columns in order
   * @param offset where its values start in each row
   */
  public record Clause(SqlMergeClause.Action action, int[] columns, int offset) {
  }
}
