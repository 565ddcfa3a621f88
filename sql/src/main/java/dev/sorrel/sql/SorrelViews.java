package dev.sorrel.sql;

import java.lang.reflect.Type;
import java.util.List;

import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeImpl;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.ViewTable;
import org.apache.calcite.schema.impl.ViewTableMacro;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Views as Sorrel analyses them: with Sorrel's grammar, its functions
 * (PREDICT, ASSIGN_VARIANT, the statistics and drift aggregates, the results
 * table function) and its validator, so that a view can hold any query a
 * statement can.
 *
 * <p>Calcite's own view macro ({@link ViewTable#viewMacro}) analyses a view
 * through a fixed internal connection, with Calcite's default parser and
 * operators: it could not see Sorrel's functions or grammar. Expansion at a
 * view's use goes through {@link SorrelPrepare}, which parses with Sorrel's
 * grammar and validates with {@link SorrelValidator} too.
 */
public final class SorrelViews {
  private SorrelViews() {
  }

  /**
   * The macro of one view: applied, it analyses the view's query and returns
   * a table of its row type that expands the query where it is used.
   *
   * @param root the root schema the view's names resolve from
   * @param config the settings of the connection that creates or uses the view
   * @param sql the view's query
   * @param schemaPath the schema its unqualified names resolve in
   * @param viewPath the view's own qualified name
   */
  public static ViewTableMacro macro(CalciteSchema root, SorrelConnectionConfig config,
      String sql, List<String> schemaPath, List<String> viewPath) {
    return new Macro(root, config, sql, schemaPath, viewPath);
  }

  /** A view macro analysing its query as a Sorrel statement. */
  private static final class Macro extends ViewTableMacro {
    private final SorrelConnectionConfig config;

    Macro(CalciteSchema root, SorrelConnectionConfig config, String sql,
        List<String> schemaPath, List<String> viewPath) {
      super(root, sql, schemaPath, viewPath, false);
      this.config = config;
    }

    @Override public TranslatableTable apply(List<? extends @Nullable Object> arguments) {
      final JavaTypeFactory typeFactory = new JavaTypeFactoryImpl(
          config.typeSystem(RelDataTypeSystem.class, RelDataTypeSystem.DEFAULT));
      final List<String> path = schemaPath != null ? schemaPath : schema.path(null);
      final CalciteCatalogReader reader =
          new CalciteCatalogReader(schema.root(), path, typeFactory, config);
      final SqlNode query;
      try {
        query = SqlParser.create(viewSql, SorrelPrepare.parserConfig(config)).parseQuery();
      } catch (SqlParseException e) {
        throw SorrelPrepare.syntaxError(e);
      }
      final SorrelValidator validator = SorrelValidator.create(config, reader, typeFactory,
          c -> c.withEmbeddedQuery(true));
      final SqlNode validated = validator.validate(query);
      final RelDataType rowType = validator.getValidatedNodeType(validated);
      final Type elementType = typeFactory.getJavaClass(rowType);
      return new ViewTable(elementType, RelDataTypeImpl.proto(rowType), viewSql, path,
          viewPath);
    }
  }
}
