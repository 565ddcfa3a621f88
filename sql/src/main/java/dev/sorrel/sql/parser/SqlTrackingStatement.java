package dev.sorrel.sql.parser;

import java.util.Arrays;
import java.util.List;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A statement of tracked training runs:
 * {@code START RUN ['name'] [IN PROJECT name] [WITH (tag = 'value', ...)]},
 * {@code END RUN ['id'] [STATUS FINISHED | FAILED | KILLED]},
 * {@code LOG PARAM 'key' = value, ... [FOR RUN 'id']},
 * {@code LOG METRIC 'key' = number, ... [STEP n] [FOR RUN 'id']},
 * {@code LOG INPUT table [CONTEXT 'training'] [FOR RUN 'id']} and
 * {@code SET TAG 'key' = value, ... [FOR RUN 'id']}. Values are literals or
 * parameters ({@code ?}).
 */
public final class SqlTrackingStatement extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("TRACKING", SqlKind.OTHER);

  /** Which statement it is. */
  public enum Kind {
    START_RUN("START RUN"),
    END_RUN("END RUN"),
    LOG_PARAM("LOG PARAM"),
    LOG_METRIC("LOG METRIC"),
    LOG_INPUT("LOG INPUT"),
    SET_TAG("SET TAG");

    private final String sql;

    Kind(String sql) {
      this.sql = sql;
    }

    public String sql() {
      return sql;
    }
  }

  public final Kind kind;
  /** {@code key, value, key, value, ...} of LOG PARAM, LOG METRIC and SET TAG; else null. */
  public final SqlNodeList pairs;
  /** The run named by {@code FOR RUN} or {@code END RUN}, or the name of {@code START RUN}; or null. */
  public final SqlNode run;
  /** The project of {@code START RUN} (an identifier or a string), or null. */
  public final SqlNode project;
  /** The tags of {@code START RUN ... WITH}, as name/value pairs, or null. */
  public final SqlNodeList options;
  /** The step of {@code LOG METRIC}, or null. */
  public final SqlNode step;
  /** The table of {@code LOG INPUT}, or null. */
  public final SqlIdentifier input;
  /** The context of {@code LOG INPUT}, or null. */
  public final SqlNode context;
  /** The status of {@code END RUN}, or null. */
  public final SqlIdentifier status;

  public SqlTrackingStatement(SqlParserPos pos, Kind kind, SqlNodeList pairs, SqlNode run,
      SqlNode project, SqlNodeList options, SqlNode step, SqlIdentifier input,
      SqlNode context, SqlIdentifier status) {
    super(pos);
    this.kind = kind;
    this.pairs = pairs;
    this.run = run;
    this.project = project;
    this.options = options;
    this.step = step;
    this.input = input;
    this.context = context;
    this.status = status;
  }

  @Override public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override public List<SqlNode> getOperandList() {
    return Arrays.asList(pairs, run, project, options, step, input, context, status);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(kind.sql());
    if (input != null) {
      input.unparse(writer, 0, 0);
    }
    if (pairs != null) {
      for (int i = 0; i < pairs.size(); i += 2) {
        if (i > 0) {
          writer.sep(",");
        }
        pairs.get(i).unparse(writer, 0, 0);
        writer.keyword("=");
        pairs.get(i + 1).unparse(writer, 0, 0);
      }
    }
    if (run != null && (kind == Kind.START_RUN || kind == Kind.END_RUN)) {
      run.unparse(writer, 0, 0);
    }
    if (project != null) {
      writer.keyword("IN PROJECT");
      project.unparse(writer, 0, 0);
    }
    if (step != null) {
      writer.keyword("STEP");
      step.unparse(writer, 0, 0);
    }
    if (context != null) {
      writer.keyword("CONTEXT");
      context.unparse(writer, 0, 0);
    }
    if (run != null && kind != Kind.START_RUN && kind != Kind.END_RUN) {
      writer.keyword("FOR RUN");
      run.unparse(writer, 0, 0);
    }
    if (status != null) {
      writer.keyword("STATUS");
      status.unparse(writer, 0, 0);
    }
  }
}
