package dev.sorrel.jdbc;

import java.sql.SQLException;

import org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.flight.CallStatus;
import org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.flight.FlightRuntimeException;

import dev.sorrel.engine.ErrorCode;

/**
 * Turns what Arrow's Flight SQL JDBC driver raises into the SQLException an
 * embedded connection raises for the same mistake. A Sorrel server sends the
 * SQLState in the Flight status' {@value #SQLSTATE_KEY} trailer and the
 * embedded message as the status' description; Arrow's driver keeps that
 * status as a {@link FlightRuntimeException} in the cause chain of the
 * exception it throws (its message prefixed with the driver's own words),
 * so the state and message are read from there. Failures without a state
 * (the server cannot be reached, the login is refused, the call is canceled)
 * are classified by the Flight status code.
 *
 * <p>The Flight classes are the driver jar's relocated copies
 * ({@code org.apache.arrow.driver.jdbc.shaded...}): those are the classes its
 * exceptions are instances of.
 */
final class RemoteErrors {
  /** The trailer a Sorrel server sends the SQLState of a failed call in. */
  static final String SQLSTATE_KEY = "sorrel-sqlstate";

  private RemoteErrors() {
  }

  /**
   * The SQLException for a failure of a call on a server connection.
   *
   * @param address    the server's host and port, for messages
   * @param connecting whether the failure happened while connecting, when an
   *                   unreachable server is 08001 rather than a lost connection (08006)
   */
  static SQLException translate(Throwable failure, String address, boolean connecting) {
    final FlightRuntimeException flight = flightCause(failure);
    if (flight != null) {
      final CallStatus status = flight.status();
      final String state = status.metadata().containsKey(SQLSTATE_KEY)
          ? status.metadata().get(SQLSTATE_KEY) : null;
      final String description = status.description() == null || status.description().isEmpty()
          ? String.valueOf(failure.getMessage()) : status.description();
      if (state != null) {
        // The server's status is the cause: Arrow's wrapper only repeats its description.
        return create(state, description, flight);
      }
      switch (status.code()) {
        case UNAUTHENTICATED -> {
          return create(ErrorCode.INVALID_AUTHORIZATION.sqlState(), "authentication failed at "
              + address + ": " + description, failure);
        }
        case UNAVAILABLE -> {
          return connecting
              ? create(ErrorCode.CONNECTION_FAILURE.sqlState(), "cannot connect to the server at "
                  + address + ": " + rootMessage(failure), failure)
              : create("08006", "the connection to the server at " + address + " was lost: "
                  + description, failure);
        }
        case CANCELLED, TIMED_OUT -> {
          return create(ErrorCode.QUERY_CANCELED.sqlState(), "query canceled", failure);
        }
        case UNAUTHORIZED -> {
          return create("42501", description, failure);
        }
        case UNIMPLEMENTED -> {
          return create(ErrorCode.FEATURE_NOT_SUPPORTED.sqlState(), description, failure);
        }
        case OK, UNKNOWN, INTERNAL, INVALID_ARGUMENT, NOT_FOUND, ALREADY_EXISTS,
            RESOURCE_EXHAUSTED -> {
          // A server other than Sorrel's, or a failure outside a statement: below.
        }
      }
    }
    if (timedOut(failure)) {
      // Arrow's driver stops waiting at the query timeout and closes the statement, which
      // makes the server cancel it: the embedded outcome of a timeout.
      return create(ErrorCode.QUERY_CANCELED.sqlState(), "query canceled", failure);
    }
    if (connecting) {
      return create(ErrorCode.CONNECTION_FAILURE.sqlState(), "cannot connect to the server at "
          + address + ": " + rootMessage(failure), failure);
    }
    if (failure instanceof SQLException s && s.getSQLState() != null) {
      return SqlErrors.translate(s);
    }
    return SqlErrors.translate(failure);
  }

  /** The exception of a state: the class an embedded connection raises for it. */
  static SQLException create(String state, String message, Throwable cause) {
    return SqlErrors.create(state, message, cause);
  }

  private static FlightRuntimeException flightCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof FlightRuntimeException f) {
        return f;
      }
    }
    return null;
  }

  private static boolean timedOut(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException
          || String.valueOf(t.getMessage()).startsWith("Query timed out after")) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable t = failure;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
