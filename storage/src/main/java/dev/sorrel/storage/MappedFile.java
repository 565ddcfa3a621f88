package dev.sorrel.storage;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A read-only file mapped into memory, read by absolute position. Files of
 * any size are mapped in chunks of 1 GiB; a little-endian {@code long} at a
 * multiple of 8 never straddles two chunks, so callers keep 8-byte-aligned
 * sections of longs. The mapped pages live in the operating system's page
 * cache, not in the Java heap.
 *
 * <p>Thread-safe: every read is absolute. The mapping is released when the
 * object is garbage collected (Java 17 has no supported explicit unmap).
 */
public final class MappedFile {
  private static final int CHUNK_BITS = 30;
  private static final long CHUNK_MASK = (1L << CHUNK_BITS) - 1;

  private final Path path;
  private final long length;
  private final MappedByteBuffer[] chunks;

  private MappedFile(Path path, long length, MappedByteBuffer[] chunks) {
    this.path = path;
    this.length = length;
    this.chunks = chunks;
  }

  /** Maps a whole file read-only. */
  public static MappedFile open(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      final long length = channel.size();
      final int count = (int) ((length + CHUNK_MASK) >>> CHUNK_BITS);
      final MappedByteBuffer[] chunks = new MappedByteBuffer[count];
      for (int i = 0; i < count; i++) {
        final long start = (long) i << CHUNK_BITS;
        chunks[i] = channel.map(FileChannel.MapMode.READ_ONLY, start,
            Math.min(1L << CHUNK_BITS, length - start));
        chunks[i].order(ByteOrder.LITTLE_ENDIAN);
      }
      return new MappedFile(path, length, chunks);
    }
  }

  public Path path() {
    return path;
  }

  public long length() {
    return length;
  }

  /** The little-endian long at {@code position}, which must be a multiple of 8. */
  public long getLong(long position) {
    return chunks[(int) (position >>> CHUNK_BITS)].getLong((int) (position & CHUNK_MASK));
  }

  /**
   * Copies {@code count} little-endian longs starting at {@code position} (a
   * multiple of 8) to the start of {@code out}, in bulk: what a columnar
   * reader uses to decode a block of fixed-width values.
   */
  public void getLongs(long position, long[] out, int count) {
    int done = 0;
    while (done < count) {
      final long at = position + done * 8L;
      final MappedByteBuffer chunk = chunks[(int) (at >>> CHUNK_BITS)];
      final int within = (int) (at & CHUNK_MASK);
      final int n = Math.min(count - done, (chunk.capacity() - within) / 8);
      chunk.slice(within, n * 8).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
          .get(out, done, n);
      done += n;
    }
  }

  /** As {@link #getLongs}, for little-endian IEEE 754 doubles. */
  public void getDoubles(long position, double[] out, int count) {
    int done = 0;
    while (done < count) {
      final long at = position + done * 8L;
      final MappedByteBuffer chunk = chunks[(int) (at >>> CHUNK_BITS)];
      final int within = (int) (at & CHUNK_MASK);
      final int n = Math.min(count - done, (chunk.capacity() - within) / 8);
      chunk.slice(within, n * 8).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
          .get(out, done, n);
      done += n;
    }
  }

  /** Copies {@code count} bytes starting at {@code position} into a new array. */
  public byte[] bytes(long position, int count) {
    final byte[] out = new byte[count];
    read(position, out, count);
    return out;
  }

  /** Copies {@code count} bytes starting at {@code position} to the start of {@code out}. */
  public void read(long position, byte[] out, int count) {
    read(position, out, 0, count);
  }

  /** Copies {@code count} bytes starting at {@code position} to {@code out[offset...]}. */
  public void read(long position, byte[] out, int offset, int count) {
    int done = 0;
    while (done < count) {
      final long at = position + done;
      final MappedByteBuffer chunk = chunks[(int) (at >>> CHUNK_BITS)];
      final int within = (int) (at & CHUNK_MASK);
      final int n = Math.min(count - done, chunk.capacity() - within);
      chunk.get(within, out, offset + done, n);
      done += n;
    }
  }

  @Override public String toString() {
    return path.toString();
  }
}
