package dev.sorrel.sql.schema;

import java.util.HashMap;
import java.util.Map;

import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.table.Table;

/**
 * The {@code ONLINE} schema: per feature view, a table of one row per entity
 * holding its latest values, for serving. A lookup by the entity key is one
 * RocksDB get. Values older than the view's TTL read as NULL (the key stays),
 * checked at read time against the query's start, so a stale feature is never
 * served as fresh.
 */
public final class OnlineSchema extends AbstractSchema {
  public static final String NAME = "ONLINE";

  private final Database database;
  private final Map<Table, SorrelTable> wrappers = new HashMap<>();

  public OnlineSchema(Database database) {
    this.database = database;
  }

  /** Registers this schema under the root. */
  public SchemaPlus addTo(SchemaPlus rootSchema) {
    final SchemaPlus plus = rootSchema.add(NAME, this);
    plus.setCacheEnabled(false);
    return plus;
  }

  @Override protected synchronized Map<String, org.apache.calcite.schema.Table> getTableMap() {
    final Map<String, org.apache.calcite.schema.Table> map = new HashMap<>();
    final Map<Table, SorrelTable> live = new HashMap<>();
    for (FeatureView view : database.catalog().featureViews()) {
      final SorrelTable wrapper = wrappers.computeIfAbsent(view.online(), SorrelTable::new);
      live.put(view.online(), wrapper);
      map.put(view.name(), wrapper);
    }
    wrappers.keySet().retainAll(live.keySet());
    return map;
  }
}
