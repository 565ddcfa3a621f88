package dev.sorrel.engine.tracking;

import java.util.ArrayList;
import java.util.List;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.engine.catalog.TableDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;

/**
 * The definitions of the {@code TRACKING} tables, fixed in code: their ids are
 * negative (never drawn from the catalog's counter) and their layout is the
 * same in every database, so they need no catalog entries. Each secondary
 * index serves one kind of search: a param, tag or latest metric by key and
 * value, runs of a project newest first, runs that used an input.
 */
final class TrackingTables {
  static final int RUNS_ID = -1;
  static final int PARAMS_ID = -2;
  static final int METRICS_ID = -3;
  static final int LATEST_METRICS_ID = -4;
  static final int TAGS_ID = -5;
  static final int INPUTS_ID = -6;

  // Column ordinals, used by Tracking to build rows.
  static final int RUN_ID = 0;
  static final int RUN_PROJECT = 1;
  static final int RUN_NAME = 2;
  static final int RUN_STATUS = 3;
  static final int RUN_START = 4;
  static final int RUN_END = 5;

  static final int LATEST_VALUE = 2;
  static final int LATEST_STEP = 3;
  static final int LATEST_AT = 4;
  static final int LATEST_MIN = 5;
  static final int LATEST_MAX = 6;
  static final int LATEST_COUNT = 7;

  private TrackingTables() {
  }

  private static ColumnDef column(String name, ValueType type, boolean nullable) {
    return new ColumnDef(name, type, -1, 0, nullable, null);
  }

  private static ColumnDef text(String name) {
    return column(name, ValueType.VARCHAR, false);
  }

  private static TableDef table(int id, String name, List<Integer> key, ColumnDef... columns) {
    return new TableDef(id, name, List.of(columns), key, 0);
  }

  private static IndexDef index(int id, String name, int tableId, List<Integer> columns,
      List<Boolean> descending) {
    return new IndexDef(id, name, tableId, columns, descending, false, 0);
  }

  /** Builds the tables of a database, with their indexes. */
  static List<Table> create(Database database) {
    final List<Table> tables = new ArrayList<>();
    tables.add(bind(database, table(RUNS_ID, "RUNS", List.of(0),
        text("RUN_ID"), text("PROJECT"), column("RUN_NAME", ValueType.VARCHAR, true),
        text("STATUS"), column("START_TIME", ValueType.TIMESTAMP, false),
        column("END_TIME", ValueType.TIMESTAMP, true)),
        index(-101, "RUNS_PROJECT", RUNS_ID, List.of(1, 4), List.of(false, true)),
        index(-102, "RUNS_NAME", RUNS_ID, List.of(2), List.of(false))));
    tables.add(bind(database, table(PARAMS_ID, "PARAMS", List.of(0, 1),
        text("RUN_ID"), text("PARAM_KEY"), text("PARAM_VALUE")),
        index(-103, "PARAMS_KEY_VALUE", PARAMS_ID, List.of(1, 2), List.of(false, false))));
    tables.add(bind(database, table(METRICS_ID, "METRICS", List.of(0, 1, 3, 4, 2),
        text("RUN_ID"), text("METRIC_KEY"), column("METRIC_VALUE", ValueType.DOUBLE, false),
        column("STEP", ValueType.BIGINT, false), column("LOGGED_AT", ValueType.TIMESTAMP, false))));
    tables.add(bind(database, table(LATEST_METRICS_ID, "LATEST_METRICS", List.of(0, 1),
        text("RUN_ID"), text("METRIC_KEY"), column("METRIC_VALUE", ValueType.DOUBLE, false),
        column("STEP", ValueType.BIGINT, false), column("LOGGED_AT", ValueType.TIMESTAMP, false),
        column("MIN_VALUE", ValueType.DOUBLE, true), column("MAX_VALUE", ValueType.DOUBLE, true),
        column("VALUE_COUNT", ValueType.BIGINT, false)),
        index(-104, "LATEST_METRICS_KEY_VALUE", LATEST_METRICS_ID, List.of(1, 2),
            List.of(false, false)),
        index(-105, "LATEST_METRICS_KEY_MIN", LATEST_METRICS_ID, List.of(1, 5),
            List.of(false, false)),
        index(-106, "LATEST_METRICS_KEY_MAX", LATEST_METRICS_ID, List.of(1, 6),
            List.of(false, false))));
    tables.add(bind(database, table(TAGS_ID, "TAGS", List.of(0, 1),
        text("RUN_ID"), text("TAG_KEY"), text("TAG_VALUE")),
        index(-107, "TAGS_KEY_VALUE", TAGS_ID, List.of(1, 2), List.of(false, false))));
    tables.add(bind(database, table(INPUTS_ID, "INPUTS", List.of(0, 1),
        text("RUN_ID"), text("INPUT_NAME"), text("INPUT_TYPE"),
        column("CONTEXT", ValueType.VARCHAR, true), column("ROW_COUNT", ValueType.BIGINT, true),
        column("DATA_VERSION", ValueType.BIGINT, true),
        column("LOGGED_AT", ValueType.TIMESTAMP, false)),
        index(-108, "INPUTS_NAME", INPUTS_ID, List.of(1), List.of(false))));
    return tables;
  }

  private static Table bind(Database database, TableDef def, IndexDef... indexes) {
    final Table table = new Table(database, def, 1);
    table.useIndexes(List.of(indexes));
    return table;
  }
}
