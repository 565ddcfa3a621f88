package dev.sorrel.engine.load;

import java.nio.file.Path;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/** The translations of file library failures that loads and exports share. */
final class FileErrors {
  private FileErrors() {
  }

  /** An Arrow reader's or writer's failure; {@code verb} is "read" or "write". */
  static SorrelException arrow(String verb, Path path, Throwable e) {
    final String message = String.valueOf(e.getMessage());
    // Arrow reaches into java.nio's internals; without the JVM option it fails obscurely.
    if (message.contains("DirectByteBuffer") || message.contains("Unsafe")
        || e instanceof LinkageError) {
      return new SorrelException(ErrorCode.FEATURE_NOT_SUPPORTED, "Arrow files need the JVM"
          + " option --add-opens=java.base/java.nio=ALL-UNNAMED (" + message + ")", e);
    }
    return new SorrelException(ErrorCode.DATA_EXCEPTION, "cannot " + verb + " Arrow file "
        + path + ": " + message, e);
  }

  /** Parquet's classes (or Hadoop's, which it needs) are not on the class path. */
  static SorrelException missingParquetLibrary(LinkageError e) {
    return new SorrelException(ErrorCode.INTERNAL_ERROR, "Parquet support is missing a class"
        + " (the parquet and hadoop jars must be on the classpath): " + e, e);
  }
}
