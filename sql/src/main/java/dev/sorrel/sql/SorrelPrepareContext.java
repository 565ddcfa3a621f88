package dev.sorrel.sql;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.tools.RelRunner;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A connection's preparation context with Sorrel's configuration in place of
 * the one Calcite reads from the connection's properties on every call, and
 * the cancel flag of the statement being prepared.
 */
final class SorrelPrepareContext implements CalcitePrepare.Context {
  private final CalcitePrepare.Context connection;
  private final SorrelConnectionConfig config;
  private final @Nullable AtomicBoolean cancelFlag;

  /**
   * @param cancelFlag the flag of the statement being prepared, which the
   *     planner polls; null if nothing can cancel the preparation
   */
  SorrelPrepareContext(CalcitePrepare.Context connection, SorrelConnectionConfig config,
      @Nullable AtomicBoolean cancelFlag) {
    this.connection = connection;
    this.config = config;
    this.cancelFlag = cancelFlag;
  }

  /** The flag that cancels this preparation, or null. */
  @Nullable AtomicBoolean cancelFlag() {
    return cancelFlag;
  }

  @Override public CalciteConnectionConfig config() {
    return config;
  }

  @Override public JavaTypeFactory getTypeFactory() {
    return connection.getTypeFactory();
  }

  @Override public CalciteSchema getRootSchema() {
    return connection.getRootSchema();
  }

  @Override public CalciteSchema getMutableRootSchema() {
    return connection.getMutableRootSchema();
  }

  @Override public List<String> getDefaultSchemaPath() {
    return connection.getDefaultSchemaPath();
  }

  @Override public CalcitePrepare.SparkHandler spark() {
    return connection.spark();
  }

  @Override public DataContext getDataContext() {
    return connection.getDataContext();
  }

  @Override public @Nullable List<String> getObjectPath() {
    return connection.getObjectPath();
  }

  @Override public RelRunner getRelRunner() {
    return connection.getRelRunner();
  }
}
