package dev.sorrel.sql.runtime;

import java.util.List;

import org.apache.calcite.DataContext;

import dev.sorrel.engine.table.AccessPath;
import dev.sorrel.engine.table.KeyRange;
import dev.sorrel.engine.table.Table;

/**
 * How a scan reads a table, fixed when the query is planned: which columns,
 * and the table's {@link AccessPath} for the filter above the scan. The path
 * may hold parameters, so the concrete {@link KeyRange}s are made per
 * execution by {@link #ranges}.
 *
 * @param table the engine table
 * @param projection ordinals of the columns to produce
 * @param access the part of the primary key to read, as the table chose it
 */
public record ScanPlan(Table table, int[] projection, AccessPath access) {

  public static ScanPlan full(Table table, int[] projection) {
    return new ScanPlan(table, projection, AccessPath.full());
  }

  /** The same plan over another generation of the same table (after ALTER). */
  public ScanPlan withTable(Table newTable) {
    return new ScanPlan(newTable, projection, access);
  }

  public ScanPlan withProjection(int[] newProjection) {
    return new ScanPlan(table, newProjection, access);
  }

  public ScanPlan withAccess(AccessPath newAccess) {
    return new ScanPlan(table, projection, newAccess);
  }

  public boolean isFull() {
    return access.isFull();
  }

  /** Resolves the key ranges for one execution, with its parameter values. */
  List<KeyRange> ranges(DataContext context) {
    return access.ranges(index -> CalciteValues.toStorage(context.get("?" + index)));
  }

  /** Describes the access path for EXPLAIN. */
  public String describe() {
    return access.describe();
  }
}
