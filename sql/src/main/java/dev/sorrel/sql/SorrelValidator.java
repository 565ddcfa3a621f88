package dev.sorrel.sql;

import static org.apache.calcite.util.Static.RESOURCE;

import java.text.MessageFormat;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.prepare.CalciteSqlValidator;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.Resources;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlInternalOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidatorException;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.sql.aggregate.AggregateSignatures;
import dev.sorrel.sql.aggregate.StateAggregate;
import dev.sorrel.sql.parser.EmptyInList;

/**
 * Calcite's validator, with each validation error given its SQLState where
 * it is raised: by the Calcite resource (message template) that describes
 * it, never by the text of a formatted message, which holds user names.
 * Resources not listed are errors in the statement's form (42000).
 * {@link SorrelValidationException#codeOf} codes the errors Calcite raises
 * elsewhere.
 */
final class SorrelValidator extends CalciteSqlValidator {
  /** SQLStates of Calcite's validation resources, by each resource's message template. */
  private static final Map<String, ErrorCode> CODES = codes();

  SorrelValidator(SqlOperatorTable operators, CalciteCatalogReader catalogReader,
      JavaTypeFactory typeFactory, Config config) {
    super(operators, catalogReader, typeFactory, config);
  }

  /**
   * A validator as Calcite's preparation sets one up, over a connection's
   * operators (Calcite's and Sorrel's functions, then the catalog's).
   */
  static SorrelValidator create(CalciteConnectionConfig config,
      CalciteCatalogReader catalogReader, JavaTypeFactory typeFactory,
      UnaryOperator<Config> configTransform) {
    final SqlOperatorTable operators = SqlOperatorTables.chain(
        config.fun(SqlOperatorTable.class, SqlStdOperatorTable.instance()), catalogReader);
    return new SorrelValidator(operators, catalogReader, typeFactory,
        configTransform.apply(Config.DEFAULT
            .withLenientOperatorLookup(config.lenientOperatorLookup())
            .withConformance(config.conformance())
            .withDefaultNullCollation(config.defaultNullCollation())
            .withIdentifierExpansion(true)
            .withTypeCoercionFactory(SorrelTypeCoercion::new)));
  }

  @Override public CalciteContextException newValidationError(SqlNode node,
      Resources.ExInst<SqlValidatorException> e) {
    return new SorrelValidationException(codeOf(e), super.newValidationError(node, e));
  }

  /** Validates a statement, then checks its datetime literals ({@link DatetimeLiterals}). */
  @Override public SqlNode validate(SqlNode topNode) {
    final SqlNode validated = super.validate(topNode);
    DatetimeLiterals.check(this, validated);
    return validated;
  }

  /**
   * Rejects arguments of a Sorrel aggregate that fit none of its overloads
   * (a non-numeric value, a flag that is not BOOLEAN) here, with the call's
   * position, before implicit coercion turns them into a cast that fails at
   * run time.
   */
  @Override public RelDataType deriveType(SqlValidatorScope scope, SqlNode expr) {
    if (expr instanceof SqlCall call && call.operandCount() > 1
        && (call.getOperator() == SqlStdOperatorTable.SUBSTRING
            || call.getOperator() == SqlStdOperatorTable.ROUND
            || call.getOperator() == SqlStdOperatorTable.TRUNCATE)) {
      checkIntegerArgument(scope, call);
    }
    if (expr instanceof SqlCall call) {
      final List<StateAggregate> overloads = AggregateSignatures.overloads(call,
          getOperatorTable(), getCatalogReader().nameMatcher());
      if (!overloads.isEmpty()) {
        final List<RelDataType> types = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
          types.add(deriveType(scope, operand));
        }
        final String forms = AggregateSignatures.mismatch(overloads, types);
        if (forms != null) {
          throw newValidationError(call, RESOURCE.canNotApplyOp2Type(
              call.getOperator().getName(), call.getOperator().getName() + "("
                  + types.stream().map(t -> "<" + t + ">").collect(Collectors.joining(", "))
                  + ")", forms));
        }
      }
    }
    return super.deriveType(scope, expr);
  }

  /**
   * Rejects a start position of {@code SUBSTRING} or a scale of {@code ROUND} and
   * {@code TRUNCATE} that is a number but no integer ({@code SUBSTRING(s FROM 1.5)}, a
   * DOUBLE, a DECIMAL such as 9223372036854775808), as PostgreSQL does. Calcite 1.42 accepts
   * any NUMERIC as the start (only the length must be an INTEGER) and a whole DECIMAL literal
   * as a scale, but has no implementation for them, and the statement failed when its code
   * was generated ("Unable to implement EnumerableCalc", XX000). Text and NULL are read as an
   * INTEGER ({@link SorrelTypeCoercion}).
   */
  private void checkIntegerArgument(SqlValidatorScope scope, SqlCall call) {
    final RelDataType start = deriveType(scope, call.operand(1));
    if (SqlTypeUtil.isNumeric(start) && !SqlTypeUtil.isIntType(start)) {
      final String name = call.getOperator().getName();
      final String form = name.equals("SUBSTRING")
          ? "'SUBSTRING(<CHARACTER> FROM <INTEGER> [FOR <INTEGER>])'"
          : "'" + name + "(<NUMERIC>, <INTEGER>)'";
      final List<String> types = new ArrayList<>();
      for (SqlNode operand : call.getOperandList()) {
        types.add("<" + deriveType(scope, operand) + ">");
      }
      throw newValidationError(call, RESOURCE.canNotApplyOp2Type(name,
          "'" + name + "(" + String.join(", ", types) + ")'", form));
    }
  }

  /**
   * Replaces {@code x IN ()} and the like by their constant value
   * ({@link EmptyInList}) before anything else sees them, writes the exact literals of a
   * VALUES column with one in E notation as approximate ones ({@link
   * ValuesApproximateLiterals}), and rewrites COALESCE without Calcite's internal CAST NOT
   * NULL.
   *
   * <p>Calcite 1.42 rewrites {@code COALESCE(a, b)} as {@code CASE WHEN a IS NOT NULL THEN
   * CAST_NOT_NULL(a) ELSE b END}. In a filter, its simplifier turns that CASE into
   * {@code (a IS NOT NULL AND CAST(a) <> k) OR (a IS NULL AND b <> k)} and drops the first
   * {@code a IS NOT NULL} (a cast of NULL being NULL), while the generated code casts a NULL
   * {@code a} to 0: {@code WHERE COALESCE(a, b) <> k} then kept rows where both are NULL.
   * Without the cast, the CASE is the standard's definition of COALESCE, and is simplified
   * correctly; its type is nullable where an operand before the last is.
   */
  @Override protected @Nullable SqlNode performUnconditionalRewrites(@Nullable SqlNode node,
      boolean underFrom) {
    final SqlLiteral constant = node == null ? null : EmptyInList.value(node);
    if (constant != null) {
      return constant;
    }
    final SqlNode rewritten = super.performUnconditionalRewrites(node, underFrom);
    if (rewritten instanceof SqlCall values && values.getKind() == SqlKind.VALUES) {
      ValuesApproximateLiterals.rewrite(values);
    }
    if (rewritten instanceof SqlCase sqlCase && node instanceof SqlCall call
        && call.getOperator().getName().equalsIgnoreCase("COALESCE")) {
      final SqlNodeList thens = sqlCase.getThenOperands();
      for (int i = 0; i < thens.size(); i++) {
        if (thens.get(i) instanceof SqlCall cast
            && cast.getOperator() == SqlInternalOperators.CAST_NOT_NULL) {
          thens.set(i, cast.operand(0));
        }
      }
    }
    return rewritten;
  }

  static ErrorCode codeOf(Resources.Inst resource) {
    return CODES.getOrDefault(resource.raw(), ErrorCode.SYNTAX_ERROR);
  }

  /**
   * The code of a validation error that Calcite raised outside this
   * validator (its own view analysis, for one), found by the message
   * template its message was formatted from.
   */
  static ErrorCode codeOfMessage(@Nullable String message) {
    if (message != null) {
      for (Map.Entry<String, ErrorCode> code : CODES.entrySet()) {
        final ParsePosition position = new ParsePosition(0);
        new MessageFormat(code.getKey(), Locale.ROOT).parse(message, position);
        if (position.getErrorIndex() < 0 && position.getIndex() == message.length()) {
          return code.getValue();
        }
      }
    }
    return ErrorCode.SYNTAX_ERROR;
  }

  private static Map<String, ErrorCode> codes() {
    final Map<String, ErrorCode> codes = new HashMap<>();
    for (Resources.Inst r : new Resources.Inst[] {
        RESOURCE.columnNotFound(""), RESOURCE.columnNotFoundDidYouMean("", ""),
        RESOURCE.columnNotFoundInTable("", ""),
        RESOURCE.columnNotFoundInTableDidYouMean("", "", ""),
        RESOURCE.unknownTargetColumn("")}) {
      codes.put(r.raw(), ErrorCode.COLUMN_NOT_FOUND);
    }
    for (Resources.Inst r : new Resources.Inst[] {
        RESOURCE.tableNameNotFound(""), RESOURCE.tableNameNotFoundDidYouMean("", ""),
        RESOURCE.objectNotFound(""), RESOURCE.objectNotFoundWithin("", ""),
        RESOURCE.objectNotFoundDidYouMean("", ""),
        RESOURCE.objectNotFoundWithinDidYouMean("", "", ""), RESOURCE.schemaNotFound(""),
        RESOURCE.viewNotFound(""), RESOURCE.typeNotFound(""), RESOURCE.functionNotFound(""),
        RESOURCE.windowNotFound(""), RESOURCE.paramNotFoundInFunctionDidYouMean("", "", ""),
        RESOURCE.paramNotFoundInLambdaExpression("", "")}) {
      codes.put(r.raw(), ErrorCode.OBJECT_NOT_FOUND);
    }
    codes.put(RESOURCE.columnNotNullable("").raw(), ErrorCode.NOT_NULL_VIOLATION);
    for (Resources.Inst r : new Resources.Inst[] {
        RESOURCE.typeNotAssignable("", "", "", ""), RESOURCE.canNotApplyOp2Type("", "", ""),
        RESOURCE.incompatibleCharset("", "", ""), RESOURCE.incompatibleTypes(),
        RESOURCE.naturalOrUsingColumnNotCompatible("", "", ""),
        RESOURCE.columnTypeMismatchInSetop(0, ""), RESOURCE.orderByRangeMismatch(),
        RESOURCE.cannotInferReturnType("", "")}) {
      codes.put(r.raw(), ErrorCode.TYPE_MISMATCH);
    }
    return Map.copyOf(codes);
  }
}
