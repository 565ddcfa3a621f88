package dev.sorrel.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users a server accepts, kept in a text file: one user per line,
 * {@code NAME:ROLE:HASH}, where ROLE is {@code read}, {@code write} or
 * {@code admin} and HASH a {@link PasswordHash} ({@code pbkdf2-sha256$...}).
 * Blank lines and lines starting with {@code #} are ignored. The file is
 * written by {@code sorrel user} (a new file replaces the old one at once,
 * readable by its owner only).
 *
 * <p>A server re-reads the file when it changes ({@link #current()} compares
 * its modification time, size and file key at each login and each call's
 * token check), so users added, removed or given a new password apply to the
 * next call without a restart. A file that no longer reads keeps the last
 * good set of users in force, and the problem is logged.
 */
public final class UsersFile {
  private static final Logger LOG = LoggerFactory.getLogger(UsersFile.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
  static final String HEADER = """
      # Sorrel users: NAME:ROLE:HASH, one user per line. ROLE is read, write or admin;
      # HASH is pbkdf2-sha256$ITERATIONS$SALT$HASH. Edit with 'sorrel user'.
      """;

  /** A user: name, role and password hash. */
  public record User(String name, Role role, PasswordHash password) {
    public User {
      checkName(name);
      Objects.requireNonNull(role);
      Objects.requireNonNull(password);
    }
  }

  private final Path path;
  private volatile Snapshot snapshot;

  /** The users as read at one version of the file. */
  private record Snapshot(Map<String, User> users, Object version) {
  }

  private UsersFile(Path path, Snapshot snapshot) {
    this.path = path;
    this.snapshot = snapshot;
  }

  /**
   * Opens a users file for a server; fails if it is missing or malformed, so
   * a server never starts with an unintended set of users.
   */
  public static UsersFile open(Path path) throws IOException {
    final Object version = version(path);
    return new UsersFile(path, new Snapshot(read(path), version));
  }

  public Path path() {
    return path;
  }

  /** The users now, re-read if the file has changed. */
  public Map<String, User> current() {
    final Snapshot last = snapshot;
    Object version;
    try {
      version = version(path);
    } catch (IOException e) {
      version = null;
    }
    if (Objects.equals(version, last.version())) {
      return last.users();
    }
    synchronized (this) {
      if (snapshot != last) {
        return snapshot.users();
      }
      try {
        final Snapshot next = new Snapshot(read(path), version(path));
        snapshot = next;
        LOG.info("users file {} re-read: {} user(s)", path, next.users().size());
        return next.users();
      } catch (IOException | IllegalArgumentException e) {
        // Keep the last good users; try again at the next change.
        snapshot = new Snapshot(last.users(), version);
        LOG.warn("users file {} cannot be read ({}); the previous users stay in force", path,
            e.getMessage());
        return last.users();
      }
    }
  }

  /** The user of this name now, or null. */
  public User user(String name) {
    return current().get(name);
  }

  /** What identifies one version of the file: replaced or edited, it changes. */
  private static Object version(Path path) throws IOException {
    final BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
    return List.of(attributes.lastModifiedTime(), attributes.size(),
        String.valueOf(attributes.fileKey()));
  }

  /**
   * Reads a users file; an empty map if it does not exist.
   *
   * @throws IllegalArgumentException naming the line that is malformed
   */
  public static Map<String, User> read(Path path) throws IOException {
    final List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Map.of();
    }
    final Map<String, User> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      final String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      final String[] fields = line.split(":", -1);
      try {
        if (fields.length != 3) {
          throw new IllegalArgumentException("expected NAME:ROLE:HASH");
        }
        final User user = new User(fields[0], Role.of(fields[1]), PasswordHash.decode(fields[2]));
        if (users.put(user.name(), user) != null) {
          throw new IllegalArgumentException("user " + user.name() + " is listed twice");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return Collections.unmodifiableMap(users);
  }

  /**
   * Writes a users file: a new file replaces the old one in one step, so a
   * server never reads half of it; on file systems with POSIX permissions it
   * is readable and writable by its owner only.
   */
  public static void write(Path path, Iterable<User> users) throws IOException {
    final StringBuilder text = new StringBuilder(HEADER);
    for (User user : users) {
      text.append(user.name()).append(':').append(user.role().text()).append(':')
          .append(user.password().encode()).append('\n');
    }
    final Path absolute = path.toAbsolutePath();
    final Path directory = absolute.getParent();
    Files.createDirectories(directory);
    final Path temporary = Files.createTempFile(directory, ".users", ".tmp");
    try {
      try {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // Not a POSIX file system: the directory's permissions apply.
      }
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      try {
        Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Adds a user to a file (created if missing); fails if the name is taken. */
  public static void add(Path path, User user) throws IOException {
    final Map<String, User> users = new LinkedHashMap<>(read(path));
    if (users.containsKey(user.name())) {
      throw new IllegalArgumentException("user " + user.name() + " already exists in " + path
          + "; change the password with 'sorrel user passwd'");
    }
    users.put(user.name(), user);
    write(path, users.values());
  }

  /** Replaces a user's password or role; fails if there is no such user. */
  public static void replace(Path path, User user) throws IOException {
    final Map<String, User> users = new LinkedHashMap<>(read(path));
    if (users.replace(user.name(), user) == null) {
      throw new IllegalArgumentException(noSuchUser(user.name(), path));
    }
    write(path, users.values());
  }

  /** Removes a user; fails if there is no such user. */
  public static void remove(Path path, String name) throws IOException {
    final Map<String, User> users = new LinkedHashMap<>(read(path));
    if (users.remove(name) == null) {
      throw new IllegalArgumentException(noSuchUser(name, path));
    }
    write(path, users.values());
  }

  static String noSuchUser(String name, Path path) {
    return "there is no user " + name + " in " + path;
  }

  /** Refuses a name the file cannot hold or a log would show ambiguously. */
  static void checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a user name is 1 to 64 letters, digits and the"
          + " characters _ . @ -, not '" + name + "'");
    }
  }

  /** A copy of the users now, in file order. */
  List<User> list() {
    return new ArrayList<>(current().values());
  }
}
