package dev.sorrel.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

/**
 * Wraps the JDBC objects a Sorrel connection hands out, so that every
 * failure, whichever layer it comes from, reaches the caller as a
 * {@link SqlErrors translated} SQLException. Objects returned by wrapped
 * objects (statements, result sets, metadata) are wrapped in turn, and
 * {@code getConnection()} answers the wrapped connection.
 */
final class ErrorTranslatingProxy implements InvocationHandler {
  private static final Class<?>[] WRAPPED = {
      CallableStatement.class, PreparedStatement.class, Statement.class, ResultSet.class,
      DatabaseMetaData.class};

  private final Object target;
  /** The wrapped connection, answered by {@code getConnection()}. */
  private Connection connection;

  private ErrorTranslatingProxy(Object target, Connection connection) {
    this.target = target;
    this.connection = connection;
  }

  static Connection wrap(Connection connection) {
    final ErrorTranslatingProxy handler = new ErrorTranslatingProxy(connection, null);
    final Connection proxy = (Connection) Proxy.newProxyInstance(
        ErrorTranslatingProxy.class.getClassLoader(), new Class<?>[] {Connection.class},
        handler);
    handler.connection = proxy;
    return proxy;
  }

  @Override public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    final String name = method.getName();
    if (name.equals("getConnection") && method.getParameterCount() == 0 && connection != null) {
      return connection;
    }
    if (name.equals("unwrap") || name.equals("isWrapperFor")) {
      final Class<?> type = (Class<?>) args[0];
      if (type.isInstance(proxy)) {
        return name.equals("unwrap") ? proxy : Boolean.TRUE;
      }
    }
    final Object result;
    try {
      result = method.invoke(target, args);
    } catch (InvocationTargetException e) {
      final Throwable cause = e.getCause();
      // Errors too: Calcite evaluates constant expressions in generated static
      // initialisers, so "SELECT 1 / 0" arrives as an ExceptionInInitializerError.
      if (cause instanceof SQLException || cause instanceof RuntimeException
          || (cause instanceof Error && !(cause instanceof VirtualMachineError))) {
        final SQLException translated = cause instanceof SQLException s && isTranslated(s)
            ? s : SqlErrors.translate(cause);
        if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
          // A batch is one transaction: on failure none of it is applied.
          throw new java.sql.BatchUpdateException(translated.getMessage(),
              translated.getSQLState(), translated.getErrorCode(), new int[0], translated);
        }
        throw translated;
      }
      throw cause;
    }
    return wrapResult(method.getReturnType(), result);
  }

  private static boolean isTranslated(SQLException e) {
    return e.getSQLState() != null && e.getClass() != SQLException.class
        || e instanceof SQLFeatureNotSupportedException;
  }

  private Object wrapResult(Class<?> declared, Object result) {
    if (result == null || declared.isPrimitive()) {
      return result;
    }
    for (Class<?> type : WRAPPED) {
      if (declared.isAssignableFrom(type) && type.isInstance(result)
          && declared != Object.class) {
        final Connection owner = connection;
        return Proxy.newProxyInstance(ErrorTranslatingProxy.class.getClassLoader(),
            new Class<?>[] {type}, new ErrorTranslatingProxy(result, owner));
      }
    }
    return result;
  }
}
