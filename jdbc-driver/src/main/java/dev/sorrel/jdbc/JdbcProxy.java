package dev.sorrel.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;

import dev.sorrel.engine.ErrorCode;

/**
 * The JDBC objects a Sorrel connection hands out: Calcite's connection,
 * statements, result sets and metadata, seen through a proxy that
 *
 * <ul>
 *   <li>translates every failure, whichever layer it comes from, into a
 *       {@link SqlErrors translated} SQLException, and a failure on a closed
 *       object into 08003 (connection), 26000 (statement) or 24000 (result
 *       set);
 *   <li>routes the methods Sorrel implements itself to a plain class per
 *       interface ({@link ConnectionOverrides}, {@link StatementOverrides},
 *       {@link PreparedStatementOverrides}, {@link ResultSetOverrides},
 *       {@link ResultSetMetaDataOverrides}, {@link DatabaseMetaDataOverrides})
 *       and every other method to Calcite's object;
 *   <li>keeps JDBC's object identity: an object equals only itself, the
 *       objects it made answer {@code getConnection()} and
 *       {@code getStatement()} with the proxies the caller holds, asking
 *       twice for the same object gives the same proxy, and {@code unwrap}
 *       reaches Calcite's objects;
 *   <li>tells a statement's {@link StatementControl}, which its result sets
 *       share, when an execution starts ({@code execute*}) and when it ends
 *       (an update count or batch returned, the last row read, the result set
 *       or statement closed), so that its query timeout counts exactly the
 *       execution; {@code cancel()} and {@code setQueryTimeout} are
 *       {@link StatementOverrides}' own.
 * </ul>
 *
 * <p>Why a proxy rather than subclasses of Calcite's classes: they cannot be
 * extended outside Calcite's package. Its connection and prepared-statement
 * classes are package-private, its statement and result-set constructors
 * too, and its connection casts each statement it creates to its own class,
 * so a driver's own {@code AvaticaFactory} could only return classes placed
 * inside {@code org.apache.calcite.jdbc}. Hand-written delegates would repeat
 * some 550 JDBC methods to change a few dozen.
 */
final class JdbcProxy implements InvocationHandler {
  /** The interfaces whose objects are wrapped, most specific first. */
  private static final List<Class<?>> WRAPPED = List.of(PreparedStatement.class,
      Statement.class, ResultSet.class, ResultSetMetaData.class, DatabaseMetaData.class,
      Connection.class);

  /** Each wrapped interface's methods that Sorrel implements itself, and who does. */
  private static final Map<Class<?>, Routes> ROUTES = Map.of(
      Connection.class, Routes.of(Connection.class, ConnectionOverrides.class,
          ConnectionOverrides::new),
      Statement.class, Routes.of(Statement.class, StatementOverrides.class,
          StatementOverrides::new),
      PreparedStatement.class, Routes.of(PreparedStatement.class,
          PreparedStatementOverrides.class, PreparedStatementOverrides::new),
      ResultSet.class, Routes.of(ResultSet.class, ResultSetOverrides.class,
          ResultSetOverrides::new),
      ResultSetMetaData.class, Routes.of(ResultSetMetaData.class,
          ResultSetMetaDataOverrides.class, ResultSetMetaDataOverrides::new),
      DatabaseMetaData.class, Routes.of(DatabaseMetaData.class,
          DatabaseMetaDataOverrides.class, DatabaseMetaDataOverrides::new));

  /** Interface method to the overriding method, and how to make the overriding object. */
  private record Routes(Map<Method, Method> methods, Function<JdbcProxy, Object> factory) {
    static Routes of(Class<?> iface, Class<?> overrides, Function<JdbcProxy, Object> factory) {
      final Map<Method, Method> methods = new HashMap<>();
      for (Method own : overrides.getMethods()) {
        if (own.getDeclaringClass() == Object.class || Modifier.isStatic(own.getModifiers())) {
          continue;
        }
        final Method declared;
        try {
          declared = iface.getMethod(own.getName(), own.getParameterTypes());
        } catch (NoSuchMethodException e) {
          throw new IllegalStateException(overrides.getSimpleName() + "." + own.getName()
              + " overrides no method of " + iface.getSimpleName(), e);
        }
        methods.put(declared, own);
      }
      return new Routes(Map.copyOf(methods), factory);
    }
  }

  /** An object handed out before, so that asking again gives the same proxy. */
  private record Child(Object target, Object proxy) {
  }

  private final Object target;
  private final Class<?> type;
  /** The object that made this one (statement of a result set, ...); null for a connection. */
  private final JdbcProxy parent;
  private final Routes routes;
  /** Where the connection's statements' timeouts run. */
  private final ScheduledExecutorService timers;
  /**
   * For a statement and the result sets it made, how the statement is
   * canceled and timed out; null for other objects.
   */
  private final StatementControl control;
  private final Object overrides;
  private Object proxy;
  private volatile Child lastChild;
  /** The connection's time zone (connections only), read once: reading it parses properties. */
  private volatile TimeZone timeZone;

  private JdbcProxy(Object target, Class<?> type, JdbcProxy parent,
      ScheduledExecutorService timers) {
    this.target = target;
    this.type = type;
    this.parent = parent;
    this.routes = ROUTES.get(type);
    this.timers = timers;
    this.control = target instanceof AvaticaStatement s ? new StatementControl(s, timers)
        : target instanceof ResultSet && parent != null ? parent.control : null;
    this.overrides = routes.factory.apply(this);
  }

  /**
   * The caller's view of a new connection.
   *
   * @param timers the database's timer, on which statements' timeouts run
   */
  static Connection wrap(Connection connection, ScheduledExecutorService timers) {
    return (Connection) create(connection, Connection.class, null, timers);
  }

  private static Object create(Object target, Class<?> type, JdbcProxy parent,
      ScheduledExecutorService timers) {
    final JdbcProxy handler = new JdbcProxy(target, type, parent, timers);
    handler.proxy = Proxy.newProxyInstance(JdbcProxy.class.getClassLoader(),
        new Class<?>[] {type}, handler);
    return handler.proxy;
  }

  /** Calcite's object behind the proxy. */
  <T> T target(Class<T> as) {
    return as.cast(target);
  }

  /** The proxy the caller holds. */
  Object proxy() {
    return proxy;
  }

  /** The proxy of the connection this object belongs to. */
  Connection connection() {
    JdbcProxy h = this;
    while (h.parent != null) {
      h = h.parent;
    }
    return (Connection) h.proxy;
  }

  /** The connection's time zone, in which dates and times are read and written. */
  TimeZone timeZone() {
    JdbcProxy h = this;
    while (h.parent != null) {
      h = h.parent;
    }
    TimeZone zone = h.timeZone;
    if (zone == null) {
      zone = h.target(AvaticaConnection.class).getTimeZone();
      h.timeZone = zone;
    }
    return zone;
  }

  /** The object that made this one, or null. */
  JdbcProxy parent() {
    return parent;
  }

  /** How this statement, or the statement of this result set, is stopped; else null. */
  StatementControl control() {
    return control;
  }

  /** Sorrel's part of another wrapped object of this connection, as the caller's proxy sees it. */
  static JdbcProxy of(Object proxy) {
    return (JdbcProxy) Proxy.getInvocationHandler(proxy);
  }

  @Override public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "Sorrel" + type.getSimpleName() + "@"
            + Integer.toHexString(System.identityHashCode(proxy));
      };
    }
    final String name = method.getName();
    if ((name.equals("unwrap") || name.equals("isWrapperFor")) && args[0] instanceof Class<?> c) {
      if (c.isInstance(proxy)) {
        return name.equals("unwrap") ? proxy : Boolean.TRUE;
      }
      if (name.equals("unwrap") && !((java.sql.Wrapper) target).isWrapperFor(c)) {
        throw SqlErrors.create(ErrorCode.INVALID_PARAMETER_VALUE.sqlState(), "this "
            + type.getSimpleName() + " does not implement " + c.getName(), null);
      }
    }
    final Method own = routes.methods.get(method);
    final boolean executes = control != null && target instanceof Statement
        && name.startsWith("execute");
    final Object result;
    try {
      if (executes) {
        control.start();
      }
      result = own != null ? own.invoke(overrides, args) : method.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (control != null) {
        control.finish();
      }
      if (outOfMemory(e.getCause())) {
        releaseAfterOutOfMemory();
      }
      throw translate(method, e.getCause());
    } catch (SQLException e) { // from arming the timeout
      control.finish();
      throw translate(method, e);
    }
    if (control != null && ends(name, result, executes)) {
      control.finish();
    }
    return wrapResult(method.getReturnType(), result);
  }

  /**
   * Whether a call that returned {@code result} ended the statement's
   * execution: an execution that returned no rows, the last row read, or the
   * statement or its result set closed.
   */
  private boolean ends(String name, Object result, boolean executes) {
    if (executes) {
      return !(result instanceof ResultSet) && !Boolean.TRUE.equals(result);
    }
    return name.equals("close") || target instanceof ResultSet && name.equals("next")
        && Boolean.FALSE.equals(result);
  }

  /** Whether a failure is, or was caused by, the JVM running out of memory. */
  private static boolean outOfMemory(Throwable failure) {
    final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      if (t instanceof OutOfMemoryError) {
        return true;
      }
    }
    return false;
  }

  /**
   * After a statement ran the JVM out of memory: closes the result set that
   * failed (its enumerator holds the sort or join that filled the heap, and
   * its snapshot), so that the memory is released now rather than when the
   * caller closes it.
   */
  private void releaseAfterOutOfMemory() {
    if (target instanceof ResultSet results) {
      try {
        results.close();
      } catch (SQLException | RuntimeException ignored) {
        // Reported as the out-of-memory error it followed; the statement is done either way.
      }
    }
  }

  private Throwable translate(Method method, Throwable cause) {
    // Errors too: Calcite evaluates constant expressions in generated static
    // initialisers, so "SELECT 1 / 0" arrives as an ExceptionInInitializerError.
    // Of the JVM's own errors, running out of memory is the statement's (53200: the
    // objects it allocated are unreachable once it fails, and the database stays
    // usable); the others (a stack overflow, an internal JVM error) pass as they are.
    if (!(cause instanceof SQLException || cause instanceof RuntimeException
        || cause instanceof OutOfMemoryError
        || cause instanceof Error && !(cause instanceof VirtualMachineError))) {
      return cause;
    }
    SQLException translated = method.getName().equals("close") ? null : closedError();
    if (translated == null) {
      translated = cause instanceof SQLException s && isTranslated(s)
          ? s : SqlErrors.translate(cause);
    }
    final String name = method.getName();
    if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
      // A batch is one transaction: on failure none of it is applied.
      return new BatchUpdateException(translated.getMessage(), translated.getSQLState(),
          translated.getErrorCode(), new int[0], translated);
    }
    if (!declares(method, SQLException.class) && declares(method, SQLClientInfoException.class)
        && !(translated instanceof SQLClientInfoException)) {
      return new SQLClientInfoException(translated.getMessage(), translated.getSQLState(),
          translated.getErrorCode(), Map.of(), translated);
    }
    return translated;
  }

  private static boolean declares(Method method, Class<?> exception) {
    for (Class<?> declared : method.getExceptionTypes()) {
      if (declared == exception) {
        return true;
      }
    }
    return false;
  }

  /**
   * The error for using a closed object, or null if it is open: Calcite reports
   * these as bare SQLExceptions without a state.
   */
  SQLException closedError() {
    try {
      if (connection().isClosed()) {
        return SqlErrors.create(ErrorCode.CONNECTION_CLOSED.sqlState(),
            "the connection is closed", null);
      }
      if (target instanceof Statement s && s.isClosed()) {
        return SqlErrors.create(ErrorCode.INVALID_STATEMENT_NAME.sqlState(),
            "the statement is closed", null);
      }
      if (target instanceof ResultSet r && r.isClosed()) {
        return SqlErrors.create(ErrorCode.INVALID_CURSOR_STATE.sqlState(),
            "the result set is closed", null);
      }
    } catch (SQLException e) {
      return null;
    }
    return null;
  }

  private static boolean isTranslated(SQLException e) {
    return e.getSQLState() != null && e.getClass() != SQLException.class
        || e instanceof SQLFeatureNotSupportedException && e.getSQLState() != null
        || e instanceof SQLClientInfoException && e.getSQLState() != null;
  }

  /** The proxy of an object this one made, as {@link #invoke} would return it. */
  Object child(Object result, Class<?> declared) {
    return wrapResult(declared, result);
  }

  /** The object implementing Sorrel's own methods of this one. */
  Object overrides() {
    return overrides;
  }

  private Object wrapResult(Class<?> declared, Object result) {
    if (result == null || declared.isPrimitive() || declared == Object.class
        || Proxy.isProxyClass(result.getClass())
        && Proxy.getInvocationHandler(result) instanceof JdbcProxy) {
      return result;
    }
    // An object the caller already holds: this one, or one that made it. (Calcite's
    // prepared statement is also its own ParameterMetaData, which is not wrapped.)
    for (JdbcProxy h = this; h != null; h = h.parent) {
      if (h.target == result && declared.isAssignableFrom(h.type)) {
        return h.proxy;
      }
    }
    final Child last = lastChild;
    if (last != null && last.target == result && declared.isInstance(last.proxy)) {
      return last.proxy;
    }
    for (Class<?> wrapped : WRAPPED) {
      if (declared.isAssignableFrom(wrapped) && wrapped.isInstance(result)) {
        final Object child = create(result, wrapped, this, timers);
        lastChild = new Child(result, child);
        return child;
      }
    }
    return result;
  }
}
