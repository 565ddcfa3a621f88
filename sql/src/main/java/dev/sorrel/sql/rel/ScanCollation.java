package dev.sorrel.sql.rel;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;

import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.sql.runtime.ScanPlan;
import dev.sorrel.storage.ValueType;

/**
 * The order in which a scan returns its rows, stated as Calcite's collation so
 * that the planner drops a sort the scan already satisfies: {@code ORDER BY}
 * the primary key streams in key order instead of sorting the table.
 *
 * <p>Rows come in key order when the access path walks the key ({@link
 * dev.sorrel.engine.table.AccessPath#inKeyOrder()}). The collation states
 * that order only as far as it is also the order in which Calcite compares the
 * values: the key columns in turn, up to the first one that is not among the
 * scan's columns or whose type the key encoding orders differently. That is
 * VARCHAR: keys hold UTF-8 bytes, which order by code point, while Calcite
 * compares Java strings by UTF-16 unit, and the two disagree between
 * characters beyond U+FFFF and those in U+E000..U+FFFF. Every other type
 * orders alike (numbers by value, {@code -0.0} as {@code 0.0} and NaN last
 * like {@link Double#compare}, decimals by value whatever their scale,
 * VARBINARY by unsigned byte as {@code ByteString} compares).
 *
 * <p>Primary key columns are NOT NULL, so where NULLs would go does not
 * matter; the collation takes the null direction {@code ORDER BY k} gets by
 * default, which is what lets it match that clause.
 *
 * <p>An access path of another order (an index, later) states its own
 * columns through {@link #of(RelOptCluster, ScanPlan, int[], List)}.
 */
final class ScanCollation {
  private ScanCollation() {
  }

  /** The collation of a scan of a table's rows through its primary key. */
  static RelCollation of(RelOptCluster cluster, ScanPlan plan) {
    if (!plan.access().inKeyOrder()) {
      return RelCollations.EMPTY;
    }
    return of(cluster, plan, plan.table().keyColumns(), plan.table().columns());
  }

  /**
   * The collation of a scan whose rows come ordered by {@code ordered} (table
   * column ordinals, ascending in key encoding order).
   */
  static RelCollation of(RelOptCluster cluster, ScanPlan plan, int[] ordered,
      List<ColumnDef> columns) {
    final RelFieldCollation.NullDirection nulls = ascendingNulls(cluster);
    final List<RelFieldCollation> fields = new ArrayList<>();
    for (int column : ordered) {
      final int field = indexOf(plan.projection(), column);
      if (field < 0 || !ordersAsCalciteCompares(columns.get(column).type())) {
        break;
      }
      fields.add(new RelFieldCollation(field, RelFieldCollation.Direction.ASCENDING, nulls));
    }
    return RelCollations.of(fields);
  }

  /**
   * Whether values of a type stored as key bytes sort as Calcite's generated
   * comparisons sort them (see the class comment).
   */
  static boolean ordersAsCalciteCompares(ValueType type) {
    return switch (type) {
      case BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL, VARBINARY, DATE,
          TIME, TIMESTAMP -> true;
      case VARCHAR -> false;
    };
  }

  /** Where NULLs go in {@code ORDER BY x} without NULLS FIRST or LAST, in this connection. */
  private static RelFieldCollation.NullDirection ascendingNulls(RelOptCluster cluster) {
    final NullCollation collation = cluster.getPlanner().getContext()
        .maybeUnwrap(CalciteConnectionConfig.class)
        .map(CalciteConnectionConfig::defaultNullCollation)
        .orElse(NullCollation.HIGH);
    return collation.last(false) ? RelFieldCollation.NullDirection.LAST
        : RelFieldCollation.NullDirection.FIRST;
  }

  private static int indexOf(int[] projection, int column) {
    for (int i = 0; i < projection.length; i++) {
      if (projection[i] == column) {
        return i;
      }
    }
    return -1;
  }
}
