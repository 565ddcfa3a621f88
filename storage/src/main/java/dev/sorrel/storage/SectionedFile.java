package dev.sorrel.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * A read-only file of numbered sections behind a checked header, read memory-mapped: the
 * container of derived files such as a feature view's history segment, which are written once,
 * replaced whole and read by position.
 *
 * <p>Layout, little-endian; the header and every section start at a multiple of 8 bytes:
 * <pre>
 *   magic (8 bytes, the caller's) | format (int32, the caller's) | section count n (int32)
 *   file length (int64) | metadata length m (int32) | reserved (int32, 0)
 *   n x [offset (int64), length (int64), CRC-32C of the section's bytes (int64)]
 *   metadata (m bytes, the caller's fixed fields), zero-padded to a multiple of 8
 *   CRC-32C of all the header bytes above (int64)
 *   the sections, each zero-padded to a multiple of 8
 * </pre>
 *
 * <p>{@link #open} checks the magic, the format, the header's checksum, the file's length and
 * that the sections lie inside it, which is cheap; {@link #verify(int)} reads a whole section to
 * check its checksum, which costs a pass over it. A {@link Writer} streams each section to a
 * temporary file of its own (so a caller may fill several at once), then joins them behind the
 * header into a temporary file that is synced and renamed into place: a crash leaves the old
 * file or the new one, never a part.
 *
 * <p>Thread-safe for reading: every read is absolute.
 */
public final class SectionedFile {
  /** Bytes of the header before the section table. */
  private static final int FIXED_HEADER = 32;
  /** Bytes of one section table entry. */
  private static final int ENTRY = 24;
  private static final int MAGIC_LENGTH = 8;

  private final MappedFile file;
  private final int format;
  private final long[] offsets;
  private final long[] lengths;
  private final long[] checksums;
  private final byte[] metadata;

  private SectionedFile(MappedFile file, int format, long[] offsets, long[] lengths,
      long[] checksums, byte[] metadata) {
    this.file = file;
    this.format = format;
    this.offsets = offsets;
    this.lengths = lengths;
    this.checksums = checksums;
    this.metadata = metadata;
  }

  /**
   * Maps a file and checks its header.
   *
   * @param magic the 8 bytes the file must start with
   * @param format the format number it must have
   * @throws IOException if it cannot be read, is not such a file, has another format, or its
   *     header is damaged or does not match its length
   */
  public static SectionedFile open(Path path, byte[] magic, int format) throws IOException {
    checkMagic(magic);
    final MappedFile file = MappedFile.open(path);
    if (file.length() < FIXED_HEADER) {
      throw new IOException(path + " is truncated (" + file.length() + " bytes)");
    }
    final ByteBuffer fixed = ByteBuffer.wrap(file.bytes(0, FIXED_HEADER))
        .order(ByteOrder.LITTLE_ENDIAN);
    if (!Arrays.equals(file.bytes(0, MAGIC_LENGTH), magic)) {
      throw new IOException(path + " is not a " + new String(magic,
          java.nio.charset.StandardCharsets.US_ASCII).strip() + " file");
    }
    if (fixed.getInt(8) != format) {
      throw new IOException(path + " has format " + fixed.getInt(8) + ", not " + format);
    }
    final int sections = fixed.getInt(12);
    final int metadataLength = fixed.getInt(24);
    if (sections < 0 || metadataLength < 0
        || headerLength(sections, metadataLength) > file.length()) {
      throw new IOException(path + " has a damaged header");
    }
    final int headerLength = headerLength(sections, metadataLength);
    final ByteBuffer header = ByteBuffer.wrap(file.bytes(0, headerLength))
        .order(ByteOrder.LITTLE_ENDIAN);
    final CRC32C crc = new CRC32C();
    crc.update(header.array(), 0, headerLength - 8);
    if (crc.getValue() != header.getLong(headerLength - 8)) {
      throw new IOException(path + " has a damaged header");
    }
    if (header.getLong(16) != file.length()) {
      throw new IOException(path + " is " + file.length() + " bytes, not "
          + header.getLong(16));
    }
    final long[] offsets = new long[sections];
    final long[] lengths = new long[sections];
    final long[] checksums = new long[sections];
    long end = headerLength;
    for (int i = 0; i < sections; i++) {
      offsets[i] = header.getLong(FIXED_HEADER + i * ENTRY);
      lengths[i] = header.getLong(FIXED_HEADER + i * ENTRY + 8);
      checksums[i] = header.getLong(FIXED_HEADER + i * ENTRY + 16);
      if (offsets[i] < end || (offsets[i] & 7) != 0 || lengths[i] < 0
          || lengths[i] > file.length() - offsets[i]) {
        throw new IOException(path + " has an invalid section table");
      }
      end = offsets[i] + lengths[i];
    }
    final byte[] metadata = Arrays.copyOfRange(header.array(),
        FIXED_HEADER + sections * ENTRY, FIXED_HEADER + sections * ENTRY + metadataLength);
    return new SectionedFile(file, format, offsets, lengths, checksums, metadata);
  }

  private static int headerLength(int sections, int metadataLength) {
    final long length = FIXED_HEADER + (long) sections * ENTRY + pad(metadataLength) + 8;
    return length > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) length;
  }

  private static long pad(long size) {
    return (size + 7) & ~7L;
  }

  private static void checkMagic(byte[] magic) {
    if (magic.length != MAGIC_LENGTH) {
      throw new IllegalArgumentException("a magic is 8 bytes, not " + magic.length);
    }
  }

  public Path path() {
    return file.path();
  }

  /** The file's size in bytes. */
  public long length() {
    return file.length();
  }

  public int format() {
    return format;
  }

  public int sectionCount() {
    return offsets.length;
  }

  /** The caller's fixed fields written with the file, little-endian. */
  public ByteBuffer metadata() {
    return ByteBuffer.wrap(metadata).order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer()
        .order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Where section {@code section} starts in the file (a multiple of 8). */
  public long sectionStart(int section) {
    return offsets[section];
  }

  /** The number of bytes written to section {@code section} (without padding). */
  public long sectionLength(int section) {
    return lengths[section];
  }

  /** The mapped file, read by absolute position. */
  public MappedFile file() {
    return file;
  }

  /**
   * Reads a whole section and checks it against its checksum.
   *
   * @throws IOException if the section's bytes are not the ones written
   */
  public void verify(int section) throws IOException {
    final CRC32C crc = new CRC32C();
    final byte[] buffer = new byte[1 << 16];
    long done = 0;
    while (done < lengths[section]) {
      final int n = (int) Math.min(buffer.length, lengths[section] - done);
      file.read(offsets[section] + done, buffer, n);
      crc.update(buffer, 0, n);
      done += n;
    }
    if (crc.getValue() != checksums[section]) {
      throw new IOException(file.path() + " has a damaged section " + section);
    }
  }

  @Override public String toString() {
    return file.path().toString();
  }

  /**
   * Starts writing the file {@code target} with {@code sections} sections. Close the writer
   * whatever happens: without {@link Writer#commit} it deletes what it wrote.
   */
  public static Writer create(Path target, byte[] magic, int format, int sections)
      throws IOException {
    checkMagic(magic);
    return new Writer(target, magic.clone(), format, sections);
  }

  /**
   * Writes a {@link SectionedFile}: sections filled in any order, each through its own
   * buffered temporary file, then {@link #commit} puts the whole file in place.
   */
  public static final class Writer implements AutoCloseable {
    private final Path target;
    private final Path temporary;
    private final byte[] magic;
    private final int format;
    private final Section[] sections;
    private boolean committed;

    private Writer(Path target, byte[] magic, int format, int count) throws IOException {
      this.target = target;
      this.temporary = target.resolveSibling(target.getFileName() + ".tmp");
      this.magic = magic;
      this.format = format;
      this.sections = new Section[count];
      try {
        for (int i = 0; i < count; i++) {
          sections[i] = new Section(target.resolveSibling(target.getFileName() + ".tmp." + i));
        }
      } catch (IOException | RuntimeException e) {
        try {
          close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    /** Section {@code index}, to append to. */
    public Section section(int index) {
      return sections[index];
    }

    /**
     * Joins the sections behind the header with {@code metadata} (the caller's fixed fields)
     * into one file, syncs it and renames it to the target, replacing any file there.
     */
    public void commit(byte[] metadata) throws IOException {
      final int headerLength = headerLength(sections.length, metadata.length);
      final ByteBuffer header = ByteBuffer.allocate(headerLength).order(ByteOrder.LITTLE_ENDIAN);
      header.put(magic);
      header.putInt(8, format);
      header.putInt(12, sections.length);
      header.putInt(24, metadata.length);
      long offset = headerLength;
      for (int i = 0; i < sections.length; i++) {
        sections[i].finish();
        header.putLong(FIXED_HEADER + i * ENTRY, offset);
        header.putLong(FIXED_HEADER + i * ENTRY + 8, sections[i].size());
        header.putLong(FIXED_HEADER + i * ENTRY + 16, sections[i].checksum());
        offset += pad(sections[i].size());
      }
      header.putLong(16, offset);
      header.put(FIXED_HEADER + sections.length * ENTRY, metadata);
      final CRC32C crc = new CRC32C();
      crc.update(header.array(), 0, headerLength - 8);
      header.putLong(headerLength - 8, crc.getValue());
      try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        header.rewind();
        while (header.hasRemaining()) {
          out.write(header);
        }
        for (Section section : sections) {
          section.appendTo(out);
        }
        out.force(true);
      }
      try {
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
      syncDirectory(target.toAbsolutePath().getParent());
      committed = true;
    }

    /** Deletes the temporary files (and the unfinished file, if not committed). */
    @Override public void close() throws IOException {
      IOException failure = null;
      for (Section section : sections) {
        if (section != null) {
          try {
            section.discard();
          } catch (IOException e) {
            failure = e;
          }
        }
      }
      if (!committed) {
        Files.deleteIfExists(temporary);
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /**
   * Makes a rename durable: on Linux a directory opened for reading can be synced; where it
   * cannot (other systems), the rename is as durable as the file system makes it anyway.
   */
  private static void syncDirectory(Path directory) {
    if (directory == null) {
      return;
    }
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort, see above.
    }
  }

  /** One section being written: a buffered temporary file, checksummed as it is written. */
  public static final class Section {
    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16)
        .order(ByteOrder.LITTLE_ENDIAN);
    private final CRC32C crc = new CRC32C();
    private long size;
    private boolean finished;

    private Section(Path path) throws IOException {
      this.path = path;
      this.channel = FileChannel.open(path, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
    }

    /** The number of bytes appended so far. */
    public long size() {
      return size;
    }

    /** Appends a little-endian long. */
    public void putLong(long value) throws IOException {
      if (buffer.remaining() < 8) {
        drain();
      }
      buffer.putLong(value);
      size += 8;
    }

    /** Appends bytes. */
    public void put(byte[] bytes) throws IOException {
      int done = 0;
      while (done < bytes.length) {
        if (!buffer.hasRemaining()) {
          drain();
        }
        final int n = Math.min(buffer.remaining(), bytes.length - done);
        buffer.put(bytes, done, n);
        done += n;
      }
      size += bytes.length;
    }

    long checksum() {
      return crc.getValue();
    }

    /** Writes out the buffer, then pads the file (outside the checksum) to a multiple of 8. */
    private void finish() throws IOException {
      if (finished) {
        return;
      }
      drain();
      final int padding = (int) (pad(size) - size);
      if (padding > 0) {
        final ByteBuffer zeros = ByteBuffer.allocate(padding);
        while (zeros.hasRemaining()) {
          channel.write(zeros);
        }
      }
      finished = true;
    }

    private void drain() throws IOException {
      buffer.flip();
      crc.update(buffer.duplicate());
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      buffer.clear();
    }

    private void appendTo(FileChannel out) throws IOException {
      final long total = pad(size);
      long done = 0;
      while (done < total) {
        done += channel.transferTo(done, total - done, out);
      }
    }

    private void discard() throws IOException {
      channel.close();
      Files.deleteIfExists(path);
    }
  }
}
