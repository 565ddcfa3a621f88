package dev.sorrel.engine.monitor;

import java.util.List;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.TableDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;

/**
 * The tables checks write, fixed in code like the tracking tables: negative ids, the same
 * layout in every database, no catalog entries. Both are keyed by monitor name first, so a
 * monitor's rows are one key range (read by monitor, deleted with it). Columns are only ever
 * appended ({@code BASELINE_VALUE} came with performance monitors): rows written before read
 * NULL there.
 */
final class MonitorTables {
  static final int RESULTS_ID = -201;
  static final int ALERTS_ID = -202;

  static final String RESULTS = "MONITOR_RESULTS";
  static final String ALERTS = "ALERTS";

  // ALERTS column ordinals.
  static final int ALERT_ACKNOWLEDGED_AT = 9;

  private MonitorTables() {
  }

  private static ColumnDef column(String name, ValueType type, boolean nullable) {
    return new ColumnDef(name, type, -1, 0, nullable, null);
  }

  static Table results(Database database) {
    return new Table(database, new TableDef(RESULTS_ID, RESULTS, List.of(
        column("MONITOR_NAME", ValueType.VARCHAR, false),
        column("CHECK_ID", ValueType.BIGINT, false),
        column("COLUMN_POSITION", ValueType.INTEGER, false),
        column("COLUMN_NAME", ValueType.VARCHAR, false),
        column("METHOD", ValueType.VARCHAR, false),
        column("SCORE", ValueType.DOUBLE, true),
        column("P_VALUE", ValueType.DOUBLE, true),
        column("THRESHOLD", ValueType.DOUBLE, false),
        column("DRIFTED", ValueType.BOOLEAN, false),
        column("N_REFERENCE", ValueType.BIGINT, true),
        column("N_CURRENT", ValueType.BIGINT, false),
        column("NULLS_CURRENT", ValueType.BIGINT, false),
        column("CHECKED_AT", ValueType.TIMESTAMP, false),
        column("WINDOW_FILTER", ValueType.VARCHAR, true),
        column("BASELINE_VALUE", ValueType.DOUBLE, true)), List.of(0, 1, 2), 0), 1);
  }

  static Table alerts(Database database) {
    return new Table(database, new TableDef(ALERTS_ID, ALERTS, List.of(
        column("MONITOR_NAME", ValueType.VARCHAR, false),
        column("ALERT_ID", ValueType.BIGINT, false),
        column("CHECK_ID", ValueType.BIGINT, false),
        column("COLUMN_NAME", ValueType.VARCHAR, false),
        column("METHOD", ValueType.VARCHAR, false),
        column("SCORE", ValueType.DOUBLE, true),
        column("P_VALUE", ValueType.DOUBLE, true),
        column("THRESHOLD", ValueType.DOUBLE, false),
        column("CHECKED_AT", ValueType.TIMESTAMP, false),
        column("ACKNOWLEDGED_AT", ValueType.TIMESTAMP, true),
        column("BASELINE_VALUE", ValueType.DOUBLE, true)), List.of(0, 1), 0), 1);
  }
}
