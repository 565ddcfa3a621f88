package dev.sorrel.engine.load;

import dev.sorrel.storage.files.ParquetRowWriter.Compression;

/**
 * How a file is read or written.
 *
 * @param header whether a CSV file starts with a record of column names (a load then matches
 *     columns by name; without one, the fields are the table's columns in order)
 * @param delimiter the CSV field delimiter
 * @param compression the codec of a Parquet export
 */
public record FileOptions(boolean header, char delimiter, Compression compression) {
  /** A header, commas, Snappy. */
  public static final FileOptions DEFAULT = new FileOptions(true, ',', Compression.SNAPPY);

  /** The defaults for a file of this name: a {@code .tsv} file is tab-separated. */
  public static FileOptions defaults(String fileName) {
    return FileFormat.extension(fileName).equals("tsv")
        ? new FileOptions(true, '\t', Compression.SNAPPY) : DEFAULT;
  }
}
