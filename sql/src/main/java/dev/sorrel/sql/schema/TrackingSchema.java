package dev.sorrel.sql.schema;

import java.util.HashMap;
import java.util.Map;

import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.table.Table;
import dev.sorrel.engine.tracking.Tracking;

/**
 * The {@code TRACKING} schema: the tables of tracked training runs (runs,
 * params, metrics, latest metrics, tags, inputs). They are engine tables
 * like any other to queries, so searches use their keys and indexes and
 * join with everything else; writes to them come only from the tracking
 * statements, and SQL's INSERT, UPDATE and DELETE are refused (0A000).
 */
public final class TrackingSchema extends AbstractSchema {
  public static final String NAME = Tracking.SCHEMA;

  private final Map<String, org.apache.calcite.schema.Table> tables = new HashMap<>();

  public TrackingSchema(Database database) {
    for (Map.Entry<String, Table> table : database.tracking().tables().entrySet()) {
      tables.put(table.getKey(), new SorrelTable(table.getValue()));
    }
  }

  /** Registers this schema under the root. */
  public SchemaPlus addTo(SchemaPlus rootSchema) {
    return rootSchema.add(NAME, this);
  }

  @Override protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
    return tables;
  }
}
