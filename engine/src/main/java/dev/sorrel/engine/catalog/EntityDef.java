package dev.sorrel.engine.catalog;

import java.util.List;

/**
 * An entity: the thing features describe (a driver, a customer), identified
 * by its key columns. Feature views of the entity carry these columns as the
 * leading part of their key.
 *
 * @param name entity name
 * @param keyColumns the key columns, NOT NULL, in key order
 * @param comment free text, or null
 * @param createdMillis creation time, milliseconds since the epoch
 */
public record EntityDef(String name, List<ColumnDef> keyColumns, String comment,
    long createdMillis) {

  public EntityDef {
    keyColumns = List.copyOf(keyColumns);
  }
}
