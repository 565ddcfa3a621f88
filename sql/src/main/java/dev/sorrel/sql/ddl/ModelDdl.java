package dev.sorrel.sql.ddl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

import dev.sorrel.engine.Database;
import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.sql.FileAccess;
import dev.sorrel.sql.parser.SqlAlterModel;
import dev.sorrel.sql.parser.SqlCreateModel;
import dev.sorrel.sql.parser.SqlDropModel;
import dev.sorrel.sql.runtime.TransactionState;

/**
 * The meaning of {@code CREATE MODEL}, {@code ALTER MODEL} and
 * {@code DROP MODEL}: changes to the engine's model registry, each one
 * transaction. A model file comes from a path (read by the database process)
 * or, for clients elsewhere, from a statement parameter holding its bytes.
 */
public final class ModelDdl {
  private ModelDdl() {
  }

  /** Whether a parsed statement takes its model file from a parameter. */
  public static boolean takesFileParameter(SqlNode node) {
    return node instanceof SqlCreateModel create && create.source instanceof SqlDynamicParam
        || node instanceof SqlAlterModel alter && alter.source instanceof SqlDynamicParam;
  }

  /**
   * Runs CREATE or ALTER MODEL, with {@code file} the bytes of a parameter source (or null)
   * and {@code files} the connection's file policy for a path source.
   */
  public static void execute(Database database, TransactionState transactions, SqlNode node,
      byte[] file, FileAccess files) {
    if (node instanceof SqlCreateModel create) {
      create(database, transactions, create, file, files);
    } else if (node instanceof SqlAlterModel alter) {
      alter(database, transactions, alter, file, files);
    } else if (node instanceof SqlDropModel drop) {
      drop(database, transactions, drop);
    } else {
      throw new SorrelException(ErrorCode.INTERNAL_ERROR, "not a model statement: " + node);
    }
  }

  static void create(Database database, TransactionState transactions, SqlCreateModel create,
      byte[] parameterFile, FileAccess files) {
    final String name = name(create.name);
    if (create.getReplace()) {
      throw new PositionedException(ErrorCode.FEATURE_NOT_SUPPORTED,
          create.getParserPosition(), "CREATE OR REPLACE MODEL is not supported; add a version"
              + " with ALTER MODEL " + name + " ADD VERSION FROM ...");
    }
    if (create.ifNotExists && database.models().exists(name)) {
      return;
    }
    checkRun(database, create.run);
    final byte[] file = file(create.source, parameterFile, files, "CREATE MODEL");
    final Map<String, String> options = options(create.options);
    final String comment = text(create.comment);
    try {
      Conditional.ddl(transactions, database, "CREATE MODEL", create.ifNotExists,
          () -> database.models().exists(name), tx -> database.models().create(tx, name, file,
          source(create.source), comment, options, text(create.run)));
    } catch (SorrelException e) {
      throw positioned(e, create);
    }
  }

  static void alter(Database database, TransactionState transactions, SqlAlterModel alter,
      byte[] parameterFile, FileAccess files) {
    final String name = name(alter.name);
    try {
      switch (alter.action) {
      case ADD_VERSION: {
        checkRun(database, alter.run);
        final byte[] file = file(alter.source, parameterFile, files, "ALTER MODEL");
        TransactionState.ddl(transactions, database, "ALTER MODEL",
            tx -> database.models().addVersion(tx, name, file,
            source(alter.source), text(alter.comment), text(alter.run)));
        break;
      }
      case SET_ALIAS:
        TransactionState.ddl(transactions, database, "ALTER MODEL", tx -> {
          database.models().setAlias(tx, name, alias(alter.alias), alter.version.intValue(true));
          return null;
        });
        break;
      case DROP_ALIAS:
        TransactionState.ddl(transactions, database, "ALTER MODEL", tx -> {
          database.models().dropAlias(tx, name, alias(alter.alias));
          return null;
        });
        break;
      }
    } catch (SorrelException e) {
      throw positioned(e, alter);
    }
  }

  static void drop(Database database, TransactionState transactions, SqlDropModel drop) {
    final String name = name(drop.name);
    try {
      Conditional.ddl(transactions, database, "DROP MODEL", drop.ifExists,
          () -> !database.models().exists(name), tx -> {
        database.models().drop(tx, name, drop.version == null ? null
            : drop.version.intValue(true));
        return null;
      });
    } catch (SorrelException e) {
      throw positioned(e, drop);
    }
  }

  /** Refuses a {@code RUN 'id'} that names no tracked run, pointing at the id. */
  private static void checkRun(Database database, SqlNode run) {
    if (run != null && database.tracking().run(text(run)) == null) {
      throw new PositionedException(ErrorCode.UNDEFINED_OBJECT, run.getParserPosition(),
          "run '" + text(run) + "' does not exist (run ids are in TRACKING.RUNS)");
    }
  }

  private static SorrelException positioned(SorrelException e, SqlNode node) {
    return e instanceof PositionedException ? e
        : new PositionedException(e.code(), node.getParserPosition(), e.getMessage());
  }

  private static String name(SqlIdentifier id) {
    return id.names.get(id.names.size() - 1);
  }

  /** Aliases are matched case-insensitively; they are stored lower-case. */
  private static String alias(SqlIdentifier id) {
    return id.getSimple().toLowerCase(Locale.ROOT);
  }

  private static String text(SqlNode literal) {
    return literal == null ? null : ((SqlLiteral) literal).getValueAs(String.class);
  }

  private static String source(SqlNode source) {
    return source instanceof SqlLiteral ? text(source) : null;
  }

  private static byte[] file(SqlNode source, byte[] parameterFile, FileAccess files,
      String statement) {
    if (source instanceof SqlDynamicParam) {
      if (parameterFile == null) {
        throw new PositionedException(ErrorCode.INVALID_PARAMETER_VALUE,
            source.getParserPosition(), "the model file parameter is NULL; bind the ONNX"
                + " file's bytes with setBytes or setBinaryStream");
      }
      return parameterFile;
    }
    final String path = text(source);
    final Path resolved;
    try {
      resolved = files.resolve(path, statement);
    } catch (SorrelException e) {
      throw new PositionedException(e.code(), source.getParserPosition(), e.getMessage());
    }
    try {
      return Files.readAllBytes(resolved);
    } catch (NoSuchFileException e) {
      throw new PositionedException(ErrorCode.IO_ERROR, source.getParserPosition(),
          "model file '" + path + "' does not exist (relative paths are resolved against "
              + Path.of("").toAbsolutePath() + ")");
    } catch (IOException | RuntimeException e) {
      throw new PositionedException(ErrorCode.IO_ERROR, source.getParserPosition(),
          "cannot read model file '" + path + "': " + e.getMessage());
    }
  }

  static Map<String, String> options(SqlNodeList list) {
    final Map<String, String> options = new LinkedHashMap<>();
    if (list != null) {
      for (int i = 0; i < list.size(); i += 2) {
        final String key = ((SqlIdentifier) list.get(i)).getSimple().toLowerCase(Locale.ROOT);
        final SqlLiteral value = (SqlLiteral) list.get(i + 1);
        options.put(key, value.toValue());
      }
    }
    return options;
  }

}
