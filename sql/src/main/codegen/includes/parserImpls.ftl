<#--
  Sorrel's statements, spliced into Calcite's Parser.jj. Each method builds
  the node the DDL executor dispatches on; its meaning lives there, not here.
-->

/**
 * A character string literal where a statement takes a text: adjacent literals
 * ('a' 'b', the standard's continuation) are joined into one, so the executor
 * always gets a single literal.
 */
SqlLiteral SorrelStringLiteral() :
{
    final SqlNode e;
}
{
    e = StringLiteral() {
        return SqlLiteral.unchain(e);
    }
}

boolean IfNotExistsOpt() :
{
}
{
    <IF> <NOT> <EXISTS> { return true; }
|
    { return false; }
}

boolean IfExistsOpt() :
{
}
{
    <IF> <EXISTS> { return true; }
|
    { return false; }
}

SqlNodeList TableElementList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    TableElement(list)
    (
        <COMMA> TableElement(list)
    )*
    <RPAREN> {
        return new SqlNodeList(list, s.end(this));
    }
}

/**
 * A column ({@code name type [NULL | NOT NULL] [identity] [DEFAULT expr]
 * [PRIMARY KEY [identity] | UNIQUE] [COMMENT 'text']}) or a table constraint
 * ({@code [CONSTRAINT name] (PRIMARY KEY | UNIQUE) (cols)}). A column-level
 * PRIMARY KEY or UNIQUE adds the same key constraint a table-level one would,
 * so the executor sees one form; an identity clause (see ColumnIdentity) and a
 * comment are elements of their own too.
 */
void TableElement(List<SqlNode> list) :
{
    final SqlIdentifier id;
    final SqlDataTypeSpec type;
    boolean nullable = true;
    SqlNode e = null;
    final SqlNodeList columnList;
    SqlIdentifier name = null;
    final Span s = Span.of();
    Span pk = null;
    Span unique = null;
    SqlColumnIdentity identity = null;
    SqlNode comment = null;
    Span commentSpan = null;
}
{
    id = SimpleIdentifier()
    type = DataType()
    [
        <NULL> { nullable = true; }
    |
        <NOT> <NULL> { nullable = false; }
    ]
    [
        identity = ColumnIdentity(id)
    ]
    [
        <DEFAULT_> e = Expression(ExprContext.ACCEPT_SUB_QUERY)
    ]
    [
        <PRIMARY> { pk = span(); } <KEY> { nullable = false; }
        [ identity = ColumnIdentity(id) ]
    |
        <UNIQUE> { unique = span(); }
    ]
    [
        <COMMENT> { commentSpan = span(); } comment = SorrelStringLiteral()
    ]
    {
        final ColumnStrategy strategy = e != null ? ColumnStrategy.DEFAULT
            : nullable ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE;
        list.add(
            SqlDdlNodes.column(s.add(id).end(this), id,
                type.withNullable(nullable), e, strategy));
        if (pk != null) {
            list.add(
                SqlDdlNodes.primary(pk.end(this), null,
                    new SqlNodeList(Collections.singletonList(id), id.getParserPosition())));
        }
        if (unique != null) {
            list.add(
                SqlDdlNodes.unique(unique.end(this), null,
                    new SqlNodeList(Collections.singletonList(id), id.getParserPosition())));
        }
        if (identity != null) {
            list.add(identity);
        }
        if (comment != null) {
            list.add(new SqlColumnComment(commentSpan.end(this), id, comment));
        }
    }
|
    [ <CONSTRAINT> { s.add(this); } name = SimpleIdentifier() ]
    (
        <PRIMARY> { s.add(this); } <KEY>
        columnList = ParenthesizedSimpleIdentifierList() {
            list.add(SqlDdlNodes.primary(s.end(columnList), name, columnList));
        }
    |
        <UNIQUE> { s.add(this); }
        columnList = ParenthesizedSimpleIdentifierList() {
            list.add(SqlDdlNodes.unique(s.end(columnList), name, columnList));
        }
    )
}

/**
 * What makes a column an identity column: {@code GENERATED {ALWAYS | BY
 * DEFAULT} AS IDENTITY [(START WITH n INCREMENT BY m)]}, {@code AUTO_INCREMENT},
 * {@code AUTOINCREMENT} or {@code IDENTITY[(n, m)]}.
 */
SqlColumnIdentity ColumnIdentity(SqlIdentifier column) :
{
    final Span s;
    boolean always = false;
    SqlLiteral start = null;
    SqlLiteral increment = null;
}
{
    (
        <GENERATED> { s = span(); }
        ( <ALWAYS> { always = true; } | <BY> <DEFAULT_> )
        <AS> <IDENTITY>
        [
            <LPAREN>
            (
                <START> [ <WITH> ] start = NumericLiteral()
            |
                <INCREMENT> [ <BY> ] increment = NumericLiteral()
            )+
            <RPAREN>
        ]
    |
        <AUTO_INCREMENT> { s = span(); }
    |
        <AUTOINCREMENT> { s = span(); }
    |
        <IDENTITY> { s = span(); }
        [
            <LPAREN> start = NumericLiteral() <COMMA> increment = NumericLiteral() <RPAREN>
        ]
    )
    {
        return new SqlColumnIdentity(s.end(this), column, always, start, increment);
    }
}

SqlCreate SqlCreateTable(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    SqlNodeList tableElementList = null;
    SqlNode query = null;
    SqlNode comment;
    Span commentSpan;
}
{
    <TABLE> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    [
        tableElementList = TableElementList()
        [
            <COMMENT> { commentSpan = span(); } [ <EQ> ] comment = SorrelStringLiteral() {
                tableElementList.add(
                    new SqlColumnComment(commentSpan.end(this), null, comment));
            }
        ]
    ]
    [ <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) ]
    {
        return SqlDdlNodes.createTable(s.end(this), replace, ifNotExists, id,
            tableElementList, query);
    }
}

SqlCreate SqlCreateView(Span s, boolean replace) :
{
    final SqlIdentifier id;
    SqlNodeList columnList = null;
    final SqlNode query;
}
{
    <VIEW> id = CompoundIdentifier()
    [ columnList = ParenthesizedSimpleIdentifierList() ]
    <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        return SqlDdlNodes.createView(s.end(this), replace, id, columnList,
            query);
    }
}

SqlDrop SqlDropTable(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <TABLE> ifExists = IfExistsOpt() id = CompoundIdentifier() {
        return SqlDdlNodes.dropTable(s.end(this), ifExists, id);
    }
}

SqlDrop SqlDropView(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <VIEW> ifExists = IfExistsOpt() id = CompoundIdentifier() {
        return SqlDdlNodes.dropView(s.end(this), ifExists, id);
    }
}

/** Where a model's file comes from: a path, or a parameter holding its bytes. */
SqlNode ModelSource() :
{
    final SqlNode e;
}
{
    (
        e = SorrelStringLiteral()
    |
        e = DynamicParam()
    )
    { return e; }
}

/** {@code (key = 'value', ...)}, as name/value pairs in one list. */
SqlNodeList ModelOptionList() :
{
    final Span s;
    final List<SqlNode> list = new ArrayList<SqlNode>();
}
{
    <LPAREN> { s = span(); }
    ModelOption(list)
    ( <COMMA> ModelOption(list) )*
    <RPAREN> { return new SqlNodeList(list, s.end(this)); }
}

void ModelOption(List<SqlNode> list) :
{
    final SqlIdentifier id;
    final SqlNode value;
}
{
    id = SimpleIdentifier() <EQ>
    (
        value = SorrelStringLiteral()
    |
        value = NumericLiteral()
    |
        <TRUE> { value = SqlLiteral.createBoolean(true, getPos()); }
    |
        <FALSE> { value = SqlLiteral.createBoolean(false, getPos()); }
    )
    {
        list.add(id);
        list.add(value);
    }
}

SqlCreate SqlCreateModel(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlNode source;
    SqlNode comment = null;
    SqlNodeList optionList = null;
    SqlNode run = null;
}
{
    <MODEL> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <FROM> source = ModelSource()
    [ <COMMENT> comment = SorrelStringLiteral() ]
    [ <RUN> run = SorrelStringLiteral() ]
    [ <WITH> optionList = ModelOptionList() ]
    {
        return new SqlCreateModel(s.end(this), replace, ifNotExists, id, source, comment,
            optionList, run);
    }
}

SqlNode SqlAlterModel() :
{
    final Span s;
    final SqlIdentifier id;
    SqlNode source = null;
    SqlNode comment = null;
    SqlIdentifier alias = null;
    SqlNumericLiteral version = null;
    SqlNode run = null;
    final SqlAlterModel.Action action;
}
{
    <ALTER> { s = span(); } <MODEL> id = CompoundIdentifier()
    (
        <ADD> <VERSION> <FROM> source = ModelSource()
        [ <COMMENT> comment = SorrelStringLiteral() ]
        [ <RUN> run = SorrelStringLiteral() ]
        { action = SqlAlterModel.Action.ADD_VERSION; }
    |
        <SET> <ALIAS> alias = SimpleIdentifier() <EQ>
        version = UnsignedNumericLiteral()
        { action = SqlAlterModel.Action.SET_ALIAS; }
    |
        <DROP> <ALIAS> alias = SimpleIdentifier()
        { action = SqlAlterModel.Action.DROP_ALIAS; }
    )
    {
        return new SqlAlterModel(s.end(this), id, action, source, comment, alias, version,
            run);
    }
}

SqlDrop SqlDropModel(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
    SqlNumericLiteral version = null;
}
{
    <MODEL> ifExists = IfExistsOpt() id = CompoundIdentifier()
    [ <VERSION> version = UnsignedNumericLiteral() ]
    {
        return new SqlDropModel(s.end(this), ifExists, id, version);
    }
}

/**
 * {@code COPY table FROM 'file' [WITH (...)]}, {@code COPY table TO 'file'}
 * and {@code COPY (query) TO 'file'}.
 */
SqlNode SqlCopy() :
{
    final Span s;
    SqlIdentifier table = null;
    SqlNode query = null;
    final boolean from;
    final SqlNode file;
    SqlNodeList optionList = null;
}
{
    <COPY> { s = span(); }
    (
        table = CompoundIdentifier()
    |
        <LPAREN> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) <RPAREN>
    )
    (
        <FROM> { from = true; }
    |
        <TO> { from = false; }
    )
    file = SorrelStringLiteral()
    [ <WITH> optionList = ModelOptionList() ]
    {
        return new SqlCopy(s.end(this), table, query, from, file, optionList);
    }
}

SqlCreate SqlCreateEntity(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlNodeList columns;
    SqlNode comment = null;
}
{
    <ENTITY> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    columns = TableElementList()
    [ <COMMENT> comment = SorrelStringLiteral() ]
    {
        return new SqlCreateEntity(s.end(this), replace, ifNotExists, id, columns, comment);
    }
}

SqlCreate SqlCreateFeatureView(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlIdentifier entity;
    SqlNodeList features = null;
    SqlNode ttl = null;
    SqlNode comment = null;
    SqlNodeList optionList = null;
    SqlNode query = null;
}
{
    <FEATURE> <VIEW> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <ENTITY> entity = SimpleIdentifier()
    [ features = TableElementList() ]
    [ <TTL> ttl = IntervalLiteral() ]
    [ <COMMENT> comment = SorrelStringLiteral() ]
    [ <WITH> optionList = ModelOptionList() ]
    [ <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) ]
    {
        return new SqlCreateFeatureView(s.end(this), replace, ifNotExists, id, entity,
            features, ttl, comment, optionList, query);
    }
}

SqlDrop SqlDropEntity(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <ENTITY> ifExists = IfExistsOpt() id = CompoundIdentifier() {
        return new SqlDropFeatureObject(s.end(this), SqlDropFeatureObject.Kind.ENTITY,
            ifExists, id);
    }
}

SqlDrop SqlDropFeatureView(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <FEATURE> <VIEW> ifExists = IfExistsOpt() id = CompoundIdentifier() {
        return new SqlDropFeatureObject(s.end(this), SqlDropFeatureObject.Kind.FEATURE_VIEW,
            ifExists, id);
    }
}

SqlNode SqlAlterFeatureView() :
{
    final Span s;
    final SqlIdentifier id;
    final List<SqlNode> column = new ArrayList<SqlNode>();
    SqlNode value = null;
    final SqlAlterFeatureView.Action action;
}
{
    <ALTER> { s = span(); } <FEATURE> <VIEW> id = CompoundIdentifier()
    (
        <ADD> [ <COLUMN> ] TableElement(column)
        { action = SqlAlterFeatureView.Action.ADD_COLUMN; }
    |
        <SET>
        (
            <TTL> value = IntervalLiteral()
            { action = SqlAlterFeatureView.Action.SET_TTL; }
        |
            <COMMENT> value = SorrelStringLiteral()
            { action = SqlAlterFeatureView.Action.SET_COMMENT; }
        )
    |
        <DROP> <TTL>
        { action = SqlAlterFeatureView.Action.DROP_TTL; }
    |
        <COMPACT>
        { action = SqlAlterFeatureView.Action.COMPACT; }
    )
    {
        return new SqlAlterFeatureView(s.end(this), id, action,
            column.isEmpty() ? null : column.get(0), value);
    }
}

SqlNode SqlAlterTable() :
{
    final Span s;
    final SqlIdentifier id;
}
{
    <ALTER> { s = span(); } <TABLE> id = CompoundIdentifier() <COMPACT>
    {
        return new SqlAlterTable(s.end(this), id);
    }
}

SqlNode SqlRefreshFeatureView() :
{
    final Span s;
    final SqlIdentifier id;
    boolean incremental = false;
}
{
    <REFRESH> { s = span(); } <FEATURE> <VIEW> id = CompoundIdentifier()
    [ <INCREMENTAL> { incremental = true; } ]
    {
        return new SqlRefreshFeatureView(s.end(this), id, incremental);
    }
}

/**
 * INSERT as Calcite parses it, optionally with a target alias ({@code AS
 * alias}) and followed by PostgreSQL's {@code ON CONFLICT} clause. Without
 * ON CONFLICT it is Calcite's {@code SqlInsert}.
 */
SqlNode SorrelInsert() :
{
    final SqlIdentifier tableName;
    SqlNode tableRef;
    SqlIdentifier alias = null;
    final SqlNode source;
    final SqlNodeList columnList;
    final Span s;
    final Pair<SqlNodeList, SqlNodeList> p;
    SqlNode insert;
    final SqlNodeList keywords = new SqlNodeList(SqlParserPos.ZERO);
    final Span o;
    IdentityOverride override;
}
{
    <INSERT> { s = span(); }
    <INTO> tableName = CompoundTableIdentifier()
    ( tableRef = TableHints(tableName) | { tableRef = tableName; } )
    [ <AS> alias = SimpleIdentifier() ]
    (
        LOOKAHEAD(2)
        p = ParenthesizedCompoundIdentifierList() {
            if (!p.right.isEmpty()) {
                tableRef = extend(tableRef, p.right);
            }
            if (!p.left.isEmpty()) {
                columnList = p.left;
            } else {
                columnList = null;
            }
        }
    |   { columnList = null; }
    )
    [
        LOOKAHEAD(2)
        <OVERRIDING> { o = span(); }
        (
            <SYSTEM> { override = IdentityOverride.SYSTEM_VALUE; }
        |
            <USER> { override = IdentityOverride.USER_VALUE; }
        )
        <VALUE> { keywords.add(override.symbol(o.end(this))); }
    ]
    source = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY) {
        insert = new SqlInsert(s.end(source), keywords, tableRef, source, columnList);
    }
    [ insert = OnConflict((SqlInsert) insert, alias, s) ]
    { return insert; }
}

SqlNode OnConflict(SqlInsert insert, SqlIdentifier alias, Span s) :
{
    final Span c;
    SqlNodeList columns = null;
    SqlIdentifier constraint = null;
    boolean update = false;
    final SqlNodeList targets = new SqlNodeList(SqlParserPos.ZERO);
    final SqlNodeList expressions = new SqlNodeList(SqlParserPos.ZERO);
    SqlIdentifier id;
    SqlNode where = null;
}
{
    <ON> { c = span(); } <CONFLICT>
    [
        columns = ParenthesizedSimpleIdentifierList()
    |
        <ON> <CONSTRAINT> constraint = SimpleIdentifier()
    ]
    { final SqlParserPos conflictPos = c.end(this); }
    <DO>
    (
        <NOTHING>
    |
        <UPDATE> { update = true; } <SET>
        id = CompoundIdentifier() { targets.add(id); }
        <EQ> AddExpression(expressions, ExprContext.ACCEPT_SUB_QUERY)
        (
            <COMMA> id = CompoundIdentifier() { targets.add(id); }
            <EQ> AddExpression(expressions, ExprContext.ACCEPT_SUB_QUERY)
        )*
        [ <WHERE> where = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    )
    {
        return new SqlInsertOnConflict(s.end(this), insert, alias, columns, constraint,
            conflictPos, update, targets, expressions, where);
    }
}

/**
 * The standard MERGE: any number of WHEN [NOT] MATCHED [AND condition]
 * clauses, with UPDATE, DELETE, INSERT and DO NOTHING actions.
 */
SqlNode SorrelMerge() :
{
    final SqlIdentifier tableName;
    SqlNode tableRef;
    SqlIdentifier alias = null;
    final SqlNode source;
    final SqlNode condition;
    final List<SqlNode> clauses = new ArrayList<SqlNode>();
    final Span s;
}
{
    <MERGE> { s = span(); } <INTO> tableName = CompoundTableIdentifier()
    ( tableRef = TableHints(tableName) | { tableRef = tableName; } )
    [ [ <AS> ] alias = SimpleIdentifier() ]
    <USING> source = TableRef()
    <ON> condition = Expression(ExprContext.ACCEPT_SUB_QUERY)
    ( MergeClause(clauses) )+
    {
        return new SqlMergeStatement(s.end(this), tableRef, alias, source, condition,
            new SqlNodeList(clauses, s.pos()));
    }
}

void MergeClause(List<SqlNode> clauses) :
{
    final Span s;
    boolean matched = true;
    SqlNode condition = null;
    SqlMergeClause.Action action;
    SqlNodeList columns = null;
    final SqlNodeList values = new SqlNodeList(SqlParserPos.ZERO);
    SqlIdentifier id;
    SqlNode row;
}
{
    <WHEN> { s = span(); }
    [ <NOT> { matched = false; } ]
    <MATCHED>
    [ <AND> condition = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    <THEN>
    (
        <UPDATE> { action = SqlMergeClause.Action.UPDATE; columns = new SqlNodeList(getPos()); }
        <SET> id = CompoundIdentifier() { columns.add(id); }
        <EQ> AddExpression(values, ExprContext.ACCEPT_SUB_QUERY)
        (
            <COMMA> id = CompoundIdentifier() { columns.add(id); }
            <EQ> AddExpression(values, ExprContext.ACCEPT_SUB_QUERY)
        )*
    |
        <DELETE> { action = SqlMergeClause.Action.DELETE; }
    |
        <DO> <NOTHING> { action = SqlMergeClause.Action.NOTHING; }
    |
        <INSERT> { action = SqlMergeClause.Action.INSERT; }
        [ LOOKAHEAD(2) columns = ParenthesizedSimpleIdentifierList() ]
        <VALUES> row = RowConstructor() {
            values.addAll(((SqlCall) row).getOperandList());
        }
    )
    {
        clauses.add(new SqlMergeClause(s.end(this), matched, condition, action, columns,
            values));
    }
}

/**
 * {@code [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC | DESC], ...)},
 * after {@code CREATE}.
 */
SqlCreate SqlCreateIndex(Span s, boolean replace) :
{
    boolean unique = false;
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlIdentifier table;
    final List<SqlNode> columns = new ArrayList<SqlNode>();
    final Span c;
}
{
    [ <UNIQUE> { unique = true; } ]
    <INDEX> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <ON> table = CompoundIdentifier()
    <LPAREN> { c = span(); }
    IndexColumn(columns)
    ( <COMMA> IndexColumn(columns) )*
    <RPAREN>
    {
        return new SqlCreateIndex(s.end(this), replace, ifNotExists, unique, id, table,
            new SqlNodeList(columns, c.end(this)));
    }
}

/** An indexed column: its name, wrapped in DESC if it is stored descending. */
void IndexColumn(List<SqlNode> list) :
{
    final SqlIdentifier id;
    SqlNode column;
}
{
    id = SimpleIdentifier() { column = id; }
    [
        <ASC>
    |
        <DESC> {
            column = SqlStdOperatorTable.DESC.createCall(getPos(), id);
        }
    ]
    { list.add(column); }
}

SqlDrop SqlDropIndex(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <INDEX> ifExists = IfExistsOpt() id = CompoundIdentifier() {
        return new SqlDropIndex(s.end(this), ifExists, id);
    }
}

/**
 * {@code CREATE EXPERIMENT [IF NOT EXISTS] name (variant [MODEL 'ref'] WEIGHT w, ...)
 * [SALT 'text'] [HASH 'name'] [COMMENT '...'] [WITH (key = 'value', ...)]}.
 */
SqlCreate SqlCreateExperiment(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final List<SqlCreateExperiment.Variant> variants = new ArrayList<SqlCreateExperiment.Variant>();
    SqlNode salt = null;
    SqlNode hash = null;
    SqlNode comment = null;
    SqlNodeList optionList = null;
}
{
    <EXPERIMENT> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <LPAREN> ExperimentVariant(variants) ( <COMMA> ExperimentVariant(variants) )* <RPAREN>
    [ <SALT> salt = SorrelStringLiteral() ]
    [ <HASH> hash = SorrelStringLiteral() ]
    [ <COMMENT> comment = SorrelStringLiteral() ]
    [ <WITH> optionList = ModelOptionList() ]
    {
        return new SqlCreateExperiment(s.end(this), replace, ifNotExists, id, variants, salt,
            hash, comment, optionList);
    }
}

void ExperimentVariant(List<SqlCreateExperiment.Variant> variants) :
{
    final String name;
    final SqlParserPos pos;
    SqlNode model = null;
    final SqlNumericLiteral weight;
}
{
    name = VariantName() { pos = getPos(); }
    [ <MODEL> model = SorrelStringLiteral() ]
    <WEIGHT> weight = UnsignedNumericLiteral()
    {
        variants.add(new SqlCreateExperiment.Variant(name, pos, (SqlLiteral) model, weight));
    }
}

/**
 * A variant's name: a value ASSIGN_VARIANT returns, so an unquoted name is
 * lower-case (control, treatment), a quoted one exactly as written.
 */
String VariantName() :
{
    final SqlIdentifier id;
}
{
    id = SimpleIdentifier()
    {
        if (token.kind == QUOTED_IDENTIFIER || token.kind == UNICODE_QUOTED_IDENTIFIER) {
            return id.getSimple();
        }
        return id.getSimple().toLowerCase(Locale.ROOT);
    }
}

SqlNode SqlAlterExperiment() :
{
    final Span s;
    final SqlIdentifier id;
    String winner = null;
    SqlNode comment = null;
    final SqlAlterExperiment.Action action;
}
{
    <ALTER> { s = span(); } <EXPERIMENT> id = CompoundIdentifier()
    (
        <START> { action = SqlAlterExperiment.Action.START; }
    |
        <STOP> [ <WINNER> winner = VariantName() ]
        { action = SqlAlterExperiment.Action.STOP; }
    |
        <SET> <COMMENT> comment = SorrelStringLiteral()
        { action = SqlAlterExperiment.Action.SET_COMMENT; }
    )
    {
        return new SqlAlterExperiment(s.end(this), id, action, winner, comment);
    }
}

SqlDrop SqlDropExperiment(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <EXPERIMENT> ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return new SqlDropExperiment(s.end(this), ifExists, id);
    }
}

/**
 * BEGIN [TRANSACTION | WORK] | START TRANSACTION, either with [ISOLATION LEVEL ...];
 * COMMIT [WORK | TRANSACTION]; ROLLBACK [WORK | TRANSACTION] [TO [SAVEPOINT] name];
 * SAVEPOINT name; RELEASE [SAVEPOINT] name; SET TRANSACTION ISOLATION LEVEL ...
 */
SqlNode SqlTransactionControl() :
{
    final Span s;
    SqlIdentifier name = null;
    String level = null;
    SqlTransactionControl.Action action;
}
{
    (
        (
            <BEGIN> { s = span(); } [ <TRANSACTION> | <WORK> ]
        |
            <START> { s = span(); } <TRANSACTION>
        )
        [ level = TransactionIsolationLevel() ]
        { action = SqlTransactionControl.Action.BEGIN; }
    |
        <COMMIT> { s = span(); } [ <WORK> | <TRANSACTION> ]
        { action = SqlTransactionControl.Action.COMMIT; }
    |
        <ROLLBACK> { s = span(); } [ <WORK> | <TRANSACTION> ]
        (
            <TO> [ <SAVEPOINT> ] name = SimpleIdentifier()
            { action = SqlTransactionControl.Action.ROLLBACK_TO; }
        |
            { action = SqlTransactionControl.Action.ROLLBACK; }
        )
    |
        <SAVEPOINT> { s = span(); } name = SimpleIdentifier()
        { action = SqlTransactionControl.Action.SAVEPOINT; }
    |
        <RELEASE> { s = span(); } [ <SAVEPOINT> ] name = SimpleIdentifier()
        { action = SqlTransactionControl.Action.RELEASE; }
    |
        <SET> { s = span(); } <TRANSACTION> level = TransactionIsolationLevel()
        { action = SqlTransactionControl.Action.SET_ISOLATION; }
    )
    {
        return new SqlTransactionControl(s.end(this), action, name, level);
    }
}

String TransactionIsolationLevel() :
{
}
{
    <ISOLATION> <LEVEL>
    (
        <READ>
        (
            <COMMITTED> { return "READ COMMITTED"; }
        |
            <UNCOMMITTED> { return "READ UNCOMMITTED"; }
        )
    |
        <REPEATABLE> <READ> { return "REPEATABLE READ"; }
    |
        <SERIALIZABLE> { return "SERIALIZABLE"; }
    )
}

/**
 * {@code DATETIME}, MySQL's and SQLite's name for {@code TIMESTAMP}; a reserved
 * word in Calcite's grammar, so it cannot be a type alias of the schema as
 * {@code TEXT} and the others are (see TypeAliases).
 */
SqlTypeNameSpec DateTimeAliasTypeName() :
{
}
{
    <DATETIME> {
        // Plain TIMESTAMP, so that a view's stored text names a type every parser reads.
        return new SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP, getPos());
    }
}

/** A literal (a number may have a sign) or a parameter, as tracking statements take values. */
SqlNode TrackingValue() :
{
    final SqlNode e;
}
{
    (
        e = DynamicParam()
    |
        e = Literal()
    )
    { return e; }
}

/** {@code key = value [, key = value]*}, as key/value pairs in one list. */
SqlNodeList TrackingPairs() :
{
    final Span s = Span.of();
    final List<SqlNode> list = new ArrayList<SqlNode>();
    SqlNode key;
    SqlNode value;
}
{
    key = TrackingValue() <EQ> value = TrackingValue() { list.add(key); list.add(value); }
    (
        <COMMA> key = TrackingValue() <EQ> value = TrackingValue() {
            list.add(key);
            list.add(value);
        }
    )*
    { return new SqlNodeList(list, s.end(this)); }
}

/** {@code FOR RUN 'id'}, the run a log goes to instead of the connection's current one. */
SqlNode ForRun() :
{
    final SqlNode run;
}
{
    <FOR> <RUN> run = TrackingValue() { return run; }
}

/** {@code START RUN ['name'] [IN PROJECT name] [WITH (tag = 'value', ...)]}. */
SqlNode SqlStartRun() :
{
    final Span s;
    SqlNode name = null;
    SqlNode project = null;
    SqlNodeList tags = null;
}
{
    <START> { s = span(); } <RUN>
    [ name = TrackingValue() ]
    [
        <IN> <PROJECT>
        ( project = SimpleIdentifier() | project = SorrelStringLiteral() )
    ]
    [ <WITH> tags = ModelOptionList() ]
    {
        return new SqlTrackingStatement(s.end(this), SqlTrackingStatement.Kind.START_RUN, null,
            name, project, tags, null, null, null, null);
    }
}

/** {@code END RUN ['id'] [STATUS FINISHED | FAILED | KILLED]}. */
SqlNode SqlEndRun() :
{
    final Span s;
    SqlNode run = null;
    SqlIdentifier status = null;
}
{
    <END> { s = span(); } <RUN>
    [ run = TrackingValue() ]
    [ <STATUS> status = SimpleIdentifier() ]
    {
        return new SqlTrackingStatement(s.end(this), SqlTrackingStatement.Kind.END_RUN, null,
            run, null, null, null, null, null, status);
    }
}

/**
 * {@code LOG PARAM 'key' = value, ...}, {@code LOG METRIC 'key' = number, ...
 * [STEP n]} and {@code LOG INPUT table [CONTEXT 'text']}, each {@code [FOR RUN 'id']}.
 */
SqlNode SqlLogToRun() :
{
    final Span s;
    SqlNodeList pairs = null;
    SqlNode step = null;
    SqlIdentifier input = null;
    SqlNode context = null;
    SqlNode run = null;
    final SqlTrackingStatement.Kind kind;
}
{
    <LOG> { s = span(); }
    (
        <PARAM> pairs = TrackingPairs() { kind = SqlTrackingStatement.Kind.LOG_PARAM; }
    |
        <METRIC> pairs = TrackingPairs() [ <STEP> step = TrackingValue() ]
        { kind = SqlTrackingStatement.Kind.LOG_METRIC; }
    |
        <INPUT> input = CompoundIdentifier() [ <CONTEXT> context = TrackingValue() ]
        { kind = SqlTrackingStatement.Kind.LOG_INPUT; }
    )
    [ run = ForRun() ]
    {
        return new SqlTrackingStatement(s.end(this), kind, pairs, run, null, null, step, input,
            context, null);
    }
}

/** {@code SET TAG 'key' = value, ... [FOR RUN 'id']}; a NULL value deletes the tag. */
SqlNode SqlSetTag() :
{
    final Span s;
    final SqlNodeList pairs;
    SqlNode run = null;
}
{
    <SET> { s = span(); } <TAG> pairs = TrackingPairs()
    [ run = ForRun() ]
    {
        return new SqlTrackingStatement(s.end(this), SqlTrackingStatement.Kind.SET_TAG, pairs,
            run, null, null, null, null, null, null);
    }
}

/**
 * {@code COMMENT ON {TABLE | VIEW | FEATURE VIEW | COLUMN} name IS {'text' | NULL}},
 * as in PostgreSQL.
 */
SqlNode SqlCommentOn() :
{
    final Span s;
    final SqlCommentOn.Target target;
    final SqlIdentifier id;
    SqlNode text = null;
}
{
    <COMMENT> { s = span(); } <ON>
    (
        <TABLE> { target = SqlCommentOn.Target.TABLE; }
    |
        <VIEW> { target = SqlCommentOn.Target.VIEW; }
    |
        <FEATURE> <VIEW> { target = SqlCommentOn.Target.FEATURE_VIEW; }
    |
        <COLUMN> { target = SqlCommentOn.Target.COLUMN; }
    )
    id = CompoundIdentifier()
    <IS>
    (
        text = SorrelStringLiteral()
    |
        <NULL>
    )
    {
        return new SqlCommentOn(s.end(this), target, id, text);
    }
}

/**
 * {@code CREATE MONITOR [IF NOT EXISTS] name ON table (column, ...) [WITH (key = value, ...)]
 * [COMMENT 'text'] REFERENCE AS query}: the query comes last, as in CREATE VIEW, so that
 * nothing after it can be read as part of it.
 */
SqlCreate SqlCreateMonitor(Span s, boolean replace) :
{
    final boolean ifNotExists;
    final SqlIdentifier id;
    final SqlIdentifier table;
    final List<SqlCreateMonitor.Column> columns = new ArrayList<SqlCreateMonitor.Column>();
    SqlNodeList optionList = null;
    SqlNode comment = null;
    final SqlNode query;
}
{
    <MONITOR> ifNotExists = IfNotExistsOpt() id = CompoundIdentifier()
    <ON> table = CompoundIdentifier()
    <LPAREN> MonitorColumn(columns) ( <COMMA> MonitorColumn(columns) )* <RPAREN>
    [ <WITH> optionList = ModelOptionList() ]
    [ <COMMENT> comment = SorrelStringLiteral() ]
    <REFERENCE> <AS> query = OrderedQueryOrExpr(ExprContext.ACCEPT_QUERY)
    {
        return new SqlCreateMonitor(s.end(this), ifNotExists, id, table, columns, optionList,
            comment, query);
    }
}

/** A monitored column: {@code expression [AS name] [WITH (key = value, ...)]}. */
void MonitorColumn(List<SqlCreateMonitor.Column> columns) :
{
    final SqlNode e;
    SqlIdentifier alias = null;
    SqlNodeList optionList = null;
}
{
    e = Expression(ExprContext.ACCEPT_NON_QUERY)
    [ <AS> alias = SimpleIdentifier() ]
    [ <WITH> optionList = ModelOptionList() ]
    {
        columns.add(new SqlCreateMonitor.Column(e, alias, optionList));
    }
}

SqlDrop SqlDropMonitor(Span s, boolean replace) :
{
    final boolean ifExists;
    final SqlIdentifier id;
}
{
    <MONITOR> ifExists = IfExistsOpt() id = CompoundIdentifier()
    {
        return new SqlDropMonitor(s.end(this), ifExists, id);
    }
}

/** {@code CHECK MONITOR name [WHERE condition]}. */
SqlNode SqlCheckMonitor() :
{
    final Span s;
    final SqlIdentifier id;
    SqlNode where = null;
}
{
    <CHECK> { s = span(); } <MONITOR> id = CompoundIdentifier()
    [ <WHERE> where = Expression(ExprContext.ACCEPT_SUB_QUERY) ]
    {
        return new SqlMonitorCommand(s.end(this), SqlMonitorCommand.Kind.CHECK, id, where,
            null);
    }
}

/** {@code REFRESH MONITOR name REFERENCE}. */
SqlNode SqlRefreshMonitor() :
{
    final Span s;
    final SqlIdentifier id;
}
{
    <REFRESH> { s = span(); } <MONITOR> id = CompoundIdentifier() <REFERENCE>
    {
        return new SqlMonitorCommand(s.end(this), SqlMonitorCommand.Kind.REFRESH, id, null,
            null);
    }
}

/** {@code ALTER MONITOR name ACKNOWLEDGE ALERTS | CLEAR ALERTS | SET COMMENT 'text'}. */
SqlNode SqlAlterMonitor() :
{
    final Span s;
    final SqlIdentifier id;
    SqlNode comment = null;
    final SqlMonitorCommand.Kind kind;
}
{
    <ALTER> { s = span(); } <MONITOR> id = CompoundIdentifier()
    (
        <ACKNOWLEDGE> <ALERTS> { kind = SqlMonitorCommand.Kind.ACKNOWLEDGE_ALERTS; }
    |
        <CLEAR> <ALERTS> { kind = SqlMonitorCommand.Kind.CLEAR_ALERTS; }
    |
        <SET> <COMMENT> comment = SorrelStringLiteral() { kind = SqlMonitorCommand.Kind.SET_COMMENT; }
    )
    {
        return new SqlMonitorCommand(s.end(this), kind, id, null, comment);
    }
}
