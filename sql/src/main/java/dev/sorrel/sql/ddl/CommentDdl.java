package dev.sorrel.sql.ddl;

import java.util.List;
import java.util.Locale;

import org.apache.calcite.jdbc.CalcitePrepare;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.Catalog;
import dev.sorrel.sql.parser.SqlCommentOn;
import dev.sorrel.sql.runtime.TransactionState;
import dev.sorrel.sql.schema.OnlineSchema;
import dev.sorrel.sql.schema.SorrelSchema;
import dev.sorrel.sql.schema.SysSchema;

/**
 * Executes {@code COMMENT ON}: the target must be of the kind the statement
 * names (as in PostgreSQL, a view is not a table), and a column must exist.
 * The comment is stored in the catalog; {@code getTables} and
 * {@code getColumns} report it as REMARKS.
 */
final class CommentDdl {
  private CommentDdl() {
  }

  static void execute(Database database, TransactionState state, SqlCommentOn comment,
      CalcitePrepare.Context context) {
    final boolean onColumn = comment.target == SqlCommentOn.Target.COLUMN;
    final SqlIdentifier id = comment.name;
    if (onColumn && id.names.size() < 2) {
      throw new PositionedException(ErrorCode.SYNTAX_ERROR, id.getParserPosition(),
          "COMMENT ON COLUMN names the column as table.column");
    }
    final SqlIdentifier objectId = onColumn ? id.skipLast(1) : id;
    final String column = onColumn ? id.names.get(id.names.size() - 1) : null;
    final String object = objectName(objectId);
    final Catalog catalog = database.catalog();
    final boolean table = catalog.table(object) != null;
    final boolean view = catalog.view(object) != null;
    final boolean featureView = catalog.featureView(object) != null;
    final String kind = featureView ? "a feature view" : table ? "a table" : "a view";
    final boolean fits = switch (comment.target) {
      case TABLE -> table;
      case VIEW -> view;
      case FEATURE_VIEW -> featureView;
      case COLUMN -> table || view;
    };
    if (!table && !view) {
      throw new PositionedException(ErrorCode.OBJECT_NOT_FOUND, objectId.getParserPosition(),
          (comment.target == SqlCommentOn.Target.COLUMN ? "table or view"
              : comment.target.sql.toLowerCase(Locale.ROOT)) + " " + object
              + " does not exist");
    }
    if (!fits) {
      throw new PositionedException(ErrorCode.WRONG_OBJECT_TYPE, objectId.getParserPosition(),
          object + " is " + kind + "; comment on it with COMMENT ON "
              + (featureView ? "FEATURE VIEW" : table ? "TABLE" : "VIEW"));
    }
    if (onColumn && view) {
      checkViewColumn(context, object, column, id.getComponentParserPosition(
          id.names.size() - 1));
    }
    final String text = comment.text == null ? null
        : ((SqlLiteral) comment.text).getValueAs(String.class);
    try {
      TransactionState.ddl(state, database, "COMMENT ON", tx -> {
        catalog.setComment(tx, object, column, text);
        return null;
      });
    } catch (SorrelException e) {
      throw e instanceof PositionedException ? e
          : new PositionedException(e.code(), id.getParserPosition(), e.getMessage());
    }
  }

  /** The object's name in {@code PUBLIC}; the online and system tables take no comments. */
  private static String objectName(SqlIdentifier id) {
    if (id.names.size() == 2) {
      final String schema = id.names.get(0).toUpperCase(Locale.ROOT);
      if (schema.equals(OnlineSchema.NAME)) {
        throw new PositionedException(ErrorCode.WRONG_OBJECT_TYPE, id.getParserPosition(),
            id + " holds the latest values of feature view " + id.names.get(1)
                + "; comment on the feature view, whose comments it shows");
      }
      if (schema.equals(SysSchema.NAME)) {
        throw new PositionedException(ErrorCode.WRONG_OBJECT_TYPE, id.getParserPosition(),
            id + " is a system table; it takes no comments");
      }
    }
    return SorrelDdlExecutor.objectName(id);
  }

  /** A view's columns are its query's, which only the SQL layer knows. */
  private static void checkViewColumn(CalcitePrepare.Context context, String view,
      String column, SqlParserPos position) {
    final CalciteSchema schema = context.getRootSchema().getSubSchema(SorrelSchema.NAME, true);
    final CalciteSchema.TableEntry entry = schema == null ? null
        : schema.getTableBasedOnNullaryFunction(view, true);
    if (entry == null) {
      return; // dropped meanwhile: the catalog says so
    }
    final List<RelDataTypeField> fields =
        entry.getTable().getRowType(context.getTypeFactory()).getFieldList();
    for (RelDataTypeField field : fields) {
      if (field.getName().equals(column)) {
        return;
      }
    }
    throw new PositionedException(ErrorCode.COLUMN_NOT_FOUND, position,
        "column " + column + " does not exist in view " + view);
  }
}
