package dev.sorrel.engine.table;

import dev.sorrel.engine.catalog.Catalog;

/**
 * A stable reference to a table that a prepared statement holds across
 * definition changes. {@code ALTER FEATURE VIEW} publishes new {@link Table}
 * objects under the same table id; a plan made before keeps its handle and
 * asks it for the table to read or write at each execution, instead of each
 * operator re-resolving the catalog itself.
 *
 * <p>Resolution costs one volatile read while the catalog is unchanged: the
 * handle remembers the table it found and the catalog version it found it
 * at, and looks again only after a definition change.
 */
public final class TableHandle {
  private final Table planned;
  private volatile Resolved resolved;

  private record Resolved(long version, Table table) {
  }

  TableHandle(Table planned) {
    this.planned = planned;
  }

  /** The table as it was when the statement was planned (its columns fixed the plan). */
  public Table planned() {
    return planned;
  }

  /**
   * The table to use now: the catalog's current object for the planned
   * table's id.
   *
   * @throws dev.sorrel.engine.SorrelException 42S02 if the table has been
   *     dropped since the statement was planned
   */
  public Table current() {
    final Catalog catalog = planned.database().catalog();
    // The version is read before the lookup: a change in between makes the
    // remembered version stale, so the next call looks again.
    final long version = catalog.version();
    final Resolved seen = resolved;
    if (seen != null && seen.version == version) {
      return seen.table;
    }
    final Table table = catalog.current(planned);
    resolved = new Resolved(version, table);
    return table;
  }

  @Override public String toString() {
    return planned.toString();
  }
}
