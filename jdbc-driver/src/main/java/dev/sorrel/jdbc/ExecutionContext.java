package dev.sorrel.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.TimeFrameSet;
import org.apache.calcite.rel.type.TimeFrames;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.advise.SqlAdvisor;
import org.apache.calcite.sql.advise.SqlAdvisorValidator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Util;
import org.checkerframework.checker.nullness.qual.Nullable;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * The variables and parameter values one execution of a query reads: the
 * same as Calcite's own data context, without its cost. Calcite builds its
 * context by re-reading the connection's settings (each read parses all of
 * the connection's properties) and copying every variable into a map; here
 * what does not change is read once per connection ({@link Session}), and
 * the clock-dependent variables are derived from one reading of the clock
 * when asked for.
 *
 * <p>Not set, unlike in Calcite's context: the statement's query timeout
 * ({@link DataContext.Variable#TIMEOUT}, which only Calcite's JDBC adapter
 * reads) and the values of Calcite's test hooks for the clock and the
 * standard streams.
 */
final class ExecutionContext implements DataContext {
  /** Execution settings of one connection, read when its first query runs. */
  static final class Session {
    private final CalciteConnection connection;
    private final JavaTypeFactory typeFactory;
    /** The connection's time zone; null for the JVM's default, read at each execution. */
    private final @Nullable TimeZone zone;
    private final Locale locale;
    private final TimeFrameSet timeFrames;
    private final @Nullable String systemUser;
    final boolean spark;
    /** The connection's transaction state, handed to the runtime as a variable. */
    final TransactionState transactions;

    Session(CalciteConnection connection, TransactionState transactions) {
      this.transactions = transactions;
      final CalciteConnectionConfig config = connection.config();
      this.connection = connection;
      this.typeFactory = connection.getTypeFactory();
      this.zone = config.timeZone() == null ? null : TimeZone.getTimeZone(config.timeZone());
      this.locale = config.locale() == null ? Locale.ROOT : Util.parseLocale(config.locale());
      this.timeFrames = typeFactory.getTypeSystem().deriveTimeFrameSet(TimeFrames.CORE);
      this.systemUser = System.getProperty("user.name");
      this.spark = config.spark();
    }
  }

  private final Session session;
  private final @Nullable CalciteSchema rootSchema;
  private final Map<String, Object> internalParameters;
  private final @Nullable Object[] parameters;
  private final AtomicBoolean cancelFlag;
  /** When the query started: CURRENT_TIMESTAMP and the like stay the same throughout it. */
  private final long time;
  private final TimeZone zone;

  /**
   * Creates the context of one execution.
   *
   * @throws SorrelException (22023) if a parameter has no value
   */
  ExecutionContext(Session session, @Nullable CalciteSchema rootSchema,
      Map<String, Object> internalParameters, List<TypedValue> parameterValues,
      AtomicBoolean cancelFlag) {
    this.session = session;
    this.rootSchema = rootSchema;
    this.internalParameters = internalParameters;
    this.parameters = new Object[parameterValues.size()];
    for (int i = 0; i < parameters.length; i++) {
      final TypedValue value = parameterValues.get(i);
      if (value == null) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE,
            "parameter " + (i + 1) + " has no value");
      }
      parameters[i] = value.toLocal();
    }
    this.cancelFlag = cancelFlag;
    this.time = System.currentTimeMillis();
    this.zone = session.zone != null ? session.zone : TimeZone.getDefault();
  }

  @Override public @Nullable Object get(String name) {
    if (name.length() > 1 && name.charAt(0) == '?') {
      final int index = Integer.parseInt(name, 1, name.length(), 10);
      return index < parameters.length ? parameters[index] : null;
    }
    final Object internal = internalParameters.get(name);
    if (internal != null) {
      return internal;
    }
    if (name.equals(TransactionState.VARIABLE)) {
      return session.transactions;
    }
    final Variable variable = VARIABLES.get(name);
    if (variable == null) {
      return null;
    }
    return switch (variable) {
      case UTC_TIMESTAMP -> time;
      case CURRENT_TIMESTAMP, LOCAL_TIMESTAMP -> time + zone.getOffset(time);
      case SYS_TIMESTAMP -> time + TimeZone.getDefault().getOffset(time);
      case SPARK_CONTEXT, TIMEOUT -> null;
      case CANCEL_FLAG -> cancelFlag;
      case SQL_ADVISOR -> advisor();
      case STDERR -> System.err;
      case STDIN -> System.in;
      case STDOUT -> System.out;
      case LOCALE -> session.locale;
      case TIME_ZONE -> zone;
      case TIME_FRAME_SET -> session.timeFrames;
      case USER -> "sa";
      case SYSTEM_USER -> session.systemUser;
    };
  }

  private static final Map<String, Variable> VARIABLES = variables();

  private static Map<String, Variable> variables() {
    final Map<String, Variable> variables = new java.util.HashMap<>();
    for (Variable variable : Variable.values()) {
      variables.put(variable.camelName, variable);
    }
    return Map.copyOf(variables);
  }

  /** Calcite's SQL advisor over this connection's schema, as Calcite's own context makes it. */
  private SqlAdvisor advisor() {
    final String schema;
    try {
      schema = session.connection.getSchema();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    final CalciteConnectionConfig config = session.connection.config();
    final CalciteSchema root = rootSchema != null ? rootSchema
        : CalciteSchema.from(session.connection.getRootSchema());
    final SqlAdvisorValidator validator = new SqlAdvisorValidator(
        SqlStdOperatorTable.instance(), new CalciteCatalogReader(root,
            schema == null ? List.of() : List.of(schema), session.typeFactory, config),
        session.typeFactory, SqlValidator.Config.DEFAULT);
    return new SqlAdvisor(validator, SqlParser.config()
        .withQuotedCasing(config.quotedCasing())
        .withUnquotedCasing(config.unquotedCasing())
        .withQuoting(config.quoting())
        .withConformance(config.conformance())
        .withCaseSensitive(config.caseSensitive()));
  }

  @Override public @Nullable SchemaPlus getRootSchema() {
    return rootSchema == null ? null : rootSchema.plus();
  }

  @Override public JavaTypeFactory getTypeFactory() {
    return session.typeFactory;
  }

  @Override public QueryProvider getQueryProvider() {
    return (QueryProvider) session.connection;
  }
}
