package dev.sorrel.engine.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A secondary index as the catalog stores it: an ordered list of a table's
 * columns whose values point to the table's rows. A unique index (which is
 * what a {@code UNIQUE} constraint creates) allows one row per combination of
 * values in which no value is NULL; rows with a NULL in an indexed column
 * never conflict, as the SQL standard and PostgreSQL have it.
 *
 * @param id internal id, the key prefix of the index's entries; drawn from the
 *     same counter as table ids, never reused
 * @param name index name, unique among the schema's tables, views and indexes
 * @param tableId id of the indexed table
 * @param columns ordinals of the indexed columns in the table, in index order
 * @param descending for each indexed column, whether it is stored in
 *     descending order
 * @param unique whether two rows may not share the indexed values
 * @param createdMillis creation time, milliseconds since the epoch
 */
public record IndexDef(int id, String name, int tableId, List<Integer> columns,
    List<Boolean> descending, boolean unique, long createdMillis) {

  public IndexDef {
    Objects.requireNonNull(name, "name");
    columns = List.copyOf(columns);
    descending = List.copyOf(descending);
    if (columns.isEmpty() || columns.size() != descending.size()) {
      throw new IllegalArgumentException("index " + name + " of " + columns.size()
          + " columns with " + descending.size() + " directions");
    }
  }

  /** The indexed columns as SQL names them, e.g. {@code [USER_ID, TS DESC]}. */
  public List<String> describeColumns(List<ColumnDef> tableColumns) {
    final List<String> names = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      names.add(tableColumns.get(columns.get(i)).name() + (descending.get(i) ? " DESC" : ""));
    }
    return names;
  }
}
