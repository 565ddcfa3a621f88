package dev.sorrel.server;

import java.sql.SQLException;

import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.ErrorFlightMetadata;
import org.apache.arrow.flight.FlightRuntimeException;

import dev.sorrel.jdbc.SqlErrors;

/**
 * Turns a failed statement into the Flight status a client receives. The
 * description is the message an embedded connection gives; the SQLState
 * travels in the status' trailing metadata under {@value #SQLSTATE_KEY}, so a
 * client that reads it raises the same JDBC exception as embedded; and the
 * status code gives clients that read neither a fitting category (NOT_FOUND
 * for an unknown table, CANCELLED for a canceled statement, ...).
 */
final class FlightErrors {
  /** The trailer that carries the SQLState of a failed call. */
  static final String SQLSTATE_KEY = "sorrel-sqlstate";

  private FlightErrors() {
  }

  /** The Flight exception for any failure: SQL errors keep their state and message. */
  static FlightRuntimeException of(Throwable failure) {
    if (failure instanceof FlightRuntimeException flight) {
      return flight;
    }
    final SQLException sql = failure instanceof SQLException s && s.getSQLState() != null
        ? s : SqlErrors.translate(failure);
    return of(sql.getSQLState(), sql.getMessage(), failure);
  }

  /** A Flight exception with a SQLState and message of its own. */
  static FlightRuntimeException of(String sqlState, String message, Throwable cause) {
    final ErrorFlightMetadata metadata = new ErrorFlightMetadata();
    metadata.insert(SQLSTATE_KEY, sqlState);
    return status(sqlState).withDescription(message).withCause(cause).withMetadata(metadata)
        .toRuntimeException();
  }

  /** The SQLState a Flight exception carries, or null if it carries none. */
  static String sqlState(FlightRuntimeException e) {
    return e.status().metadata().containsKey(SQLSTATE_KEY)
        ? e.status().metadata().get(SQLSTATE_KEY) : null;
  }

  /** The Flight status code closest to a SQLState's meaning. */
  private static CallStatus status(String sqlState) {
    if (sqlState == null || sqlState.length() < 2) {
      return CallStatus.UNKNOWN;
    }
    switch (sqlState) {
      case "42S02", "42S22", "42704", "3B001" -> {
        return CallStatus.NOT_FOUND;
      }
      case "42S01", "23505" -> {
        return CallStatus.ALREADY_EXISTS;
      }
      case "25006", "42501" -> {
        return CallStatus.UNAUTHORIZED;
      }
      case "57014" -> {
        return CallStatus.CANCELLED;
      }
      case "57P01" -> {
        return CallStatus.UNAVAILABLE;
      }
      default -> {
        // By class below.
      }
    }
    return switch (sqlState.substring(0, 2)) {
      case "42", "22", "21", "23", "07", "24", "26", "25", "2B", "3B", "HY" ->
          CallStatus.INVALID_ARGUMENT;
      case "0A" -> CallStatus.UNIMPLEMENTED;
      case "08" -> CallStatus.UNAVAILABLE;
      case "28" -> CallStatus.UNAUTHENTICATED;
      case "53" -> CallStatus.RESOURCE_EXHAUSTED;
      case "XX" -> CallStatus.INTERNAL;
      default -> CallStatus.UNKNOWN;
    };
  }
}
