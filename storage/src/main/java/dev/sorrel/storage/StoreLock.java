package dev.sorrel.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The process-level lock on a database directory: an OS file lock on
 * {@code sorrel.lock} that also records the holder's process id, so a second
 * process is told who holds the database instead of RocksDB's bare
 * "lock hold" error. The OS drops the lock when the process dies, however it
 * dies, so a killed process never leaves a stale lock behind.
 */
final class StoreLock implements AutoCloseable {
  static final String FILE_NAME = "sorrel.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private StoreLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static StoreLock acquire(Path directory) {
    final Path file = directory.resolve(FILE_NAME);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE,
          StandardOpenOption.READ, StandardOpenOption.WRITE);
      final FileLock lock = channel.tryLock();
      if (lock == null) {
        final String holder = readHolder(channel);
        channel.close();
        throw new StorageException("database " + directory
            + " is locked by process " + holder
            + "; close it there first (one process at a time may open a database)");
      }
      final byte[] pid = Long.toString(ProcessHandle.current().pid())
          .getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      channel.force(false);
      return new StoreLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException("cannot lock database " + directory + ": " + e.getMessage(), e);
    }
  }

  private static String readHolder(FileChannel channel) {
    try {
      final ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      final String pid = new String(buffer.array(), 0, buffer.position(),
          StandardCharsets.US_ASCII).trim();
      return pid.isEmpty() ? "(unknown)" : pid;
    } catch (IOException e) {
      return "(unknown)";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Already failing; the original error is the one to report.
      }
    }
  }

  @Override public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new StorageException("cannot release database lock: " + e.getMessage(), e);
    }
  }
}
