package dev.sorrel.engine.load;

import java.util.Locale;

/** The file formats a table is loaded from and exported to. */
public enum FileFormat {
  /** RFC 4180 text: {@code .csv}, {@code .tsv} (tab-separated), {@code .txt}. */
  CSV,
  /** Arrow IPC files: {@code .arrow}, {@code .feather}, {@code .ipc}. */
  ARROW,
  /** Parquet: {@code .parquet}, {@code .pq}. */
  PARQUET;

  /** The format of a file named {@code fileName}, by its extension, or null if none. */
  public static FileFormat of(String fileName) {
    return switch (extension(fileName)) {
      case "csv", "tsv", "txt" -> CSV;
      case "arrow", "feather", "ipc" -> ARROW;
      case "parquet", "pq" -> PARQUET;
      default -> null;
    };
  }

  /** The extension of {@code fileName}, lower-case, without the dot; empty if none. */
  public static String extension(String fileName) {
    final int dot = fileName.lastIndexOf('.');
    return dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
