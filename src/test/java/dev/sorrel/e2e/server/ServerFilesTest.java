package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.server.ServerOptions;

/**
 * In server mode the files of COPY and CREATE MODEL ... FROM 'file' resolve
 * inside the server's data directory only: relative paths against it, and
 * {@code ..}, absolute paths elsewhere and symbolic links that lead out are
 * refused with 42501; without a data directory every path is refused.
 * Embedded connections to the same database keep reaching any file.
 */
class ServerFilesTest {
  @TempDir Path dir;
  private Path data;
  private Path outside;

  @BeforeEach void files() throws Exception {
    data = Files.createDirectory(dir.resolve("data"));
    outside = Files.createDirectory(dir.resolve("outside"));
    Files.writeString(data.resolve("in.csv"), "id,name\n1,one\n2,two\n");
    Files.createDirectory(data.resolve("sub"));
    Files.writeString(data.resolve("sub").resolve("more.csv"), "id,name\n3,three\n");
    Files.writeString(outside.resolve("secret.csv"), "id,name\n99,secret\n");
    Files.createSymbolicLink(data.resolve("escape.csv"), outside.resolve("secret.csv"));
    Files.createSymbolicLink(data.resolve("elsewhere"), outside);
    try (InputStream in = ServerFilesTest.class.getResourceAsStream(
        "/models/gbr_diabetes.onnx")) {
      Files.copy(in, data.resolve("gbr.onnx"));
    }
    Files.copy(data.resolve("gbr.onnx"), outside.resolve("gbr.onnx"));
  }

  private static String quoted(Path path) {
    return "'" + path.toString().replace("'", "''") + "'";
  }

  @Test void copyAndCreateModelResolveInsideTheDataDirectoryOnly() throws Exception {
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT.withDataDir(data))) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR)");
      try (Connection c = fixture.remote(); Statement s = c.createStatement()) {
        // Allowed: relative paths (against the data directory), a subdirectory, an absolute
        // path inside it; an export next to them.
        assertEquals(2, s.executeUpdate("COPY t FROM 'in.csv'"));
        assertEquals(1, s.executeUpdate("COPY t FROM 'sub/more.csv'"));
        assertEquals(3, s.executeUpdate("COPY t TO 'out.csv'"));
        assertTrue(Files.readString(data.resolve("out.csv")).contains("three"));
        s.executeUpdate("DELETE FROM t WHERE id = 3");
        assertEquals(1, s.executeUpdate("COPY t FROM " + quoted(
            data.resolve("sub").resolve("more.csv"))));
        s.executeUpdate("CREATE MODEL gbr FROM 'gbr.onnx'");
        s.executeUpdate("ALTER MODEL gbr ADD VERSION FROM './sub/../gbr.onnx'");
        // Refused: .., an absolute path elsewhere, links that lead out, for reads and writes.
        for (String sql : List.of("COPY t FROM '../outside/secret.csv'",
            "COPY t FROM 'sub/../../outside/secret.csv'",
            "COPY t FROM " + quoted(outside.resolve("secret.csv")),
            "COPY t FROM 'escape.csv'",
            "COPY t FROM 'elsewhere/secret.csv'",
            "COPY t TO '../stolen.csv'",
            "COPY t TO 'elsewhere/stolen.csv'",
            "COPY t TO '/tmp/stolen.csv'",
            "CREATE MODEL m2 FROM '../outside/gbr.onnx'",
            "CREATE MODEL m2 FROM " + quoted(outside.resolve("gbr.onnx")),
            "CREATE MODEL m2 FROM 'elsewhere/gbr.onnx'",
            "ALTER MODEL gbr ADD VERSION FROM '../outside/gbr.onnx'")) {
          final SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql),
              sql);
          assertTrue(ServerAuthTest.causes(e).contains("may only use files inside the server's"
              + " data directory"), sql + ": " + ServerAuthTest.causes(e));
        }
        assertTrue(Files.notExists(dir.resolve("stolen.csv")));
        assertTrue(Files.notExists(outside.resolve("stolen.csv")));
        try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
          assertTrue(rs.next());
          assertEquals(3, rs.getLong(1));
        }
      }
      // The SQLState and the position of the path, as embedded reports them.
      try (RootAllocator allocator = new RootAllocator();
          FlightSqlClient client = new FlightSqlClient(FlightClient.builder(allocator,
              Location.forGrpcInsecure("127.0.0.1", fixture.server.port())).build())) {
        final FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
            () -> client.executeUpdate("COPY t FROM '../outside/secret.csv'"));
        assertEquals("42501", e.status().metadata().get("sorrel-sqlstate"));
        assertTrue(e.status().description().contains("line 1, column 13"),
            e.status().description());
      }
      // An embedded connection of the application still reaches any file.
      try (Connection c = fixture.embedded(); Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("COPY t FROM " + quoted(outside.resolve("secret.csv"))));
      }
    }
  }

  @Test void withoutADataDirectoryFilePathsAreRefused() throws Exception {
    try (ServerFixture fixture = new ServerFixture(); Connection c = fixture.remote();
        Statement s = c.createStatement()) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR)");
      for (String sql : List.of("COPY t FROM " + quoted(data.resolve("in.csv")),
          "COPY t TO 'out.csv'", "CREATE MODEL gbr FROM " + quoted(data.resolve("gbr.onnx")))) {
        final SQLException e = assertThrows(SQLException.class, () -> s.executeUpdate(sql),
            sql);
        assertTrue(ServerAuthTest.causes(e).contains("without a data directory (--data-dir DIR)"),
            sql + ": " + ServerAuthTest.causes(e));
      }
    }
  }

  @Test void aMissingDataDirectoryIsRefusedAtStart() {
    final var e = assertThrows(dev.sorrel.engine.SorrelException.class,
        () -> new ServerFixture(ServerOptions.DEFAULT.withDataDir(dir.resolve("nope"))).close());
    assertTrue(e.getMessage().contains("data directory"), e.getMessage());
  }
}
