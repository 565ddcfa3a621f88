package dev.sorrel.sql;

import java.io.Reader;

import org.apache.calcite.server.DdlExecutor;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParserImplFactory;

import dev.sorrel.sql.ddl.SorrelDdlExecutor;
import dev.sorrel.sql.parser.impl.SorrelSqlParserImpl;

/**
 * Creates Sorrel's generated parser and names the executor of the DDL it
 * parses. A connection uses it through the {@code parserFactory} property
 * ({@code dev.sorrel.sql.SorrelParserFactory#INSTANCE}).
 */
public final class SorrelParserFactory implements SqlParserImplFactory {
  public static final SorrelParserFactory INSTANCE = new SorrelParserFactory();

  private SorrelParserFactory() {
  }

  @Override public SqlAbstractParserImpl getParser(Reader reader) {
    return SorrelSqlParserImpl.FACTORY.getParser(reader);
  }

  @Override public DdlExecutor getDdlExecutor() {
    return SorrelDdlExecutor.INSTANCE;
  }
}
