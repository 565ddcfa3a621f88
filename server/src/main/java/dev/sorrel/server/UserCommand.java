package dev.sorrel.server;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The {@code sorrel user} command: manages a server's users file without a
 * running server (a running one picks the changes up at its next call).
 *
 * <pre>
 * sorrel user add NAME --role read|write|admin --users FILE
 * sorrel user passwd NAME --users FILE
 * sorrel user role NAME --role read|write|admin --users FILE
 * sorrel user remove NAME --users FILE
 * sorrel user list --users FILE
 * </pre>
 *
 * <p>Passwords are never taken from the command line, where other users of
 * the machine and the shell's history would see them: they are read from the
 * terminal (typed twice, not echoed) or, without a terminal, from the first
 * line of standard input.
 */
public final class UserCommand {
  static final String USAGE = """
      Usage: sorrel user add NAME --role read|write|admin --users FILE [--iterations N]
             sorrel user passwd NAME --users FILE [--iterations N]
             sorrel user role NAME --role read|write|admin --users FILE
             sorrel user remove NAME --users FILE
             sorrel user list --users FILE

      Manages the users file of 'sorrel serve --users FILE' (a running server re-reads it
      when it changes). Passwords are read from the terminal, or from the first line of
      standard input when there is none: never give them as arguments.

        --role R         read (queries), write (also DML, COPY), admin (also DDL, models)
        --users FILE     the users file (created by the first 'add')
        --iterations N   PBKDF2 iterations of the new hash (default 600000)
        --help           show this help
      """;

  private UserCommand() {
  }

  public static void main(String[] args) {
    final Console console = System.console();
    final int status = run(args, console == null
        ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)) : null,
        console, System.out, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the command; returns the exit status (0 done, 1 refused, 2 bad usage).
   *
   * @param in where passwords are read when there is no {@code console}
   * @param console the terminal, or null
   */
  public static int run(String[] args, BufferedReader in, Console console, PrintStream out,
      PrintStream err) {
    final List<String> positional = new ArrayList<>();
    Path users = null;
    Role role = null;
    int iterations = PasswordHash.DEFAULT_ITERATIONS;
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--help", "-h" -> {
            out.print(USAGE);
            return 0;
          }
          case "--users" -> users = Path.of(value(args, ++i, "--users"));
          case "--role" -> role = Role.of(value(args, ++i, "--role"));
          case "--iterations" -> iterations = iterations(value(args, ++i, "--iterations"));
          default -> {
            if (args[i].startsWith("-")) {
              throw new UsageError("unexpected argument: " + args[i]);
            }
            positional.add(args[i]);
          }
        }
      }
      if (positional.isEmpty()) {
        throw new UsageError("no action given (add, passwd, role, remove, list)");
      }
      if (users == null) {
        throw new UsageError("no users file given (--users FILE)");
      }
      final String action = positional.get(0);
      final int names = action.equals("list") ? 1 : 2;
      if (positional.size() != names) {
        throw new UsageError(names == 1 ? "'list' takes no name"
            : "'" + action + "' takes one user name");
      }
      if ((action.equals("add") || action.equals("role")) != (role != null)) {
        throw new UsageError(role == null ? "'" + action + "' needs --role"
            : "--role applies to 'add' and 'role' only");
      }
      final String name = names == 2 ? positional.get(1) : null;
      if (name != null) {
        UsersFile.checkName(name);
      }
      switch (action) {
        case "add" -> {
          final UsersFile.User user = new UsersFile.User(name, role,
              hash(password(name, in, console), iterations));
          UsersFile.add(users, user);
          out.println("Added user " + name + " (" + role.text() + ") to " + users + ".");
        }
        case "passwd" -> {
          final UsersFile.User old = existing(users, name);
          UsersFile.replace(users, new UsersFile.User(name, old.role(),
              hash(password(name, in, console), iterations)));
          out.println("Changed the password of " + name + " in " + users
              + "; its open sessions must log in again.");
        }
        case "role" -> {
          final UsersFile.User old = existing(users, name);
          UsersFile.replace(users, new UsersFile.User(name, role, old.password()));
          out.println("User " + name + " now has the " + role.text() + " role.");
        }
        case "remove" -> {
          UsersFile.remove(users, name);
          out.println("Removed user " + name + " from " + users + ".");
        }
        case "list" -> {
          if (!Files.exists(users)) {
            throw new IllegalArgumentException("there is no users file " + users);
          }
          for (UsersFile.User user : UsersFile.read(users).values()) {
            out.println(user.name() + "\t" + user.role().text());
          }
        }
        default -> throw new UsageError("unknown action '" + action
            + "'; the actions are add, passwd, role, remove and list");
      }
      return 0;
    } catch (UsageError e) {
      err.println("sorrel user: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (IllegalArgumentException e) {
      err.println("sorrel user: " + e.getMessage());
      return 1;
    } catch (IOException e) {
      err.println("sorrel user: cannot use the users file: " + e.getMessage());
      return 1;
    }
  }

  /** A command line that does not fit the usage: exit status 2, with the usage. */
  private static final class UsageError extends IllegalArgumentException {
    UsageError(String message) {
      super(message);
    }
  }

  private static UsersFile.User existing(Path users, String name) throws IOException {
    final Map<String, UsersFile.User> all = UsersFile.read(users);
    final UsersFile.User user = all.get(name);
    if (user == null) {
      throw new IllegalArgumentException(UsersFile.noSuchUser(name, users));
    }
    return user;
  }

  private static PasswordHash hash(char[] password, int iterations) {
    try {
      return PasswordHash.create(password, iterations);
    } finally {
      Arrays.fill(password, '\0');
    }
  }

  /** The new password: typed twice on the terminal, or the first line of standard input. */
  private static char[] password(String name, BufferedReader in, Console console)
      throws IOException {
    final char[] password;
    if (console != null) {
      password = console.readPassword("Password for %s: ", name);
      final char[] again = console.readPassword("Again: ");
      try {
        if (password == null || again == null || !Arrays.equals(password, again)) {
          if (password != null) {
            Arrays.fill(password, '\0');
          }
          throw new IllegalArgumentException("the two passwords differ; nothing changed");
        }
      } finally {
        if (again != null) {
          Arrays.fill(again, '\0');
        }
      }
    } else {
      final String line = in == null ? null : in.readLine();
      password = line == null ? null : line.toCharArray();
    }
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("no password given (type it, or pipe it on standard input);"
          + " nothing changed");
    }
    return password;
  }

  private static int iterations(String text) {
    try {
      final int n = Integer.parseInt(text.trim());
      if (n >= PasswordHash.MIN_ITERATIONS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below.
    }
    throw new IllegalArgumentException("--iterations needs a number of at least "
        + PasswordHash.MIN_ITERATIONS + ", not '" + text + "'");
  }

  private static String value(String[] args, int i, String option) {
    if (i >= args.length) {
      throw new UsageError(option + " needs a value");
    }
    return args[i];
  }
}
