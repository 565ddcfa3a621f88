package dev.sorrel.engine.catalog;

import java.util.List;

/**
 * A view as the catalog stores it: its defining query as SQL text. The SQL
 * layer expands it at query time, so a view always reflects its base tables.
 *
 * @param name view name
 * @param sql the defining query
 * @param columnNames explicit column names, or empty to use the query's
 * @param schemaPath the schema the query's unqualified names resolve in
 * @param createdMillis creation time, milliseconds since the epoch
 */
public record ViewDef(String name, String sql, List<String> columnNames,
    List<String> schemaPath, long createdMillis) {

  public ViewDef {
    columnNames = List.copyOf(columnNames);
    schemaPath = List.copyOf(schemaPath);
  }
}
