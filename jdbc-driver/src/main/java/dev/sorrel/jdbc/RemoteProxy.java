package dev.sorrel.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.sorrel.engine.ErrorCode;

/**
 * The JDBC objects of a server connection ({@code jdbc:sorrel://}): Arrow's
 * Flight SQL JDBC driver's connection, statements, result sets and metadata,
 * seen through a proxy that
 *
 * <ul>
 *   <li>translates every failure into the SQLException an embedded connection
 *       raises for the same mistake ({@link RemoteErrors}), and a call on a
 *       closed object into 08003 (connection), 26000 (statement) or 24000
 *       (result set), as embedded;
 *   <li>keeps JDBC's object identity: an object equals only itself, the
 *       objects it made answer {@code getConnection()} and
 *       {@code getStatement()} with the proxies the caller holds, and
 *       {@code unwrap} reaches Arrow's objects;
 *   <li>carries transactions ({@link RemoteTransactions}): Arrow's driver
 *       accepts {@code setAutoCommit(false)} and then commits every statement
 *       anyway;
 *   <li>answers {@code DatabaseMetaData}'s URL and driver name and version
 *       as Sorrel's driver, since the connection was made through it, and
 *       {@code getTypeInfo} and {@code getIndexInfo}, which Arrow's driver
 *       leaves empty, as embedded ({@link RemoteMetadata}).
 * </ul>
 *
 * <p>Why a proxy rather than subclasses or hand-written delegates: Arrow's
 * connection class is final and its driver builds its statements and result
 * sets itself, and delegates would repeat some 550 JDBC methods to change a
 * handful (the embedded driver's {@link JdbcProxy} is a proxy for the same
 * reason).
 */
final class RemoteProxy implements InvocationHandler {
  /** The interfaces whose objects are wrapped, most specific first. */
  private static final List<Class<?>> WRAPPED = List.of(PreparedStatement.class,
      Statement.class, ResultSet.class, DatabaseMetaData.class, Connection.class);

  /** An object handed out before, so that asking again gives the same proxy. */
  private record Child(Object target, Object proxy) {
  }

  private final Object target;
  private final Class<?> type;
  private final RemoteProxy parent;
  /** The server's URL as the caller gave it (without parameters) and its address. */
  private final String url;
  private final String address;
  /** Whether the connection's prepared queries run in one call; as its connection's. */
  private final boolean oneCall;
  /** A connection's autocommit and transactions; null for other objects. */
  private final RemoteTransactions transactions;
  private Object proxy;
  private volatile Child lastChild;
  /** A prepared statement's one-call execution ({@link DirectPrepared}); null otherwise. */
  private volatile DirectPrepared direct;
  /**
   * A connection's prepared statements with one-call executions, whose open results it
   * closes when it closes: they belong to no statement of Arrow's driver, which would
   * otherwise find their buffers still allocated. Null for other objects.
   */
  private final Set<DirectPrepared> directs;
  /**
   * A plain statement's batch of SQL texts ({@code addBatch(String)}), run by this driver:
   * Arrow's driver (18.3) fails such a batch with a NullPointerException, its {@code Meta}
   * having no batch of texts to prepare. Null for other objects.
   */
  private final List<String> texts;

  private RemoteProxy(Object target, Class<?> type, RemoteProxy parent, String url,
      String address, boolean oneCall) {
    this.target = target;
    this.oneCall = oneCall;
    this.type = type;
    this.parent = parent;
    this.url = url;
    this.address = address;
    this.transactions = type == Connection.class
        ? new RemoteTransactions((Connection) target) : null;
    this.directs = type == Connection.class ? ConcurrentHashMap.newKeySet() : null;
    this.texts = type == Statement.class ? new ArrayList<>() : null;
  }

  /** The caller's view of a new server connection. */
  static Connection wrap(Connection connection, String url, String address,
      boolean oneCallPrepared) {
    return (Connection) create(connection, Connection.class, null, url, address,
        oneCallPrepared);
  }

  private static Object create(Object target, Class<?> type, RemoteProxy parent, String url,
      String address, boolean oneCall) {
    final RemoteProxy handler = new RemoteProxy(target, type, parent, url, address, oneCall);
    handler.proxy = Proxy.newProxyInstance(RemoteProxy.class.getClassLoader(),
        new Class<?>[] {type}, handler);
    return handler.proxy;
  }

  @Override public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return switch (method.getName()) {
        case "equals" -> proxy == args[0];
        case "hashCode" -> System.identityHashCode(proxy);
        default -> "SorrelRemote" + type.getSimpleName() + "@"
            + Integer.toHexString(System.identityHashCode(proxy));
      };
    }
    final String name = method.getName();
    if (type == ResultSet.class) {
      try {
        final Object value = readRow(name, args);
        if (value != NONE) {
          return value;
        }
      } catch (SQLException | RuntimeException e) {
        throw translate(method, e);
      }
    }
    if ((name.equals("unwrap") || name.equals("isWrapperFor")) && args[0] instanceof Class<?> c) {
      if (c.isInstance(proxy)) {
        return name.equals("unwrap") ? proxy : Boolean.TRUE;
      }
      if (name.equals("unwrap") && !((java.sql.Wrapper) target).isWrapperFor(c)) {
        throw SqlErrors.create(ErrorCode.INVALID_PARAMETER_VALUE.sqlState(), "this "
            + type.getSimpleName() + " does not implement " + c.getName(), null);
      }
    }
    final Object result;
    try {
      final Object own = own(method, args);
      if (own != NONE) {
        result = own;
      } else if ((name.equals("executeBatch") || name.equals("executeLargeBatch"))
          && target instanceof Statement statement) {
        result = rootTransactions().batch(texts == null ? () -> method.invoke(target, args)
            : () -> executeTexts(statement, name.equals("executeLargeBatch")));
      } else {
        result = method.invoke(target, args);
      }
    } catch (InvocationTargetException e) {
      throw translate(method, e.getCause());
    } catch (SQLException | RuntimeException e) {
      throw translate(method, e);
    }
    final Object wrapped = wrapResult(method.getReturnType(), result);
    if (oneCall && type == Connection.class && name.equals("prepareStatement")
        && args[0] instanceof String sql
        && wrapped != null && Proxy.isProxyClass(wrapped.getClass())
        && Proxy.getInvocationHandler(wrapped) instanceof RemoteProxy child
        && child.type == PreparedStatement.class) {
      child.direct = new DirectPrepared(sql);
      directs.add(child.direct);
    }
    return wrapped;
  }

  /** Marks a method Sorrel does not answer itself. */
  private static final Object NONE = new Object();

  /** Sorrel's own answer to a call, or {@link #NONE}. */
  private Object own(Method method, Object[] args)
      throws SQLException, ReflectiveOperationException {
    final String name = method.getName();
    if (target instanceof Connection c && type == Connection.class) {
      switch (name) {
        case "setAutoCommit" -> {
          checkOpen(c);
          transactions.setAutoCommit((Boolean) args[0]);
          return null;
        }
        case "getAutoCommit" -> {
          checkOpen(c);
          return transactions.autoCommit();
        }
        case "isReadOnly" -> {
          // What the server says of this session (its --read-only, the user's role):
          // Arrow's connection answers from local properties that say nothing of either.
          checkOpen(c);
          return c.getMetaData().isReadOnly();
        }
        case "commit" -> {
          checkOpen(c);
          transactions.commit();
          return null;
        }
        case "rollback" -> {
          checkOpen(c);
          if (args == null || args.length == 0) {
            transactions.rollback();
          } else {
            transactions.rollback((Savepoint) args[0]);
          }
          return null;
        }
        case "setSavepoint" -> {
          checkOpen(c);
          return transactions.setSavepoint(args == null || args.length == 0 ? null
              : (String) args[0]);
        }
        case "releaseSavepoint" -> {
          checkOpen(c);
          transactions.release((Savepoint) args[0]);
          return null;
        }
        case "close" -> {
          if (!c.isClosed()) {
            for (DirectPrepared one : directs) {
              one.closeCurrent();
            }
            directs.clear();
            transactions.close();
          }
          return NONE;
        }
        default -> {
          return NONE;
        }
      }
    }
    if (texts != null && (name.equals("addBatch") || name.equals("clearBatch"))) {
      final Statement statement = (Statement) target;
      if (statement.isClosed()) {
        throw closedError();
      }
      synchronized (texts) {
        if (name.equals("clearBatch")) {
          texts.clear();
        } else if (args[0] == null) {
          throw SqlErrors.create(ErrorCode.INVALID_PARAMETER_VALUE.sqlState(),
              "addBatch needs an SQL statement, not null", null);
        } else {
          texts.add((String) args[0]);
        }
      }
      return null;
    }
    final DirectPrepared one = direct;
    if (one != null && target instanceof PreparedStatement p) {
      return ownPrepared(one, p, method, args);
    }
    if (type == ResultSet.class && parent != null && parent.direct != null) {
      final SQLException retired = parent.direct.retiredError(target);
      if (retired != null) {
        switch (name) {
          case "close" -> {
            return null;
          }
          case "isClosed" -> {
            return Boolean.TRUE;
          }
          default -> throw retired;
        }
      }
    }
    if (type == ResultSet.class && name.equals("getMetaData") && parent != null
        && parent.direct != null && parent.direct.current() == target) {
      return parent.direct.describe((ResultSet) target, (PreparedStatement) parent.target);
    }
    if (type == ResultSet.class && name.equals("getStatement") && parent != null
        && parent.target instanceof Statement) {
      // A one-call execution's rows belong to no statement of Arrow's driver.
      final Object statement = ((ResultSet) target).getStatement();
      return statement == null ? parent.proxy : statement;
    }
    if (type == DatabaseMetaData.class) {
      return switch (name) {
        case "getURL" -> url;
        case "getDriverName" -> SorrelDriver.DRIVER_NAME;
        case "getDriverVersion" -> SorrelDriver.VERSION;
        case "getDriverMajorVersion" -> SorrelDriver.MAJOR_VERSION;
        case "getDriverMinorVersion" -> SorrelDriver.MINOR_VERSION;
        case "getTypeInfo" -> RemoteMetadata.typeInfo(rootConnection());
        case "getIndexInfo" -> RemoteMetadata.indexInfo(rootConnection(), (String) args[1],
            (String) args[2], (Boolean) args[3], (Boolean) args[4]);
        default -> NONE;
      };
    }
    return NONE;
  }

  /**
   * A result set's per-row call made on Arrow's result set without reflection: {@code next},
   * {@code wasNull} and the getters of one value by column number, whose results need no
   * wrapping. They are nearly all the calls a client reading rows makes, and reflection and
   * {@link #own}'s checks cost about as much as Arrow's reading of the value. Returns
   * {@link #NONE} for any other call, and for the rows of a one-call execution that were
   * closed or canceled, whose calls {@link #own} refuses.
   */
  private Object readRow(String name, Object[] args) throws SQLException {
    if (parent != null && parent.direct != null && parent.direct.retiredError(target) != null) {
      return NONE;
    }
    final ResultSet rows = (ResultSet) target;
    if (args == null || args.length == 0) {
      return switch (name) {
        case "next" -> rows.next();
        case "wasNull" -> rows.wasNull();
        default -> NONE;
      };
    }
    if (args.length != 1 || !(args[0] instanceof Integer boxed)) {
      return NONE;
    }
    final int column = boxed;
    return switch (name) {
      case "getLong" -> rows.getLong(column);
      case "getInt" -> rows.getInt(column);
      case "getShort" -> rows.getShort(column);
      case "getByte" -> rows.getByte(column);
      case "getDouble" -> rows.getDouble(column);
      case "getFloat" -> rows.getFloat(column);
      case "getBoolean" -> rows.getBoolean(column);
      case "getString" -> rows.getString(column);
      case "getBigDecimal" -> rows.getBigDecimal(column);
      case "getBytes" -> rows.getBytes(column);
      case "getDate" -> rows.getDate(column);
      case "getTime" -> rows.getTime(column);
      case "getTimestamp" -> rows.getTimestamp(column);
      case "getObject" -> rows.getObject(column);
      default -> NONE;
    };
  }

  /** A prepared statement's calls that its one-call execution takes part in. */
  private Object ownPrepared(DirectPrepared one, PreparedStatement p, Method method,
      Object[] args) throws SQLException, ReflectiveOperationException {
    final String name = method.getName();
    if (method.getDeclaringClass() == PreparedStatement.class && name.startsWith("set")) {
      final Object result = method.invoke(p, args); // Arrow's statement checks the value
      one.record(method, args);
      return result;
    }
    switch (name) {
      case "clearParameters" -> {
        p.clearParameters();
        one.clear();
        return null;
      }
      case "executeQuery" -> {
        if (args == null || args.length == 0) {
          if (p.isClosed()) {
            throw closedError();
          }
          final ResultSet rows = one.executeQuery(p, rootConnection());
          if (rows != null) {
            return rows;
          }
        }
        one.closeCurrent();
        return NONE;
      }
      case "getResultSet" -> {
        final ResultSet rows = one.current();
        return rows != null ? rows : NONE;
      }
      case "close" -> {
        one.closeCurrent();
        if (parent != null && parent.directs != null) {
          parent.directs.remove(one);
        }
        return NONE;
      }
      case "cancel" -> {
        one.cancel();
        return NONE;
      }
      case "execute", "executeUpdate", "executeLargeUpdate", "executeBatch",
          "executeLargeBatch" -> {
        one.closeCurrent();
        return NONE;
      }
      default -> {
        return NONE;
      }
    }
  }

  /**
   * Runs a plain statement's batch of SQL texts one by one on Arrow's statement, inside the
   * transaction or savepoint {@link RemoteTransactions#batch} opens, and empties the batch
   * (whether it succeeds or not, as JDBC has it). A statement that returns rows fails the
   * batch, as embedded.
   */
  private Object executeTexts(Statement statement, boolean large) throws SQLException {
    final List<String> batch;
    synchronized (texts) {
      batch = List.copyOf(texts);
      texts.clear();
    }
    if (statement.isClosed()) {
      throw closedError();
    }
    final long[] counts = new long[batch.size()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = statement.executeLargeUpdate(batch.get(i));
    }
    if (large) {
      return counts;
    }
    final int[] small = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      small[i] = (int) Math.min(counts[i], Integer.MAX_VALUE);
    }
    return small;
  }

  /** The transactions of the connection this object belongs to. */
  private RemoteTransactions rootTransactions() {
    RemoteProxy root = this;
    while (root.parent != null) {
      root = root.parent;
    }
    return root.transactions;
  }

  /** Arrow's connection this object belongs to. */
  private Connection rootConnection() {
    RemoteProxy root = this;
    while (root.parent != null) {
      root = root.parent;
    }
    return (Connection) root.target;
  }

  private static void checkOpen(Connection c) throws SQLException {
    if (c.isClosed()) {
      throw SqlErrors.create(ErrorCode.CONNECTION_CLOSED.sqlState(), "the connection is closed",
          null);
    }
  }

  private Throwable translate(Method method, Throwable cause) {
    if (!(cause instanceof SQLException || cause instanceof RuntimeException
        || cause instanceof Error && !(cause instanceof VirtualMachineError))) {
      return cause;
    }
    if (cause instanceof SQLException s && s.getCause() == null && s.getSQLState() != null
        && s.getClass() != SQLException.class) {
      return s; // already Sorrel's own
    }
    SQLException translated = method.getName().equals("close") ? null : closedError();
    if (translated == null) {
      translated = RemoteErrors.translate(cause, address, false);
    }
    final String name = method.getName();
    if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
      return new BatchUpdateException(translated.getMessage(), translated.getSQLState(),
          translated.getErrorCode(), new int[0], translated);
    }
    if (declaresOnly(method, SQLClientInfoException.class)
        && !(translated instanceof SQLClientInfoException)) {
      return new SQLClientInfoException(translated.getMessage(), translated.getSQLState(),
          translated.getErrorCode(), Map.of(), translated);
    }
    return translated;
  }

  private static boolean declaresOnly(Method method, Class<?> exception) {
    boolean found = false;
    for (Class<?> declared : method.getExceptionTypes()) {
      if (declared == SQLException.class) {
        return false;
      }
      found |= declared == exception;
    }
    return found;
  }

  /** The error for using a closed object, or null if it is open. */
  private SQLException closedError() {
    try {
      if (rootConnection().isClosed()) {
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
    } catch (SQLException | RuntimeException e) {
      return null;
    }
    return null;
  }

  private Object wrapResult(Class<?> declared, Object result) {
    if (result == null || declared.isPrimitive() || declared == Object.class
        || Proxy.isProxyClass(result.getClass())
        && Proxy.getInvocationHandler(result) instanceof RemoteProxy) {
      return result;
    }
    // An object the caller already holds: this one, or one that made it.
    for (RemoteProxy h = this; h != null; h = h.parent) {
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
        final Object child = create(result, wrapped, this, url, address, oneCall);
        lastChild = new Child(result, child);
        return child;
      }
    }
    return result;
  }
}
