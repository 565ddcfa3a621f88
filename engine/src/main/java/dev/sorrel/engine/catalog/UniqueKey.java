package dev.sorrel.engine.catalog;

import java.util.List;

/**
 * A {@code UNIQUE} constraint declared with a new table: it becomes a unique
 * {@link IndexDef} of the table.
 *
 * @param name the constraint's name, or null to have one made up from the
 *     table and column names, as PostgreSQL does ({@code T_A_B_KEY})
 * @param columns ordinals of the constrained columns, in order
 */
public record UniqueKey(String name, List<Integer> columns) {
  public UniqueKey {
    columns = List.copyOf(columns);
  }
}
