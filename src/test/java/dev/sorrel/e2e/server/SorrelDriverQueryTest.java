package dev.sorrel.e2e.server;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@link ServerQueryTest}'s statements through Sorrel's own driver connected to the server
 * ({@code jdbc:sorrel://}): values of every type and their metadata, update counts,
 * prepared statements, PREDICT and ASOF JOIN give what they give embedded.
 */
class SorrelDriverQueryTest extends ServerQueryTest {
  @Override Connection remote() throws SQLException {
    return fixture.sorrel();
  }
}
