package org.apache.arrow.driver.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.apache.arrow.driver.jdbc.shaded.io.grpc.Context;
import org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.driver.jdbc.shaded.org.apache.arrow.flight.Ticket;

/**
 * Opens the streaming result set of a Flight ticket on a connection of
 * Apache Arrow's Flight SQL JDBC driver: one {@code DoGet} on the
 * connection's own Flight client, with its credentials, session cookie, TLS
 * and allocator, read by the driver's own Arrow-backed result set, so its rows,
 * types and metadata are those of every other query of the connection.
 * Sorrel's driver sends its one-call prepared executions this way.
 *
 * <p>Why a class in Arrow's package: the only way to make that result set
 * from a ticket, {@code ArrowFlightJdbcFlightStreamResultSet.fromFlightInfo},
 * is package-private, and the connection's Flight client is private; the
 * alternatives were a second gRPC channel with its own handshake, TLS set-up
 * and session (which would not see the connection's transaction), or
 * reflection. The Arrow driver is pinned to one version in the root pom, and
 * a test of each Arrow upgrade runs through this class.
 */
public final class SorrelDirectStreams {
  private SorrelDirectStreams() {
  }

  /**
   * A handle that cancels one call from any thread, at any moment: before it
   * is sent, while it waits for its first rows, or while they are read.
   *
   * <p>gRPC ties each call to the {@link Context} current when the call is made
   * and cancels it when that context is canceled; Arrow's result set makes its
   * {@code DoGet} on the thread that opens it, so opening it inside a context of
   * its own gives the call a cancel that does not depend on the result set,
   * which does not exist until the first batch has arrived.
   */
  public static final class Call {
    private final Context.CancellableContext context = Context.ROOT.withCancellation();

    /** Cancels the call; the server sees its stream canceled. Idempotent. */
    public void cancel() {
      context.cancel(new CancellationException("the statement was canceled"));
    }

    /** Whether {@link #cancel} was called. */
    public boolean isCanceled() {
      return context.isCancelled();
    }
  }

  /**
   * The rows the server answers {@code ticket} with, on {@code connection}
   * (an Arrow Flight SQL JDBC connection); the first batch has arrived when
   * this returns, so an error the server raised at the start is thrown here.
   * Canceling {@code call} cancels the {@code DoGet}, whether it has answered
   * yet or not.
   */
  public static ResultSet open(Connection connection, byte[] ticket, Call call)
      throws SQLException {
    final ArrowFlightConnection arrow = connection.unwrap(ArrowFlightConnection.class);
    final FlightInfo info = new FlightInfo(null, FlightDescriptor.command(ticket),
        List.of(new FlightEndpoint(new Ticket(ticket))), -1, -1);
    final Context previous = call.context.attach();
    try {
      return ArrowFlightJdbcFlightStreamResultSet.fromFlightInfo(arrow, info, null);
    } finally {
      call.context.detach(previous);
    }
  }
}
