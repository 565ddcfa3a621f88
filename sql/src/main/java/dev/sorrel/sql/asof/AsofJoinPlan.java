package dev.sorrel.sql.asof;

import java.util.List;

import dev.sorrel.engine.feature.PointInTimeJoin;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.rel.KeyedJoin;

/**
 * What a point-in-time join does at run time.
 *
 * @param table the right table (a feature view's history, or a plain table
 *     whose key starts with the match columns and the time column)
 * @param matchColumns number of leading key columns matched by equality
 * @param strict whether the match must be strictly before the left time
 * @param knownAt whether feature rows written after the left time are skipped
 * @param projection right table columns to return, in output order
 * @param keyFields left fields holding the key values, in key order
 * @param timeField left field holding the time
 * @param inner whether left rows without a match are dropped (ASOF JOIN)
 *     rather than kept with NULLs (LEFT ASOF JOIN)
 * @param chunkSize left rows sorted and probed together
 */
public record AsofJoinPlan(Table table, int matchColumns, boolean strict, boolean knownAt,
    int[] projection, int[] keyFields, int timeField, boolean inner, int chunkSize) {

  /** The engine's join for this plan, over {@code current}: the table as the catalog has it now. */
  PointInTimeJoin join(Table current) {
    return PointInTimeJoin.builder(current, matchColumns).strict(strict).knownAt(knownAt)
        .inner(inner).project(projection).chunkRows(Math.max(1, chunkSize)).build();
  }

  /**
   * Describes the plan for EXPLAIN. It names the left fields probed and the
   * right columns returned too: the planner takes two nodes with the same
   * description over the same input for one, so joins on other left columns
   * must not read alike.
   */
  String describe() {
    final List<String> keys = new java.util.ArrayList<>();
    final int[] key = table.keyColumns();
    for (int i = 0; i < matchColumns; i++) {
      keys.add(table.columns().get(key[i]).name() + " = $" + keyFields[i]);
    }
    final dev.sorrel.engine.feature.FeatureView view =
        table.database().catalog().featureViewOf(table);
    final Long ttl = view == null ? null : view.ttlMillis();
    // A feature view's history is searched in its segment when one is current
    // at execution (decided then), else sought; a plain table is always sought.
    final String how = view != null ? "match " : "seek ";
    return how + table.name() + " by (" + String.join(", ", keys) + ") "
        + table.columns().get(key[matchColumns]).name() + (strict ? " < $" : " <= $")
        + timeField + (ttl == null ? "" : ", ttl " + ttl + " ms")
        + (knownAt ? ", known at left time" : "") + ", columns "
        + KeyedJoin.columnNames(table, projection);
  }
}
