package dev.sorrel.storage.files;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

import io.airlift.compress.Compressor;
import io.airlift.compress.Decompressor;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import io.airlift.compress.snappy.SnappyCompressor;
import io.airlift.compress.snappy.SnappyDecompressor;
import io.airlift.compress.zstd.ZstdCompressor;
import io.airlift.compress.zstd.ZstdDecompressor;

/**
 * Parquet page compression in pure Java, used instead of parquet-hadoop's own codec factory
 * (which goes through Hadoop's codec classes and the native snappy-java and zstd-jni libraries).
 * SNAPPY, ZSTD and LZ4_RAW use aircompressor, the codecs Trino reads and writes Parquet with;
 * GZIP uses {@code java.util.zip}. BROTLI, LZO and the deprecated Hadoop-framed LZ4 are not
 * supported: {@link ParquetRows} checks a file's codecs before reading it.
 *
 * <p>Not thread-safe; one instance per reader or writer.
 */
final class ParquetCodecs implements CompressionCodecFactory {
  /** The codecs this factory compresses and decompresses. */
  static final Set<CompressionCodecName> SUPPORTED = EnumSet.of(CompressionCodecName.UNCOMPRESSED,
      CompressionCodecName.SNAPPY, CompressionCodecName.GZIP, CompressionCodecName.ZSTD,
      CompressionCodecName.LZ4_RAW);

  @Override
  public BytesInputCompressor getCompressor(CompressionCodecName codec) {
    return switch (supported(codec)) {
      case UNCOMPRESSED -> new Passthrough();
      case SNAPPY -> new BlockCompressor(codec, new SnappyCompressor());
      case ZSTD -> new BlockCompressor(codec, new ZstdCompressor());
      case LZ4_RAW -> new BlockCompressor(codec, new Lz4Compressor());
      case GZIP -> new GzipCompressor();
      default -> throw new AssertionError(codec);
    };
  }

  @Override
  public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
    return switch (supported(codec)) {
      case UNCOMPRESSED -> new Passthrough();
      case SNAPPY -> new BlockDecompressor(codec, new SnappyDecompressor());
      case ZSTD -> new BlockDecompressor(codec, new ZstdDecompressor());
      case LZ4_RAW -> new BlockDecompressor(codec, new Lz4Decompressor());
      case GZIP -> new GzipDecompressor();
      default -> throw new AssertionError(codec);
    };
  }

  @Override
  public void release() {
    // Nothing pooled or native to release.
  }

  /** The bytes of a page as one array (BytesInput's own toByteArray is deprecated). */
  static byte[] array(BytesInput bytes) throws IOException {
    final long size = bytes.size();
    if (size > Integer.MAX_VALUE - 8) {
      throw new IOException("page of " + size + " bytes");
    }
    final byte[] array = new byte[(int) size];
    final OutputStream out = new OutputStream() {
      private int position;

      @Override
      public void write(int b) {
        array[position++] = (byte) b;
      }

      @Override
      public void write(byte[] b, int offset, int length) {
        System.arraycopy(b, offset, array, position, length);
        position += length;
      }
    };
    try {
      bytes.writeAllTo(out);
    } catch (IndexOutOfBoundsException e) {
      throw new IOException("page holds more than the " + size + " bytes it says", e);
    }
    return array;
  }

  private static CompressionCodecName supported(CompressionCodecName codec) {
    if (!SUPPORTED.contains(codec)) {
      throw new IllegalArgumentException("Parquet compression " + codec + " is not supported"
          + " (supported: " + SUPPORTED + ")");
    }
    return codec;
  }

  /**
   * Decompresses into a fresh array of exactly {@code size} bytes, checking that the page's
   * recorded uncompressed size is what the data decompresses to.
   */
  private abstract static class ArrayDecompressor implements BytesInputDecompressor {
    private final CompressionCodecName codec;

    ArrayDecompressor(CompressionCodecName codec) {
      this.codec = codec;
    }

    abstract int decompress(byte[] input, byte[] output) throws IOException;

    @Override
    public BytesInput decompress(BytesInput bytes, int decompressedSize) throws IOException {
      return BytesInput.from(decompressToArray(array(bytes), decompressedSize));
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output,
        int decompressedSize) throws IOException {
      final byte[] compressed = new byte[compressedSize];
      input.get(compressed);
      output.put(decompressToArray(compressed, decompressedSize));
    }

    private byte[] decompressToArray(byte[] input, int decompressedSize) throws IOException {
      if (decompressedSize < 0) {
        throw new IOException("negative uncompressed page size " + decompressedSize);
      }
      final byte[] output = new byte[decompressedSize];
      final int length;
      try {
        length = decompress(input, output);
      } catch (RuntimeException e) {
        // aircompressor reports damaged input as MalformedInputException and may overrun
        // on it; either way the page is corrupt.
        throw new IOException(codec + " page does not decompress: " + e.getMessage(), e);
      }
      if (length != decompressedSize) {
        throw new IOException(codec + " page decompresses to " + length + " bytes, its header"
            + " says " + decompressedSize);
      }
      return output;
    }

    @Override
    public void release() {
    }
  }

  private static final class BlockDecompressor extends ArrayDecompressor {
    private final Decompressor decompressor;

    BlockDecompressor(CompressionCodecName codec, Decompressor decompressor) {
      super(codec);
      this.decompressor = decompressor;
    }

    @Override
    int decompress(byte[] input, byte[] output) {
      return decompressor.decompress(input, 0, input.length, output, 0, output.length);
    }
  }

  private static final class GzipDecompressor extends ArrayDecompressor {
    GzipDecompressor() {
      super(CompressionCodecName.GZIP);
    }

    @Override
    int decompress(byte[] input, byte[] output) throws IOException {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(input))) {
        final int length = in.readNBytes(output, 0, output.length);
        if (in.read() >= 0) {
          throw new IOException("GZIP page decompresses to more than the " + output.length
              + " bytes its header says");
        }
        return length;
      }
    }
  }

  private static final class BlockCompressor implements BytesInputCompressor {
    private final CompressionCodecName codec;
    private final Compressor compressor;

    BlockCompressor(CompressionCodecName codec, Compressor compressor) {
      this.codec = codec;
      this.compressor = compressor;
    }

    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      final byte[] input = array(bytes);
      // A fresh buffer per page: the writer may hold on to the result after the next call.
      final byte[] output = new byte[compressor.maxCompressedLength(input.length)];
      final int length = compressor.compress(input, 0, input.length, output, 0, output.length);
      return BytesInput.from(output, 0, length);
    }

    @Override
    public CompressionCodecName getCodecName() {
      return codec;
    }

    @Override
    public void release() {
    }
  }

  private static final class GzipCompressor implements BytesInputCompressor {
    @Override
    public BytesInput compress(BytesInput bytes) throws IOException {
      final ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(bytes.size() / 2
          + 64, Integer.MAX_VALUE - 8));
      try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
        bytes.writeAllTo(gzip);
      }
      return BytesInput.from(out.toByteArray());
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.GZIP;
    }

    @Override
    public void release() {
    }
  }

  private static final class Passthrough implements BytesInputCompressor,
      BytesInputDecompressor {
    @Override
    public BytesInput compress(BytesInput bytes) {
      return bytes;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return CompressionCodecName.UNCOMPRESSED;
    }

    @Override
    public BytesInput decompress(BytesInput bytes, int decompressedSize) {
      return bytes;
    }

    @Override
    public void decompress(ByteBuffer input, int compressedSize, ByteBuffer output,
        int decompressedSize) throws IOException {
      if (compressedSize != decompressedSize) {
        throw new IOException("uncompressed page holds " + compressedSize + " bytes, its header"
            + " says " + decompressedSize);
      }
      final ByteBuffer slice = input.slice();
      slice.limit(compressedSize);
      output.put(slice);
      input.position(input.position() + compressedSize);
    }

    @Override
    public void release() {
    }
  }
}
