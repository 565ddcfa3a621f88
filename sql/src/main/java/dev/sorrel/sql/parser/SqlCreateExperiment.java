package dev.sorrel.sql.parser;

import java.util.ArrayList;
import java.util.List;

import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE EXPERIMENT [IF NOT EXISTS] name (variant [MODEL 'ref'] WEIGHT w, ...)
 * [SALT 'text'] [HASH 'sha256' | 'fnv1a'] [COMMENT '...'] [WITH (key = 'value', ...)]}.
 */
public final class SqlCreateExperiment extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE EXPERIMENT", SqlKind.OTHER_DDL);

  /**
   * One variant as written: its name (unquoted names lower-case, quoted ones
   * as written), model reference literal or null, and weight.
   */
  public record Variant(String name, SqlParserPos pos, SqlLiteral model,
      SqlNumericLiteral weight) {
  }

  public final SqlIdentifier name;
  public final List<Variant> variants;
  public final SqlNode salt;
  public final SqlNode hash;
  public final SqlNode comment;
  public final SqlNodeList options;

  public SqlCreateExperiment(SqlParserPos pos, boolean replace, boolean ifNotExists,
      SqlIdentifier name, List<Variant> variants, SqlNode salt, SqlNode hash, SqlNode comment,
      SqlNodeList options) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.variants = List.copyOf(variants);
    this.salt = salt;
    this.hash = hash;
    this.comment = comment;
    this.options = options;
  }

  @Override public List<SqlNode> getOperandList() {
    final List<SqlNode> operands = new ArrayList<>();
    operands.add(name);
    for (Variant v : variants) {
      operands.add(v.model());
      operands.add(v.weight());
    }
    operands.add(salt);
    operands.add(hash);
    operands.add(comment);
    operands.add(options);
    return operands;
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE EXPERIMENT");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    final SqlWriter.Frame frame = writer.startList("(", ")");
    for (Variant v : variants) {
      writer.sep(",");
      writer.identifier(v.name(), true);
      if (v.model() != null) {
        writer.keyword("MODEL");
        v.model().unparse(writer, 0, 0);
      }
      writer.keyword("WEIGHT");
      v.weight().unparse(writer, 0, 0);
    }
    writer.endList(frame);
    if (salt != null) {
      writer.keyword("SALT");
      salt.unparse(writer, 0, 0);
    }
    if (hash != null) {
      writer.keyword("HASH");
      hash.unparse(writer, 0, 0);
    }
    if (comment != null) {
      writer.keyword("COMMENT");
      comment.unparse(writer, 0, 0);
    }
    if (options != null) {
      writer.keyword("WITH");
      options.unparse(writer, 0, 0);
    }
  }
}
