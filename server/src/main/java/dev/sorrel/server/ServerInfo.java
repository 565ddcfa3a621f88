package dev.sorrel.server;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.arrow.flight.FlightProducer.ServerStreamListener;
import org.apache.arrow.flight.FlightServer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlInfo;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlNullOrdering;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlOuterJoinsSupportLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedElementActions;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedGroupBy;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedPositionedCommands;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedResultSetType;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedSubqueries;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedTransaction;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedUnions;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportsConvert;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlTransactionIsolationLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedAnsi92SqlGrammarLevel;
import org.apache.arrow.flight.sql.impl.FlightSql.SupportedSqlGrammar;

/**
 * Flight SQL's GetSqlInfo: every piece of server information the protocol
 * defines, taken from what the embedded driver's {@link DatabaseMetaData}
 * answers (product name and version, identifier quoting and case, grammar,
 * transactions, limits, functions, conversions). BI tools read many of these
 * when they connect and fail on a missing one, so none is left out.
 */
final class ServerInfo {
  /**
   * The infos the protocol defines that have no counterpart here: result set
   * concurrencies per type, which Arrow's builder cannot express.
   */
  private static final Set<SqlInfo> NOT_PROVIDED = EnumSet.of(
      SqlInfo.SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_UNSPECIFIED,
      SqlInfo.SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_FORWARD_ONLY,
      SqlInfo.SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_SCROLL_SENSITIVE,
      SqlInfo.SQL_SUPPORTED_CONCURRENCIES_FOR_RESULT_SET_SCROLL_INSENSITIVE);

  private final SqlInfoBuilder builder;
  private final Set<Integer> provided;

  ServerInfo(Connection connection, boolean readOnly) throws SQLException {
    final DatabaseMetaData md = connection.getMetaData();
    final String arrowVersion = FlightServer.class.getPackage().getImplementationVersion();
    builder = new SqlInfoBuilder()
        .withFlightSqlServerName(md.getDatabaseProductName())
        .withFlightSqlServerVersion(md.getDatabaseProductVersion())
        .withFlightSqlServerArrowVersion(arrowVersion == null ? "" : arrowVersion)
        .withFlightSqlServerReadOnly(readOnly)
        .withFlightSqlServerSql(true)
        .withFlightSqlServerSubstrait(false)
        .withFlightSqlServerSubstraitMinVersion("")
        .withFlightSqlServerSubstraitMaxVersion("")
        .withFlightSqlServerTransaction(md.supportsSavepoints()
            ? SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_SAVEPOINT
            : SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_TRANSACTION)
        .withFlightSqlServerCancel(true)
        .withFlightSqlServerBulkIngestion(false)
        .withFlightSqlServerBulkIngestionTransaction(false)
        // No server-imposed limits: 0 means none.
        .withFlightSqlServerStatementTimeout(0)
        .withFlightSqlServerTransactionTimeout(0)
        .withSqlIdentifierQuoteChar(md.getIdentifierQuoteString())
        .withSqlSearchStringEscape(md.getSearchStringEscape())
        .withSqlExtraNameCharacters(md.getExtraNameCharacters())
        .withSqlSchemaTerm(md.getSchemaTerm())
        .withSqlCatalogTerm(md.getCatalogTerm())
        .withSqlProcedureTerm(md.getProcedureTerm())
        .withSqlDdlCatalog(false)
        .withSqlDdlSchema(false)
        .withSqlDdlTable(true)
        .withSqlSupportsColumnAliasing(md.supportsColumnAliasing())
        .withSqlNullPlusNullIsNull(md.nullPlusNonNullIsNull())
        .withSqlSupportsTableCorrelationNames(md.supportsTableCorrelationNames())
        .withSqlSupportsDifferentTableCorrelationNames(
            md.supportsDifferentTableCorrelationNames())
        .withSqlSupportsExpressionsInOrderBy(md.supportsExpressionsInOrderBy())
        .withSqlSupportsOrderByUnrelated(md.supportsOrderByUnrelated())
        .withSqlSupportsLikeEscapeClause(md.supportsLikeEscapeClause())
        .withSqlSupportsNonNullableColumns(md.supportsNonNullableColumns())
        .withSqlSupportsIntegrityEnhancementFacility(
            md.supportsIntegrityEnhancementFacility())
        .withSqlCatalogAtStart(md.isCatalogAtStart())
        .withSqlSelectForUpdateSupported(md.supportsSelectForUpdate())
        .withSqlStoredProceduresSupported(md.supportsStoredProcedures())
        .withSqlCorrelatedSubqueriesSupported(md.supportsCorrelatedSubqueries())
        .withSqlMaxRowSizeIncludesBlobs(md.doesMaxRowSizeIncludeBlobs())
        .withSqlTransactionsSupported(md.supportsTransactions())
        .withSqlDataDefinitionCausesTransactionCommit(md.dataDefinitionCausesTransactionCommit())
        .withSqlDataDefinitionsInTransactionsIgnored(md.dataDefinitionIgnoredInTransactions())
        .withSqlBatchUpdatesSupported(md.supportsBatchUpdates())
        .withSqlSavepointsSupported(md.supportsSavepoints())
        .withSqlNamedParametersSupported(md.supportsNamedParameters())
        .withSqlLocatorsUpdateCopy(md.locatorsUpdateCopy())
        .withSqlStoredFunctionsUsingCallSyntaxSupported(
            md.supportsStoredFunctionsUsingCallSyntax())
        .withSqlIdentifierCase(caseOf(md.storesUpperCaseIdentifiers(),
            md.storesLowerCaseIdentifiers(), md.storesMixedCaseIdentifiers(),
            md.supportsMixedCaseIdentifiers()))
        .withSqlQuotedIdentifierCase(caseOf(md.storesUpperCaseQuotedIdentifiers(),
            md.storesLowerCaseQuotedIdentifiers(), md.storesMixedCaseQuotedIdentifiers(),
            md.supportsMixedCaseQuotedIdentifiers()))
        .withSqlAllTablesAreSelectable(md.allTablesAreSelectable())
        .withSqlNullOrdering(md.nullsAreSortedAtStart() ? SqlNullOrdering.SQL_NULLS_SORTED_AT_START
            : md.nullsAreSortedAtEnd() ? SqlNullOrdering.SQL_NULLS_SORTED_AT_END
            : md.nullsAreSortedLow() ? SqlNullOrdering.SQL_NULLS_SORTED_LOW
            : SqlNullOrdering.SQL_NULLS_SORTED_HIGH)
        .withSqlMaxBinaryLiteralLength(md.getMaxBinaryLiteralLength())
        .withSqlMaxCharLiteralLength(md.getMaxCharLiteralLength())
        .withSqlMaxColumnNameLength(md.getMaxColumnNameLength())
        .withSqlMaxColumnsInGroupBy(md.getMaxColumnsInGroupBy())
        .withSqlMaxColumnsInIndex(md.getMaxColumnsInIndex())
        .withSqlMaxColumnsInOrderBy(md.getMaxColumnsInOrderBy())
        .withSqlMaxColumnsInSelect(md.getMaxColumnsInSelect())
        .withSqlMaxColumnsInTable(md.getMaxColumnsInTable())
        .withSqlMaxConnections(md.getMaxConnections())
        .withSqlMaxCursorNameLength(md.getMaxCursorNameLength())
        .withSqlMaxIndexLength(md.getMaxIndexLength())
        .withSqlDbSchemaNameLength(md.getMaxSchemaNameLength())
        .withSqlMaxProcedureNameLength(md.getMaxProcedureNameLength())
        .withSqlMaxCatalogNameLength(md.getMaxCatalogNameLength())
        .withSqlMaxRowSize(md.getMaxRowSize())
        .withSqlMaxStatementLength(md.getMaxStatementLength())
        .withSqlMaxStatements(md.getMaxStatements())
        .withSqlMaxTableNameLength(md.getMaxTableNameLength())
        .withSqlMaxTablesInSelect(md.getMaxTablesInSelect())
        .withSqlMaxUsernameLength(md.getMaxUserNameLength())
        .withSqlDefaultTransactionIsolation(md.getDefaultTransactionIsolation())
        .withSqlSupportedGroupBy(supported(
            md.supportsGroupByUnrelated(), SqlSupportedGroupBy.SQL_GROUP_BY_UNRELATED,
            md.supportsGroupByBeyondSelect(), SqlSupportedGroupBy.SQL_GROUP_BY_BEYOND_SELECT)
            .toArray(new SqlSupportedGroupBy[0]))
        .withSqlSupportedGrammar(supported(
            md.supportsMinimumSQLGrammar(), SupportedSqlGrammar.SQL_MINIMUM_GRAMMAR,
            md.supportsCoreSQLGrammar(), SupportedSqlGrammar.SQL_CORE_GRAMMAR,
            md.supportsExtendedSQLGrammar(), SupportedSqlGrammar.SQL_EXTENDED_GRAMMAR)
            .toArray(new SupportedSqlGrammar[0]))
        .withSqlAnsi92SupportedLevel(supported(
            md.supportsANSI92EntryLevelSQL(), SupportedAnsi92SqlGrammarLevel.ANSI92_ENTRY_SQL,
            md.supportsANSI92IntermediateSQL(),
            SupportedAnsi92SqlGrammarLevel.ANSI92_INTERMEDIATE_SQL,
            md.supportsANSI92FullSQL(), SupportedAnsi92SqlGrammarLevel.ANSI92_FULL_SQL)
            .toArray(new SupportedAnsi92SqlGrammarLevel[0]))
        .withSqlSchemasSupportedActions(supported(
            md.supportsSchemasInProcedureCalls(),
            SqlSupportedElementActions.SQL_ELEMENT_IN_PROCEDURE_CALLS,
            md.supportsSchemasInIndexDefinitions(),
            SqlSupportedElementActions.SQL_ELEMENT_IN_INDEX_DEFINITIONS,
            md.supportsSchemasInPrivilegeDefinitions(),
            SqlSupportedElementActions.SQL_ELEMENT_IN_PRIVILEGE_DEFINITIONS)
            .toArray(new SqlSupportedElementActions[0]))
        .withSqlCatalogsSupportedActions(supported(
            md.supportsCatalogsInProcedureCalls(),
            SqlSupportedElementActions.SQL_ELEMENT_IN_PROCEDURE_CALLS,
            md.supportsCatalogsInIndexDefinitions(),
            SqlSupportedElementActions.SQL_ELEMENT_IN_INDEX_DEFINITIONS,
            md.supportsCatalogsInPrivilegeDefinitions(),
            SqlSupportedElementActions.SQL_ELEMENT_IN_PRIVILEGE_DEFINITIONS)
            .toArray(new SqlSupportedElementActions[0]))
        .withSqlSupportedPositionedCommands(supported(
            md.supportsPositionedDelete(), SqlSupportedPositionedCommands.SQL_POSITIONED_DELETE,
            md.supportsPositionedUpdate(), SqlSupportedPositionedCommands.SQL_POSITIONED_UPDATE)
            .toArray(new SqlSupportedPositionedCommands[0]))
        .withSqlSubQueriesSupported(supported(
            md.supportsSubqueriesInComparisons(),
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_COMPARISONS,
            md.supportsSubqueriesInExists(), SqlSupportedSubqueries.SQL_SUBQUERIES_IN_EXISTS,
            md.supportsSubqueriesInIns(), SqlSupportedSubqueries.SQL_SUBQUERIES_IN_INS,
            md.supportsSubqueriesInQuantifieds(),
            SqlSupportedSubqueries.SQL_SUBQUERIES_IN_QUANTIFIEDS)
            .toArray(new SqlSupportedSubqueries[0]))
        .withSqlSupportedUnions(supported(
            md.supportsUnion(), SqlSupportedUnions.SQL_UNION,
            md.supportsUnionAll(), SqlSupportedUnions.SQL_UNION_ALL)
            .toArray(new SqlSupportedUnions[0]))
        .withSqlOuterJoinSupportLevel(md.supportsFullOuterJoins()
            ? SqlOuterJoinsSupportLevel.SQL_FULL_OUTER_JOINS
            : md.supportsLimitedOuterJoins() ? SqlOuterJoinsSupportLevel.SQL_LIMITED_OUTER_JOINS
            : SqlOuterJoinsSupportLevel.SQL_JOINS_UNSUPPORTED)
        .withSqlSupportedTransactionsIsolationLevels(supported(
            md.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE),
            SqlTransactionIsolationLevel.SQL_TRANSACTION_NONE,
            md.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_UNCOMMITTED),
            SqlTransactionIsolationLevel.SQL_TRANSACTION_READ_UNCOMMITTED,
            md.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED),
            SqlTransactionIsolationLevel.SQL_TRANSACTION_READ_COMMITTED,
            md.supportsTransactionIsolationLevel(Connection.TRANSACTION_REPEATABLE_READ),
            SqlTransactionIsolationLevel.SQL_TRANSACTION_REPEATABLE_READ,
            md.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE),
            SqlTransactionIsolationLevel.SQL_TRANSACTION_SERIALIZABLE)
            .toArray(new SqlTransactionIsolationLevel[0]))
        .withSqlSupportedResultSetTypes(supported(
            md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY),
            SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_FORWARD_ONLY,
            md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE),
            SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_SCROLL_INSENSITIVE,
            md.supportsResultSetType(ResultSet.TYPE_SCROLL_SENSITIVE),
            SqlSupportedResultSetType.SQL_RESULT_SET_TYPE_SCROLL_SENSITIVE)
            .toArray(new SqlSupportedResultSetType[0]))
        .withSqlKeywords(list(md.getSQLKeywords()))
        .withSqlNumericFunctions(list(md.getNumericFunctions()))
        .withSqlStringFunctions(list(md.getStringFunctions()))
        .withSqlSystemFunctions(list(md.getSystemFunctions()))
        .withSqlDatetimeFunctions(list(md.getTimeDateFunctions()))
        .withSqlSupportsConvert(conversions(md));
    provided = EnumSet.complementOf(EnumSet.copyOf(NOT_PROVIDED)).stream()
        .filter(info -> info != SqlInfo.UNRECOGNIZED)
        .map(SqlInfo::getNumber)
        .collect(Collectors.toUnmodifiableSet());
  }

  /** Sends the infos asked for (all if none), leaving out those this server does not know. */
  void send(List<Integer> infos, ServerStreamListener listener) {
    final List<Integer> known = new ArrayList<>();
    for (Integer info : infos.isEmpty() ? provided : infos) {
      if (provided.contains(info)) {
        known.add(info);
      }
    }
    known.sort(null);
    builder.send(known, listener);
  }

  private static SqlSupportedCaseSensitivity caseOf(boolean upper, boolean lower, boolean mixed,
      boolean sensitive) {
    if (upper) {
      return SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_UPPERCASE;
    }
    if (lower) {
      return SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_LOWERCASE;
    }
    if (mixed && !sensitive) {
      return SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE;
    }
    return SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_UNKNOWN;
  }

  /** The values whose flag is true, from pairs of (flag, value). */
  @SuppressWarnings("unchecked")
  private static <T> List<T> supported(Object... flagsAndValues) {
    final List<T> values = new ArrayList<>();
    for (int i = 0; i < flagsAndValues.length; i += 2) {
      if ((Boolean) flagsAndValues[i]) {
        values.add((T) flagsAndValues[i + 1]);
      }
    }
    return values;
  }

  private static String[] list(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      return new String[0];
    }
    return java.util.Arrays.stream(commaSeparated.split(",")).map(String::trim)
        .filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  /** For each type, the types CAST converts it to, as DatabaseMetaData.supportsConvert says. */
  private static Map<Integer, List<Integer>> conversions(DatabaseMetaData md)
      throws SQLException {
    final Map<Integer, List<Integer>> map = new HashMap<>();
    for (SqlSupportsConvert from : SqlSupportsConvert.values()) {
      if (from == SqlSupportsConvert.UNRECOGNIZED) {
        continue;
      }
      final List<Integer> targets = new ArrayList<>();
      for (SqlSupportsConvert to : SqlSupportsConvert.values()) {
        if (to != SqlSupportsConvert.UNRECOGNIZED
            && md.supportsConvert(jdbcType(from), jdbcType(to))) {
          targets.add(to.getNumber());
        }
      }
      if (!targets.isEmpty()) {
        map.put(from.getNumber(), targets);
      }
    }
    return map;
  }

  private static int jdbcType(SqlSupportsConvert type) {
    return switch (type) {
      case SQL_CONVERT_BIGINT -> Types.BIGINT;
      case SQL_CONVERT_BINARY -> Types.BINARY;
      case SQL_CONVERT_BIT -> Types.BIT;
      case SQL_CONVERT_CHAR -> Types.CHAR;
      case SQL_CONVERT_DATE -> Types.DATE;
      case SQL_CONVERT_DECIMAL -> Types.DECIMAL;
      case SQL_CONVERT_FLOAT -> Types.FLOAT;
      case SQL_CONVERT_INTEGER -> Types.INTEGER;
      // JDBC has no interval types: no conversion to or from them is reported.
      case SQL_CONVERT_INTERVAL_DAY_TIME, SQL_CONVERT_INTERVAL_YEAR_MONTH, UNRECOGNIZED ->
          Types.OTHER;
      case SQL_CONVERT_LONGVARBINARY -> Types.LONGVARBINARY;
      case SQL_CONVERT_LONGVARCHAR -> Types.LONGVARCHAR;
      case SQL_CONVERT_NUMERIC -> Types.NUMERIC;
      case SQL_CONVERT_REAL -> Types.REAL;
      case SQL_CONVERT_SMALLINT -> Types.SMALLINT;
      case SQL_CONVERT_TIME -> Types.TIME;
      case SQL_CONVERT_TIMESTAMP -> Types.TIMESTAMP;
      case SQL_CONVERT_TINYINT -> Types.TINYINT;
      case SQL_CONVERT_VARBINARY -> Types.VARBINARY;
      case SQL_CONVERT_VARCHAR -> Types.VARCHAR;
    };
  }
}
