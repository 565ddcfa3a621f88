package dev.sorrel.e2e.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import dev.sorrel.server.PasswordHash;
import dev.sorrel.server.Role;
import dev.sorrel.server.UsersFile;

/**
 * A users file with one user of each role, hashed with few iterations so
 * that logins are fast in tests: alice (admin), wendy (write), rita (read);
 * each one's password is its name followed by "-pw".
 */
final class TestUsers {
  static final int ITERATIONS = PasswordHash.MIN_ITERATIONS;

  private TestUsers() {
  }

  static Path write(Path dir) throws IOException {
    final Path file = dir.resolve("users");
    UsersFile.write(file, List.of(user("alice", Role.ADMIN), user("wendy", Role.WRITE),
        user("rita", Role.READ)));
    return file;
  }

  static UsersFile.User user(String name, Role role) {
    return new UsersFile.User(name, role,
        PasswordHash.create(password(name).toCharArray(), ITERATIONS));
  }

  static String password(String name) {
    return name + "-pw";
  }

  /** JDBC properties logging in as {@code name} with its password. */
  static Properties login(String name) {
    final Properties properties = new Properties();
    properties.setProperty("user", name);
    properties.setProperty("password", password(name));
    return properties;
  }
}
