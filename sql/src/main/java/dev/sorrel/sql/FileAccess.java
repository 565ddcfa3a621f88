package dev.sorrel.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/**
 * Which files a connection's statements may read and write: the paths of
 * {@code COPY ... FROM/TO 'file'} and {@code CREATE MODEL ... FROM 'file'}
 * (and {@code ALTER MODEL ... ADD VERSION FROM 'file'}) go through it before
 * the database process touches the file system.
 *
 * <p>An embedded connection reaches every file its process may
 * ({@link #UNRESTRICTED}). A connection a server opens for a remote client
 * gets a policy that confines paths to one directory ({@link #confinedTo}) or
 * refuses them all ({@link #denied}), since the client's user is not the
 * server's operating-system user. A refusal is SQLState 42501.
 */
public abstract class FileAccess {
  /** Any path, relative ones against the process' working directory. */
  public static final FileAccess UNRESTRICTED = new FileAccess() {
    @Override public Path resolve(String path, String statement) {
      try {
        return Path.of(path);
      } catch (InvalidPathException e) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "'" + path
            + "' is not a valid file path: " + e.getReason());
      }
    }

    @Override public String toString() {
      return "unrestricted";
    }
  };

  FileAccess() {
  }

  /**
   * The file a statement names, as the database process should open it.
   *
   * @param path the path as written in the statement
   * @param statement the statement, for the message ({@code COPY}, {@code CREATE MODEL})
   * @throws SorrelException 42501 if the policy does not allow the path
   */
  public abstract Path resolve(String path, String statement);

  /** Refuses every path, saying {@code why} (what to do instead) in the message. */
  public static FileAccess denied(String why) {
    return new FileAccess() {
      @Override public Path resolve(String path, String statement) {
        throw new SorrelException(ErrorCode.INSUFFICIENT_PRIVILEGE, statement
            + " cannot use the file '" + path + "': " + why);
      }

      @Override public String toString() {
        return "denied";
      }
    };
  }

  /**
   * Allows the files inside {@code directory} only: a relative path resolves
   * against it, and a path that leaves it (an absolute path elsewhere,
   * {@code ..}, a symbolic link pointing out) is refused. Links are followed
   * by comparing real paths: for a file that does not exist yet (an export),
   * the real path of its nearest existing parent.
   *
   * @throws SorrelException 22023 if the directory does not exist
   */
  public static FileAccess confinedTo(Path directory) {
    final Path root;
    try {
      root = directory.toRealPath();
    } catch (IOException e) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "the data directory "
          + directory + " does not exist or cannot be read: " + e.getMessage(), e);
    }
    if (!Files.isDirectory(root)) {
      throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, "the data directory "
          + directory + " is not a directory");
    }
    return new Confined(root);
  }

  /** The policy of {@link #confinedTo}. */
  private static final class Confined extends FileAccess {
    private final Path root;

    Confined(Path root) {
      this.root = root;
    }

    @Override public Path resolve(String path, String statement) {
      final Path given;
      try {
        given = Path.of(path);
      } catch (InvalidPathException e) {
        throw refused(path, statement, "it is not a valid path (" + e.getReason() + ")");
      }
      final Path resolved = root.resolve(given).normalize();
      if (!resolved.startsWith(root)) {
        throw refused(path, statement, given.isAbsolute()
            ? "absolute paths must lie inside the data directory"
            : "the path leads out of the data directory");
      }
      // The nearest existing ancestor's real path, so a link anywhere on the way is followed.
      Path existing = resolved;
      while (existing != null && !Files.exists(existing)) {
        existing = existing.getParent();
      }
      final Path real;
      try {
        real = existing == null ? resolved
            : existing.toRealPath().resolve(existing.relativize(resolved));
      } catch (IOException e) {
        throw refused(path, statement, "it cannot be resolved (" + e.getMessage() + ")");
      }
      if (!real.normalize().startsWith(root)) {
        throw refused(path, statement, "a symbolic link leads out of the data directory");
      }
      return real.normalize();
    }

    private SorrelException refused(String path, String statement, String why) {
      return new SorrelException(ErrorCode.INSUFFICIENT_PRIVILEGE, statement
          + " may only use files inside the server's data directory; '" + path
          + "' is refused: " + why + " (relative paths resolve against the data directory)");
    }

    @Override public String toString() {
      return "confined to " + root;
    }
  }
}
