package dev.sorrel.storage.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;

import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.arrow.ArrowRowReader;

/**
 * Reads an Arrow IPC file ({@code .arrow}, {@code .feather} version 2) batch by batch as rows
 * of storage values, with the vector-to-type mapping of {@link ArrowRowReader}. Owns its memory:
 * {@link #close()} releases every buffer.
 *
 * <p>Arrow's file reader needs the JVM option
 * {@code --add-opens=java.base/java.nio=ALL-UNNAMED}; without it opening fails with a
 * {@link RuntimeException} or {@link LinkageError} from Arrow, which callers translate.
 */
public final class ArrowIpcReader implements RowBatchReader {
  private final BufferAllocator allocator;
  private final FileChannel channel;
  private final ArrowFileReader reader;
  private final VectorSchemaRoot root;
  private final String[] names;
  private final ValueType[] types;

  private ArrowIpcReader(BufferAllocator allocator, FileChannel channel, ArrowFileReader reader)
      throws IOException {
    this.allocator = allocator;
    this.channel = channel;
    this.reader = reader;
    this.root = reader.getVectorSchemaRoot();
    final int width = root.getFieldVectors().size();
    this.names = new String[width];
    this.types = new ValueType[width];
    final ArrowRowReader rows = new ArrowRowReader(root);
    for (int c = 0; c < width; c++) {
      names[c] = root.getVector(c).getName();
      types[c] = rows.type(c);
    }
  }

  /**
   * Opens a file and reads its schema.
   *
   * @throws java.nio.file.NoSuchFileException if there is no such file
   * @throws IOException if it is not an Arrow IPC file or cannot be read
   * @throws IllegalArgumentException if a column has a type storage has no type for
   */
  public static ArrowIpcReader open(Path path) throws IOException {
    final BufferAllocator allocator = new RootAllocator();
    FileChannel channel = null;
    ArrowFileReader reader = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      reader = new ArrowFileReader(channel, allocator);
      return new ArrowIpcReader(allocator, channel, reader);
    } catch (IOException | RuntimeException | Error e) {
      try {
        if (reader != null) {
          reader.close();
        } else if (channel != null) {
          channel.close();
        }
        allocator.close();
      } catch (IOException | RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override public int columnCount() {
    return names.length;
  }

  @Override public String columnName(int column) {
    return names[column];
  }

  @Override public ValueType columnType(int column) {
    return types[column];
  }

  @Override public String fileType(int column) {
    return "Arrow " + root.getVector(column).getField().getType();
  }

  @Override public Object[][] next() throws IOException {
    if (!reader.loadNextBatch()) {
      return null;
    }
    final ArrowRowReader batch = new ArrowRowReader(root);
    final Object[][] rows = new Object[batch.rowCount()][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = batch.getRow(r);
    }
    return rows;
  }

  @Override public void close() throws IOException {
    try {
      reader.close();
    } finally {
      allocator.close();
    }
  }
}
