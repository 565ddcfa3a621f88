package dev.sorrel.sql.parser;

import java.util.Arrays;
import java.util.List;

import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CREATE FEATURE VIEW [IF NOT EXISTS] name ENTITY entity
 * [(features)] [TTL interval] [COMMENT '...'] [WITH (owner = '...', tag = '...')]
 * [AS query]}: a view with feature columns is filled by writes, one with a
 * query by {@code REFRESH FEATURE VIEW}.
 */
public final class SqlCreateFeatureView extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE FEATURE VIEW", SqlKind.OTHER_DDL);

  public final SqlIdentifier name;
  public final SqlIdentifier entity;
  public final SqlNodeList features;
  public final SqlNode ttl;
  public final SqlNode comment;
  public final SqlNodeList options;
  public final SqlNode query;

  public SqlCreateFeatureView(SqlParserPos pos, boolean replace, boolean ifNotExists,
      SqlIdentifier name, SqlIdentifier entity, SqlNodeList features, SqlNode ttl,
      SqlNode comment, SqlNodeList options, SqlNode query) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = name;
    this.entity = entity;
    this.features = features;
    this.ttl = ttl;
    this.comment = comment;
    this.options = options;
    this.query = query;
  }

  @Override public List<SqlNode> getOperandList() {
    return Arrays.asList(name, entity, features, ttl, comment, options, query);
  }

  @Override public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE FEATURE VIEW");
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("ENTITY");
    entity.unparse(writer, 0, 0);
    if (features != null) {
      features.unparse(writer, 0, 0);
    }
    if (ttl != null) {
      writer.keyword("TTL");
      ttl.unparse(writer, 0, 0);
    }
    if (query != null) {
      writer.keyword("AS");
      query.unparse(writer, 0, 0);
    }
  }
}
