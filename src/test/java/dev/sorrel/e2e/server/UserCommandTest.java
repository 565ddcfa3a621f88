package dev.sorrel.e2e.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.sorrel.server.ServerOptions;
import dev.sorrel.server.UserCommand;
import dev.sorrel.server.UsersFile;

/**
 * {@code sorrel user} on a users file without a running server: add, passwd,
 * role, remove and list, with the password from standard input; mistakes
 * (a bad role, a duplicate or unknown user, no password) change nothing. A
 * server started on the file accepts the users it holds, and applies changes
 * made while it runs.
 */
class UserCommandTest {
  @TempDir Path dir;

  /** The exit status, standard output and error of one command. */
  private record Run(int status, String out, String err) {
  }

  private Run user(String stdin, String... args) {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final int status = UserCommand.run(args, new BufferedReader(new StringReader(stdin)), null,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test void addPasswdRoleRemoveAndList() throws Exception {
    final String file = dir.resolve("users").toString();
    final String few = "--iterations";
    assertEquals(0, user("s3cret\n", "add", "ann", "--role", "admin", "--users", file, few,
        "1000").status());
    assertEquals(0, user("r3ad\n", "add", "bob", "--role", "read", "--users", file, few,
        "1000").status());
    Run list = user("", "list", "--users", file);
    assertEquals("ann\tadmin\nbob\tread\n", list.out().replace("\r", ""));
    // The file holds hashes, never the passwords, and only its owner reads it.
    final String text = Files.readString(Path.of(file));
    assertFalse(text.contains("s3cret") || text.contains("r3ad"), text);
    assertTrue(text.contains("ann:admin:pbkdf2-sha256$1000$"), text);
    assertEquals("rw-------", PosixFilePermissions.toString(
        Files.getPosixFilePermissions(Path.of(file))));
    // Mistakes: refused, nothing changed.
    Run duplicate = user("x\n", "add", "ann", "--role", "read", "--users", file, few, "1000");
    assertEquals(1, duplicate.status());
    assertTrue(duplicate.err().contains("user ann already exists"), duplicate.err());
    Run badRole = user("x\n", "add", "cy", "--role", "owner", "--users", file);
    assertEquals(1, badRole.status());
    assertTrue(badRole.err().contains("unknown role 'owner'; the roles are read, write and"
        + " admin"), badRole.err());
    Run noPassword = user("", "add", "cy", "--role", "read", "--users", file, few, "1000");
    assertEquals(1, noPassword.status());
    assertTrue(noPassword.err().contains("no password given"), noPassword.err());
    Run badName = user("x\n", "add", "c:y", "--role", "read", "--users", file);
    assertEquals(1, badName.status());
    Run unknown = user("x\n", "passwd", "zed", "--users", file, few, "1000");
    assertEquals(1, unknown.status());
    assertTrue(unknown.err().contains("there is no user zed"), unknown.err());
    Run noRole = user("x\n", "add", "cy", "--users", file);
    assertEquals(2, noRole.status());
    assertTrue(noRole.err().contains("needs --role") && noRole.err().contains("Usage:"),
        noRole.err());
    Run noFile = user("x\n", "list");
    assertEquals(2, noFile.status());
    Run passwordArgument = user("", "add", "cy", "--role", "read", "--password", "x",
        "--users", file);
    assertEquals(2, passwordArgument.status());
    assertEquals(text, Files.readString(Path.of(file)));
    // Changes.
    assertEquals(0, user("n3w\n", "passwd", "bob", "--users", file, few, "1000").status());
    assertEquals(0, user("", "role", "bob", "--role", "write", "--users", file).status());
    assertEquals("ann\tadmin\nbob\twrite\n", user("", "list", "--users", file).out()
        .replace("\r", ""));
    assertTrue(UsersFile.read(Path.of(file)).get("bob").password().matches("n3w".toCharArray()));
    assertEquals(0, user("", "remove", "ann", "--users", file).status());
    assertEquals(1, user("", "remove", "ann", "--users", file).status());
    assertEquals("bob\twrite\n", user("", "list", "--users", file).out().replace("\r", ""));
  }

  @Test void aServerAcceptsTheUsersTheCommandAddsAndAppliesChangesWhileRunning()
      throws Exception {
    final String file = dir.resolve("users").toString();
    assertEquals(0, user("first\n", "add", "dana", "--role", "write", "--users", file,
        "--iterations", "1000").status());
    try (ServerFixture fixture = new ServerFixture(ServerOptions.DEFAULT.withUsers(
        Path.of(file)))) {
      fixture.exec("CREATE TABLE t (id INT PRIMARY KEY)");
      try (Connection c = DriverManager.getConnection(fixture.url(), login("dana", "first"));
          Statement s = c.createStatement()) {
        assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (1)"));
      }
      assertEquals(0, user("second\n", "passwd", "dana", "--users", file, "--iterations",
          "1000").status());
      assertThrows(SQLException.class,
          () -> DriverManager.getConnection(fixture.url(), login("dana", "first")).close());
      try (Connection c = DriverManager.getConnection(fixture.url(), login("dana", "second"));
          Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
              "SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getLong(1));
      }
    }
  }

  private static Properties login(String user, String password) {
    final Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return properties;
  }
}
