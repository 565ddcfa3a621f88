package dev.sorrel.sql.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.common.collect.ImmutableMultimap;
import com.google.common.collect.Multimap;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.schema.Function;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.catalog.ViewDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.sql.FileAccess;
import dev.sorrel.sql.SorrelConnectionConfig;
import dev.sorrel.sql.SorrelViews;
import dev.sorrel.sql.drift.DriftAggregates;
import dev.sorrel.sql.experiment.StatisticsAggregates;
import dev.sorrel.sql.metrics.MetricAggregates;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.identity.WrittenRows;
import dev.sorrel.sql.tracking.CurrentRun;

/**
 * The {@code PUBLIC} schema: the engine catalog's tables and views. It reads
 * the catalog on every lookup (the catalog is an immutable map, so that is
 * cheap), which is why DDL from one connection is visible to all at once.
 * Views are table macros, expanded from their SQL text when a query uses them.
 */
public final class SorrelSchema extends AbstractSchema {
  public static final String NAME = "PUBLIC";

  private final Database database;
  private final SorrelConnectionConfig config;
  private SchemaPlus root;
  private final Map<Table, SorrelTable> wrappers = new HashMap<>();
  private final TransactionState transactions;
  private final WrittenRows writtenRows = new WrittenRows();
  private final CurrentRun currentRun = new CurrentRun();
  private volatile FileAccess fileAccess = FileAccess.UNRESTRICTED;

  /**
   * Creates the schema of one connection.
   *
   * @param config the connection's configuration, built once when it opened;
   *     statement preparation finds it here
   */
  public SorrelSchema(Database database, SorrelConnectionConfig config) {
    this.database = database;
    this.config = config;
    this.transactions = new TransactionState(database);
  }

  /** The transaction state of the connection this schema belongs to. */
  public TransactionState transactions() {
    return transactions;
  }

  /** The configuration of the connection this schema belongs to. */
  public SorrelConnectionConfig config() {
    return config;
  }

  /** The rows this connection's statements write, kept while it asks for generated keys. */
  public WrittenRows writtenRows() {
    return writtenRows;
  }

  /** The run this connection's tracking statements go to when they name none. */
  public CurrentRun currentRun() {
    return currentRun;
  }

  /** Which files this connection's COPY and model statements may use. */
  public FileAccess fileAccess() {
    return fileAccess;
  }

  /** Sets the file policy; done once, when the connection opens. */
  public void fileAccess(FileAccess fileAccess) {
    this.fileAccess = java.util.Objects.requireNonNull(fileAccess);
  }

  /** Registers this schema under the root, as the place views expand in. */
  public SchemaPlus addTo(SchemaPlus rootSchema) {
    this.root = rootSchema;
    final SchemaPlus plus = rootSchema.add(NAME, this);
    // Calcite's caching schema turns off only the lookups that exist when
    // caching is turned off; one made later (its table lookup, made on the
    // first view expansion, which resolves names against this live schema
    // rather than a statement's snapshot) would keep the first set of tables
    // it saw, and a view over a table created afterwards would fail.
    final CalciteSchema calciteSchema = CalciteSchema.from(plus);
    calciteSchema.tables();
    calciteSchema.subSchemas();
    plus.setCacheEnabled(false);
    return plus;
  }

  public Database database() {
    return database;
  }

  @Override protected synchronized Map<String, org.apache.calcite.schema.Table> getTableMap() {
    final Map<String, org.apache.calcite.schema.Table> map = new HashMap<>();
    final Map<Table, SorrelTable> live = new HashMap<>();
    for (Table table : database.catalog().tables()) {
      final SorrelTable wrapper = wrappers.computeIfAbsent(table, SorrelTable::new);
      live.put(table, wrapper);
      map.put(table.name(), wrapper);
    }
    wrappers.keySet().retainAll(live.keySet());
    return map;
  }

  @Override protected Multimap<String, Function> getFunctionMultimap() {
    final ImmutableMultimap.Builder<String, Function> builder = ImmutableMultimap.builder();
    for (ViewDef view : database.catalog().views()) {
      builder.put(view.name(), SorrelViews.macro(CalciteSchema.from(root), config, view.sql(),
          view.schemaPath(), List.of(NAME, view.name())));
    }
    builder.putAll(StatisticsAggregates.functions());
    builder.putAll(DriftAggregates.functions());
    builder.putAll(MetricAggregates.functions());
    return builder.build();
  }

  @Override public boolean isMutable() {
    return true;
  }
}
