package org.apache.calcite.jdbc;

import org.apache.calcite.avatica.AvaticaConnection;

/**
 * Lets Sorrel's connection metadata extend Calcite's: the constructor of
 * {@link CalciteMetaImpl} takes Calcite's package-private connection class,
 * which only code in this package can name.
 */
public abstract class SorrelMetaBridge extends CalciteMetaImpl {
  protected SorrelMetaBridge(AvaticaConnection connection) {
    super((CalciteConnectionImpl) connection, CalciteMetaTableFactoryImpl.INSTANCE,
        CalciteMetaColumnFactoryImpl.INSTANCE);
  }
}
