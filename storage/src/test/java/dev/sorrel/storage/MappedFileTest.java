package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mapped file reads back what was written: little-endian longs and byte ranges. */
class MappedFileTest {
  @TempDir Path dir;

  @Test void readsLongsAndBytes() throws Exception {
    final ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    data.putLong(0, Long.MIN_VALUE + 5);
    data.putLong(8, 1_700_000_000_123L);
    for (int i = 16; i < 64; i++) {
      data.put(i, (byte) i);
    }
    final Path file = dir.resolve("f");
    Files.write(file, data.array());
    final MappedFile mapped = MappedFile.open(file);
    assertEquals(64, mapped.length());
    assertEquals(Long.MIN_VALUE + 5, mapped.getLong(0));
    assertEquals(1_700_000_000_123L, mapped.getLong(8));
    assertArrayEquals(new byte[] {20, 21, 22}, mapped.bytes(20, 3));
    final byte[] out = {9, 9, 9, 9, 9};
    mapped.read(60, out, 1, 4);
    assertArrayEquals(new byte[] {9, 60, 61, 62, 63}, out);
    assertArrayEquals(new byte[0], mapped.bytes(64, 0));
  }

  @Test void anEmptyFileMaps() throws Exception {
    final Path file = Files.createFile(dir.resolve("empty"));
    assertEquals(0, MappedFile.open(file).length());
  }
}
