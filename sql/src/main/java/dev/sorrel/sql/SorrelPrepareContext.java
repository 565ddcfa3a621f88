package dev.sorrel.sql;

import java.util.List;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.tools.RelRunner;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A connection's preparation context with Sorrel's configuration in place of
 * the one Calcite reads from the connection's properties on every call.
 */
final class SorrelPrepareContext implements CalcitePrepare.Context {
  private final CalcitePrepare.Context connection;
  private final SorrelConnectionConfig config;

  SorrelPrepareContext(CalcitePrepare.Context connection, SorrelConnectionConfig config) {
    this.connection = connection;
    this.config = config;
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
