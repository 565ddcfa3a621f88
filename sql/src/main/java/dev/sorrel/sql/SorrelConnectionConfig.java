package dev.sorrel.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformance;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.experiment.AssignVariantFunction;
import dev.sorrel.sql.experiment.ExperimentResultsFunction;
import dev.sorrel.sql.experiment.PredictVariantFunction;
import dev.sorrel.sql.predict.PredictFunction;

/**
 * The configuration Sorrel's statement preparation reads: Calcite's, from
 * the connection's properties, with what Sorrel needs on top. Built once per
 * connection, when it opens.
 *
 * <ul>
 *   <li>Integer arithmetic fails on overflow (22003) instead of wrapping
 *       around, as the SQL standard asks; Calcite decides this by the
 *       conformance, and none of its named conformances checks arithmetic
 *       without changing other behaviour.
 *   <li>The PREDICT family of functions, bound to the database's models,
 *       ASSIGN_VARIANT, PREDICT_VARIANT and the EXPERIMENT_RESULTS table
 *       function, bound to its experiments, join the operator table
 *       ({@code fun} names only Calcite's own libraries).
 *   <li>{@code predict_batch_size}: rows per model call for models without a
 *       {@code batch_size} option (default
 *       {@link DatabaseOptions#DEFAULT_BATCH_SIZE}).
 *   <li>{@code table_segments}: whether scans read table segments (default true).
 * </ul>
 */
public final class SorrelConnectionConfig extends CalciteConnectionConfigImpl {
  /** The connection property naming the default PREDICT batch size. */
  public static final String PREDICT_BATCH_SIZE = "predict_batch_size";
  static final int DEFAULT_PREDICT_BATCH_SIZE = DatabaseOptions.DEFAULT_BATCH_SIZE;
  /** The connection property that turns reading table segments on (default) or off. */
  public static final String TABLE_SEGMENTS = "table_segments";

  private final SqlConformance conformance;
  private final SqlOperatorTable sorrelOperators;
  private final int predictBatchSize;
  private final boolean tableSegments;

  /**
   * Reads a connection's properties.
   *
   * @throws SorrelException (08001) if a Sorrel property has an invalid value
   */
  public SorrelConnectionConfig(Properties properties, Database database) {
    super(properties);
    this.conformance = new SqlDelegatingConformance(super.conformance()) {
      @Override public boolean checkedArithmetic() {
        return true;
      }
    };
    final List<SqlOperator> operators = new ArrayList<>(PredictFunction.all(database));
    operators.add(new AssignVariantFunction(database));
    operators.add(new PredictVariantFunction(database));
    operators.add(new ExperimentResultsFunction(database));
    this.sorrelOperators = SqlOperatorTables.of(operators);
    this.predictBatchSize = positive(properties, PREDICT_BATCH_SIZE, DEFAULT_PREDICT_BATCH_SIZE);
    this.tableSegments = onOff(properties, TABLE_SEGMENTS, true);
  }

  @Override public SqlConformance conformance() {
    return conformance;
  }

  /** Calcite's operator table as the {@code fun} property names it, with Sorrel's functions. */
  @Override public <T> T fun(Class<T> operatorTableClass, T defaultOperatorTable) {
    final T calcite = super.fun(operatorTableClass, defaultOperatorTable);
    return operatorTableClass.cast(
        SqlOperatorTables.chain((SqlOperatorTable) calcite, sorrelOperators));
  }

  /** Sorrel's own functions (PREDICT and its kin), without Calcite's. */
  public SqlOperatorTable sorrelOperators() {
    return sorrelOperators;
  }

  /** Rows per model call for models without a {@code batch_size} option. */
  public int predictBatchSize() {
    return predictBatchSize;
  }

  /**
   * Whether this connection's scans read table segments where they are
   * exact ({@code table_segments}, default true): false reads RocksDB
   * always, for comparing the two or ruling segments out.
   */
  public boolean tableSegments() {
    return tableSegments;
  }

  private static boolean onOff(Properties properties, String name, boolean defaultValue) {
    final String value = properties.getProperty(name);
    if (value == null) {
      return defaultValue;
    }
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
    case "true", "on" -> {
      return true;
    }
    case "false", "off" -> {
      return false;
    }
    default -> throw new SorrelException(ErrorCode.CONNECTION_FAILURE, name
        + " must be true or false, not '" + value + "'");
    }
  }

  private static int positive(Properties properties, String name, int defaultValue) {
    final String value = properties.getProperty(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      final int parsed = Integer.parseInt(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException ignored) {
      // Reported below.
    }
    throw new SorrelException(ErrorCode.CONNECTION_FAILURE,
        name + " must be a positive integer, not '" + value + "'");
  }
}
