package dev.sorrel.sql.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IdentityDef;
import dev.sorrel.engine.catalog.EntityDef;
import dev.sorrel.engine.catalog.FeatureViewDef;
import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.engine.catalog.ViewDef;
import dev.sorrel.engine.experiment.ExperimentDef;
import dev.sorrel.engine.feature.FeatureView;
import dev.sorrel.engine.feature.FeatureViewStats;
import dev.sorrel.engine.feature.segment.HistorySegment;
import dev.sorrel.engine.feature.segment.HistorySegments;
import dev.sorrel.engine.model.ModelDef;
import dev.sorrel.engine.model.ModelSession;
import dev.sorrel.engine.model.ModelVersion;
import dev.sorrel.engine.model.PredictionCache;
import dev.sorrel.engine.monitor.MonitorColumn;
import dev.sorrel.engine.monitor.MonitorDef;
import dev.sorrel.engine.monitor.MonitorMethod;

/**
 * The {@code SYS} schema: read-only tables describing the catalog, so
 * definitions can be queried like data ({@code SELECT * FROM sys.tables}).
 */
public final class SysSchema extends AbstractSchema {
  public static final String NAME = "SYS";

  private final Database database;

  public SysSchema(Database database) {
    this.database = database;
  }

  @Override protected Map<String, Table> getTableMap() {
    final Map<String, Table> map = new java.util.HashMap<>(Map.of(
        "TABLES", new SystemTable(this::tableRows,
            "SCHEMA_NAME", SqlTypeName.VARCHAR, "TABLE_NAME", SqlTypeName.VARCHAR,
            "TABLE_TYPE", SqlTypeName.VARCHAR, "PRIMARY_KEY", SqlTypeName.VARCHAR,
            "COLUMN_COUNT", SqlTypeName.INTEGER, "CREATED", SqlTypeName.TIMESTAMP,
            "COMMENT", SqlTypeName.VARCHAR),
        "COLUMNS", new SystemTable(this::columnRows,
            "TABLE_NAME", SqlTypeName.VARCHAR, "COLUMN_NAME", SqlTypeName.VARCHAR,
            "ORDINAL_POSITION", SqlTypeName.INTEGER, "DATA_TYPE", SqlTypeName.VARCHAR,
            "IS_NULLABLE", SqlTypeName.BOOLEAN, "COLUMN_DEFAULT", SqlTypeName.VARCHAR,
            "KEY_POSITION", SqlTypeName.INTEGER, "IS_IDENTITY", SqlTypeName.BOOLEAN,
            "IDENTITY_GENERATION", SqlTypeName.VARCHAR, "IDENTITY_START", SqlTypeName.BIGINT,
            "IDENTITY_INCREMENT", SqlTypeName.BIGINT, "COMMENT", SqlTypeName.VARCHAR),
        "VIEWS", new SystemTable(this::viewRows,
            "VIEW_NAME", SqlTypeName.VARCHAR, "DEFINITION", SqlTypeName.VARCHAR,
            "CREATED", SqlTypeName.TIMESTAMP),
        "MODELS", new SystemTable(this::modelRows,
            "MODEL_NAME", SqlTypeName.VARCHAR, "LATEST_VERSION", SqlTypeName.INTEGER,
            "VERSION_COUNT", SqlTypeName.INTEGER, "ALIASES", SqlTypeName.VARCHAR,
            "COMMENT", SqlTypeName.VARCHAR, "OPTIONS", SqlTypeName.VARCHAR,
            "TAGS", SqlTypeName.VARCHAR, "CREATED", SqlTypeName.TIMESTAMP),
        "MODEL_VERSIONS", new SystemTable(this::modelVersionRows,
            "MODEL_NAME", SqlTypeName.VARCHAR, "VERSION", SqlTypeName.INTEGER,
            "ALIASES", SqlTypeName.VARCHAR, "SHA256", SqlTypeName.VARCHAR,
            "SIZE_BYTES", SqlTypeName.BIGINT, "INPUTS", SqlTypeName.VARCHAR,
            "OUTPUTS", SqlTypeName.VARCHAR, "SOURCE", SqlTypeName.VARCHAR,
            "COMMENT", SqlTypeName.VARCHAR, "CREATED", SqlTypeName.TIMESTAMP,
            "LOADED", SqlTypeName.BOOLEAN, "CACHE_SIZE", SqlTypeName.INTEGER,
            "CACHE_ENTRIES", SqlTypeName.INTEGER, "CACHE_HITS", SqlTypeName.BIGINT,
            "CACHE_MISSES", SqlTypeName.BIGINT, "SCORING_CALLS", SqlTypeName.BIGINT,
            "ROWS_SCORED", SqlTypeName.BIGINT, "RUN_ID", SqlTypeName.VARCHAR),
        "MODEL_ALIAS_HISTORY", new SystemTable(this::aliasHistoryRows,
            "MODEL_NAME", SqlTypeName.VARCHAR, "ALIAS", SqlTypeName.VARCHAR,
            "FROM_VERSION", SqlTypeName.INTEGER, "TO_VERSION", SqlTypeName.INTEGER,
            "CHANGED", SqlTypeName.TIMESTAMP)));
    map.put("EXPERIMENTS", new SystemTable(this::experimentRows,
        "EXPERIMENT_NAME", SqlTypeName.VARCHAR, "STATUS", SqlTypeName.VARCHAR,
        "HASH", SqlTypeName.VARCHAR, "SALT", SqlTypeName.VARCHAR,
        "VARIANT_COUNT", SqlTypeName.INTEGER, "VARIANTS", SqlTypeName.VARCHAR,
        "WINNER", SqlTypeName.VARCHAR, "COMMENT", SqlTypeName.VARCHAR,
        "TAGS", SqlTypeName.VARCHAR, "STARTED", SqlTypeName.TIMESTAMP,
        "STOPPED", SqlTypeName.TIMESTAMP, "CREATED", SqlTypeName.TIMESTAMP,
        "UPDATED", SqlTypeName.TIMESTAMP));
    map.put("EXPERIMENT_VARIANTS", new SystemTable(this::experimentVariantRows,
        "EXPERIMENT_NAME", SqlTypeName.VARCHAR, "ORDINAL_POSITION", SqlTypeName.INTEGER,
        "VARIANT_NAME", SqlTypeName.VARCHAR, "IS_CONTROL", SqlTypeName.BOOLEAN,
        "MODEL", SqlTypeName.VARCHAR, "MODEL_VERSION", SqlTypeName.INTEGER,
        "WEIGHT", SqlTypeName.DOUBLE, "SHARE", SqlTypeName.DOUBLE));
    map.put("ENTITIES", new SystemTable(this::entityRows,
        "ENTITY_NAME", SqlTypeName.VARCHAR, "KEY_COLUMNS", SqlTypeName.VARCHAR,
        "COMMENT", SqlTypeName.VARCHAR, "CREATED", SqlTypeName.TIMESTAMP));
    map.put("FEATURE_VIEWS", new SystemTable(this::featureViewRows,
        "VIEW_NAME", SqlTypeName.VARCHAR, "ENTITY_NAME", SqlTypeName.VARCHAR,
        "KEY_COLUMNS", SqlTypeName.VARCHAR, "FEATURES", SqlTypeName.VARCHAR,
        "TTL_SECONDS", SqlTypeName.BIGINT, "COMMENT", SqlTypeName.VARCHAR,
        "OWNER", SqlTypeName.VARCHAR, "TAGS", SqlTypeName.VARCHAR,
        "ROW_COUNT", SqlTypeName.BIGINT, "ENTITY_COUNT", SqlTypeName.BIGINT,
        "NEWEST_EVENT", SqlTypeName.TIMESTAMP, "QUERY", SqlTypeName.VARCHAR,
        "SOURCES", SqlTypeName.VARCHAR, "LAST_REFRESH", SqlTypeName.TIMESTAMP,
        "WATERMARK", SqlTypeName.TIMESTAMP, "CREATED", SqlTypeName.TIMESTAMP,
        "UPDATED", SqlTypeName.TIMESTAMP, "DATA_VERSION", SqlTypeName.BIGINT,
        "SEGMENT_VERSION", SqlTypeName.BIGINT, "SEGMENT_BYTES", SqlTypeName.BIGINT));
    map.put("INDEXES", new SystemTable(this::indexRows,
        "TABLE_NAME", SqlTypeName.VARCHAR, "INDEX_NAME", SqlTypeName.VARCHAR,
        "COLUMN_NAMES", SqlTypeName.VARCHAR, "IS_UNIQUE", SqlTypeName.BOOLEAN,
        "IS_PRIMARY_KEY", SqlTypeName.BOOLEAN, "CREATED", SqlTypeName.TIMESTAMP));
    map.put("FEATURES", new SystemTable(this::featureRows,
        "VIEW_NAME", SqlTypeName.VARCHAR, "FEATURE_NAME", SqlTypeName.VARCHAR,
        "ORDINAL_POSITION", SqlTypeName.INTEGER, "DATA_TYPE", SqlTypeName.VARCHAR,
        "ENTITY_NAME", SqlTypeName.VARCHAR, "TTL_SECONDS", SqlTypeName.BIGINT,
        "COMMENT", SqlTypeName.VARCHAR));
    map.put("MONITORS", new SystemTable(this::monitorRows,
        "MONITOR_NAME", SqlTypeName.VARCHAR, "KIND", SqlTypeName.VARCHAR,
        "TABLE_NAME", SqlTypeName.VARCHAR, "COLUMN_COUNT", SqlTypeName.INTEGER,
        "COLUMNS", SqlTypeName.VARCHAR, "CORRECTION", SqlTypeName.VARCHAR,
        "REFERENCE_QUERY", SqlTypeName.VARCHAR, "REFERENCE_ROWS", SqlTypeName.BIGINT,
        "BASELINE_BYTES", SqlTypeName.BIGINT, "COMMENT", SqlTypeName.VARCHAR,
        "CREATED", SqlTypeName.TIMESTAMP, "REFRESHED", SqlTypeName.TIMESTAMP));
    map.put("MONITOR_COLUMNS", new SystemTable(this::monitorColumnRows,
        "MONITOR_NAME", SqlTypeName.VARCHAR, "ORDINAL_POSITION", SqlTypeName.INTEGER,
        "COLUMN_NAME", SqlTypeName.VARCHAR, "EXPRESSION", SqlTypeName.VARCHAR,
        "DATA_TYPE", SqlTypeName.VARCHAR, "REQUESTED_METHOD", SqlTypeName.VARCHAR,
        "METHOD", SqlTypeName.VARCHAR, "THRESHOLD", SqlTypeName.DOUBLE,
        "APPLIED_THRESHOLD", SqlTypeName.DOUBLE, "BINS", SqlTypeName.INTEGER,
        "BINNING", SqlTypeName.VARCHAR, "BASELINE", SqlTypeName.VARCHAR,
        "N_REFERENCE", SqlTypeName.BIGINT, "NULLS_REFERENCE", SqlTypeName.BIGINT,
        "BASELINE_BYTES", SqlTypeName.BIGINT, "BASELINE_VALUE", SqlTypeName.DOUBLE));
    for (Map.Entry<String, dev.sorrel.engine.table.Table> table
        : database.monitors().tables().entrySet()) {
      map.put(table.getKey(), new SorrelTable(table.getValue()));
    }
    return map;
  }

  private List<Object[]> monitorRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (MonitorDef m : database.monitors().monitors()) {
      final List<String> columns = new ArrayList<>();
      for (int i = 0; i < m.columns().size(); i++) {
        final MonitorColumn c = m.columns().get(i);
        columns.add(c.name() + " " + c.methodName() + " " + m.appliedThreshold(i));
      }
      rows.add(new Object[] {m.name(), m.kind().name().toLowerCase(java.util.Locale.ROOT),
          m.table(), m.columns().size(), String.join(", ", columns), m.correction().sqlName(),
          m.referenceQuery(), m.referenceRows(), m.baselineBytes(), m.comment(),
          m.createdMillis(), m.refreshedMillis()});
    }
    return rows;
  }

  private List<Object[]> monitorColumnRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (MonitorDef m : database.monitors().monitors()) {
      for (int i = 0; i < m.columns().size(); i++) {
        final MonitorColumn c = m.columns().get(i);
        final boolean binned = !c.categorical() && (c.method() == MonitorMethod.PSI
            || c.method() == MonitorMethod.JS);
        final String baseline = c.hasMetric() ? "metric value"
            : c.categorical() ? "category counts"
            : binned ? "bin edges and counts" : "sorted values";
        // A metric's baseline is one value its reference query computed, from rows unknown here.
        rows.add(new Object[] {m.name(), i + 1, c.name(), c.expression(), c.dataType(),
            c.requestedMethod(), c.methodName(), c.threshold(), m.appliedThreshold(i),
            binned ? c.bins() : null, binned ? c.binning() : null, baseline,
            c.hasMetric() ? null : c.referenceCount(), c.hasMetric() ? null : c.referenceNulls(),
            c.baselineBytes(), c.baselineValue()});
      }
    }
    return rows;
  }

  private List<Object[]> experimentRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (ExperimentDef e : database.experiments().experiments()) {
      final List<String> variants = new ArrayList<>();
      for (ExperimentDef.Variant v : e.variants()) {
        variants.add(v.name() + (v.model() == null ? "" : " '" + v.model() + "'") + " "
            + v.weight().toPlainString());
      }
      rows.add(new Object[] {e.name(), e.status().name().toLowerCase(java.util.Locale.ROOT),
          e.hash(), e.salt(), e.variants().size(), String.join(", ", variants), e.winner(),
          e.comment(), e.tags().isEmpty() ? null : new TreeMap<>(e.tags()).toString(),
          e.startedMillis(), e.stoppedMillis(), e.createdMillis(), e.updatedMillis()});
    }
    return rows;
  }

  private List<Object[]> experimentVariantRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (ExperimentDef e : database.experiments().experiments()) {
      final java.math.BigDecimal total = e.weights().stream()
          .reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add);
      for (int i = 0; i < e.variants().size(); i++) {
        final ExperimentDef.Variant v = e.variants().get(i);
        rows.add(new Object[] {e.name(), i + 1, v.name(), i == 0, v.model(),
            modelVersion(v.model()), v.weight().doubleValue(),
            v.weight().divide(total, java.math.MathContext.DECIMAL64).doubleValue()});
      }
    }
    return rows;
  }

  /** The version a variant's model reference names now, or null if it names none. */
  private Integer modelVersion(String reference) {
    if (reference == null) {
      return null;
    }
    try {
      return database.models().resolve(reference).version().version();
    } catch (dev.sorrel.engine.SorrelException e) {
      return null; // dropped since, or its alias moved away: shown as unresolved
    }
  }

  private List<Object[]> entityRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (EntityDef entity : database.catalog().entities()) {
      rows.add(new Object[] {entity.name(), columnList(entity.keyColumns()), entity.comment(),
          entity.createdMillis()});
    }
    return rows;
  }

  private static String columnList(List<ColumnDef> columns) {
    final List<String> parts = new ArrayList<>();
    for (ColumnDef column : columns) {
      parts.add(column.name() + " " + column.sqlTypeName());
    }
    return String.join(", ", parts);
  }

  private static Long seconds(Long millis) {
    return millis == null ? null : millis / 1000;
  }

  private List<Object[]> featureViewRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (FeatureView view : database.catalog().featureViews()) {
      final FeatureViewDef def = view.def();
      final FeatureViewStats stats = view.stats();
      final List<ColumnDef> keys = def.online().columns().subList(0, view.keyCount());
      final HistorySegment segment = database.segments().current(view);
      rows.add(new Object[] {def.name(), def.entity(), columnList(keys),
          columnList(def.features()), seconds(def.ttlMillis()), def.comment(), def.owner(),
          def.tags().isEmpty() ? null : new TreeMap<>(def.tags()).toString(),
          stats.rowCount(), stats.entityCount(), stats.newestEventMillis(), def.query(),
          def.sources().isEmpty() ? null : String.join(", ", def.sources()),
          def.lastRefreshMillis(), def.watermark(), def.createdMillis(),
          def.updatedMillis(), stats.version(), segment == null ? null : segment.version(),
          segment == null ? null : segment.bytes()});
    }
    return rows;
  }

  private List<Object[]> featureRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (FeatureView view : database.catalog().featureViews()) {
      final FeatureViewDef def = view.def();
      int ordinal = 1;
      for (ColumnDef feature : def.features()) {
        rows.add(new Object[] {def.name(), feature.name(), ordinal++, feature.sqlTypeName(),
            def.entity(), seconds(def.ttlMillis()),
            database.catalog().comment(def.name(), feature.name())});
      }
    }
    return rows;
  }

  private List<Object[]> tableRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (dev.sorrel.engine.table.Table table : database.catalog().tables()) {
      final List<String> key = new ArrayList<>();
      for (int k : table.keyColumns()) {
        key.add(table.columns().get(k).name());
      }
      rows.add(new Object[] {SorrelSchema.NAME, table.name(),
          table.database().catalog().featureViewOf(table) != null ? "FEATURE VIEW" : "TABLE",
          key.isEmpty() ? null : String.join(", ", key), table.columns().size(),
          table.def().createdMillis(), database.catalog().comment(table.name())});
    }
    for (ViewDef view : database.catalog().views()) {
      rows.add(new Object[] {SorrelSchema.NAME, view.name(), "VIEW", null, null,
          view.createdMillis(), database.catalog().comment(view.name())});
    }
    return rows;
  }

  /**
   * The primary key (named {@code PK_<table>}, as {@code getPrimaryKeys} names
   * it) and every secondary index of each table.
   */
  private List<Object[]> indexRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (dev.sorrel.engine.table.Table table : database.catalog().tables()) {
      final List<String> key = new ArrayList<>();
      for (int k : table.keyColumns()) {
        key.add(table.columns().get(k).name());
      }
      if (!key.isEmpty()) {
        rows.add(new Object[] {table.name(), "PK_" + table.name(), String.join(", ", key), true,
            true, table.def().createdMillis()});
      }
      for (IndexDef index : table.indexes()) {
        rows.add(new Object[] {table.name(), index.name(),
            String.join(", ", index.describeColumns(table.columns())), index.unique(), false,
            index.createdMillis()});
      }
    }
    return rows;
  }

  private List<Object[]> columnRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (dev.sorrel.engine.table.Table table : database.catalog().tables()) {
      final int[] key = table.keyColumns();
      for (int i = 0; i < table.columns().size(); i++) {
        final ColumnDef column = table.columns().get(i);
        final int position = indexOf(key, i);
        final IdentityDef identity = column.identity();
        rows.add(new Object[] {table.name(), column.name(), i + 1, column.sqlTypeName(),
            column.nullable(), column.defaultSql(), position < 0 ? null : position + 1,
            identity != null, identity == null ? null
                : identity.always() ? "ALWAYS" : "BY DEFAULT",
            identity == null ? null : identity.start(),
            identity == null ? null : identity.increment(),
            database.catalog().comment(table.name(), column.name())});
      }
    }
    return rows;
  }

  private static int indexOf(int[] values, int value) {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private List<Object[]> modelRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (ModelDef model : database.models().models()) {
      rows.add(new Object[] {model.name(), model.latest().version(), model.versions().size(),
          model.aliases().isEmpty() ? null : new TreeMap<>(model.aliases()).toString(),
          model.comment(),
          model.options().isEmpty() ? null : new TreeMap<>(model.options()).toString(),
          model.tags().isEmpty() ? null : new TreeMap<>(model.tags()).toString(),
          model.createdMillis()});
    }
    return rows;
  }

  private List<Object[]> modelVersionRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (ModelDef model : database.models().models()) {
      for (ModelVersion v : model.versions()) {
        final List<String> aliases = new ArrayList<>();
        model.aliases().forEach((alias, version) -> {
          if (version == v.version()) {
            aliases.add(alias);
          }
        });
        final ModelSession session = database.models().loadedSession(model.name(), v.version());
        final PredictionCache cache = session == null ? null : session.cache();
        rows.add(new Object[] {model.name(), v.version(),
            aliases.isEmpty() ? null : String.join(", ", aliases), v.sha256(), v.sizeBytes(),
            v.inputs().toString(), v.outputs().toString(), v.source(), v.comment(),
            v.createdMillis(), session != null,
            cache == null ? null : cache.capacity(), cache == null ? null : cache.size(),
            cache == null ? null : cache.hits(), cache == null ? null : cache.misses(),
            session == null ? null : session.runs(),
            session == null ? null : session.rowsScored(), v.runId()});
      }
    }
    return rows;
  }

  private List<Object[]> aliasHistoryRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (ModelDef model : database.models().models()) {
      for (ModelDef.AliasMove move : model.aliasHistory()) {
        rows.add(new Object[] {model.name(), move.alias(), move.fromVersion(), move.toVersion(),
            move.atMillis()});
      }
    }
    return rows;
  }

  private List<Object[]> viewRows() {
    final List<Object[]> rows = new ArrayList<>();
    for (ViewDef view : database.catalog().views()) {
      rows.add(new Object[] {view.name(), view.sql(), view.createdMillis()});
    }
    return rows;
  }

  /** A table whose rows are computed from the catalog on each scan. */
  private static final class SystemTable extends AbstractTable implements ScannableTable {
    private final java.util.function.Supplier<List<Object[]>> rows;
    private final Object[] columns;

    SystemTable(java.util.function.Supplier<List<Object[]>> rows, Object... columns) {
      this.rows = rows;
      this.columns = columns;
    }

    @Override public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      final RelDataTypeFactory.Builder builder = typeFactory.builder();
      for (int i = 0; i < columns.length; i += 2) {
        final SqlTypeName type = (SqlTypeName) columns[i + 1];
        builder.add((String) columns[i], type == SqlTypeName.TIMESTAMP
            ? typeFactory.createSqlType(type, 3) : typeFactory.createSqlType(type))
            .nullable(true);
      }
      return builder.build();
    }

    @Override public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(rows.get());
    }
  }

}
