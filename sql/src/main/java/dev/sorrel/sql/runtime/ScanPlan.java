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
 * @param parameters the values of the statement's parameters in one
 *     execution, by index, as the query reads them; null in the plan made
 *     at planning time
 */
public record ScanPlan(Table table, int[] projection, AccessPath access, Object[] parameters) {

  public static ScanPlan full(Table table, int[] projection) {
    return new ScanPlan(table, projection, AccessPath.full(), null);
  }

  /** The same plan over another generation of the same table (after ALTER). */
  public ScanPlan withTable(Table newTable) {
    return new ScanPlan(newTable, projection, access, parameters);
  }

  public ScanPlan withProjection(int[] newProjection) {
    return new ScanPlan(table, newProjection, access, parameters);
  }

  public ScanPlan withAccess(AccessPath newAccess) {
    return new ScanPlan(table, projection, newAccess, parameters);
  }

  /**
   * The plan for one execution, with the values of its parameters read as
   * the filter above the scan reads them (in their declared types: a
   * {@code VARCHAR(2)} parameter truncated, a {@code BIGINT} one made a
   * long), so the path narrows by the values the filter compares.
   */
  public ScanPlan withParameters(Object[] values) {
    return new ScanPlan(table, projection, access, values);
  }

  public boolean isFull() {
    return access.isFull();
  }

  /**
   * Resolves the key ranges for one execution: with the parameter values
   * bound by {@link #withParameters}, else as the data context holds them.
   */
  List<KeyRange> ranges(DataContext context) {
    final Object[] values = parameters;
    return access.ranges(index -> CalciteValues.toStorage(
        values != null ? values[index] : context.get("?" + index)));
  }

  /** Describes the access path for EXPLAIN. */
  public String describe() {
    return access.describe();
  }
}
