package dev.sorrel.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rocksdb.EnvOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileWriter;

/**
 * Writes entries given in strictly ascending key order into SST files a
 * store can ingest, in its own table format (block size, bloom filter,
 * compression), starting a new file every {@value #FILE_BYTES} bytes so that
 * later compactions work on files of the usual size.
 */
public final class SstOutput implements AutoCloseable {
  /** Roughly the bytes of keys and values per file. */
  static final long FILE_BYTES = 128L << 20;

  private final Store store;
  private final Path directory;
  private final String name;
  private final List<SstFile> files = new ArrayList<>();
  private EnvOptions envOptions;
  private SstFileWriter writer;
  private Path path;
  private byte[] first;
  private byte[] last;
  private long entries;
  private long bytes;

  /** An output writing files named {@code name-N.sst} into {@code directory}. */
  public SstOutput(Store store, Path directory, String name) {
    this.store = store;
    this.directory = directory;
    this.name = name;
  }

  /**
   * Adds an entry.
   *
   * @throws IllegalArgumentException if the key is not greater than the previous one
   */
  public void put(byte[] key, byte[] value) {
    if (last != null && Arrays.compareUnsigned(key, last) <= 0) {
      throw new IllegalArgumentException("SST entries out of order");
    }
    if (writer == null) {
      open();
      first = key;
    }
    try {
      writer.put(key, value);
    } catch (RocksDBException e) {
      throw new StorageException("cannot write " + path + ": " + e.getMessage(), e);
    }
    last = key;
    entries++;
    bytes += key.length + value.length;
    if (bytes >= FILE_BYTES) {
      finishFile();
    }
  }

  private void open() {
    path = directory.resolve(name + "-" + files.size() + ".sst");
    envOptions = new EnvOptions();
    writer = new SstFileWriter(envOptions, store.sstOptions());
    try {
      writer.open(path.toString());
    } catch (RocksDBException e) {
      closeWriter();
      throw new StorageException("cannot create " + path + ": " + e.getMessage(), e);
    }
  }

  private void finishFile() {
    try {
      writer.finish();
    } catch (RocksDBException e) {
      throw new StorageException("cannot write " + path + ": " + e.getMessage(), e);
    } finally {
      closeWriter();
    }
    files.add(new SstFile(path, first, last, entries));
    entries = 0;
    bytes = 0;
  }

  /** Finishes the last file and returns every file written, in key order. */
  public List<SstFile> finish() {
    if (writer != null) {
      finishFile();
    }
    return List.copyOf(files);
  }

  private void closeWriter() {
    if (writer != null) {
      writer.close();
      writer = null;
    }
    if (envOptions != null) {
      envOptions.close();
      envOptions = null;
    }
  }

  /** Abandons an unfinished file (finished ones are the caller's to delete). */
  @Override public void close() {
    if (writer != null) {
      closeWriter();
      try {
        Files.deleteIfExists(path);
      } catch (java.io.IOException ignored) {
        // Left in the bulk directory, which the next open clears.
      }
    }
  }
}
