package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sectioned file reads back what was written, and refuses other files and damage. */
class SectionedFileTest {
  private static final byte[] MAGIC = "TESTFILE".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  private Path write(String name, int format) throws IOException {
    final Path target = dir.resolve(name);
    try (SectionedFile.Writer writer = SectionedFile.create(target, MAGIC, format, 3)) {
      // Sections filled interleaved, as a writer of parallel columns does.
      for (long i = 0; i < 10_000; i++) {
        writer.section(0).putLong(i);
        writer.section(2).put(new byte[] {(byte) i});
      }
      writer.section(1).put("abc".getBytes(StandardCharsets.US_ASCII));
      writer.commit(ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN)
          .putLong(42).putInt(7).array());
    }
    return target;
  }

  @Test
  void writesSectionsAndMetadataThatReadBack() throws IOException {
    final Path path = write("a.bin", 3);
    final SectionedFile file = SectionedFile.open(path, MAGIC, 3);
    assertEquals(3, file.sectionCount());
    assertEquals(Files.size(path), file.length());
    assertEquals(42, file.metadata().getLong(0));
    assertEquals(7, file.metadata().getInt(8));
    assertEquals(80_000, file.sectionLength(0));
    assertEquals(3, file.sectionLength(1));
    assertEquals(10_000, file.sectionLength(2));
    for (int s = 0; s < 3; s++) {
      assertEquals(0, file.sectionStart(s) % 8, "section " + s + " is 8-byte aligned");
      file.verify(s);
    }
    assertEquals(9_999, file.file().getLong(file.sectionStart(0) + 9_999 * 8));
    assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII),
        file.file().bytes(file.sectionStart(1), 3));
    assertEquals((byte) 9_999, file.file().bytes(file.sectionStart(2) + 9_999, 1)[0]);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(path), files.toList(), "no temporary file is left");
    }
  }

  @Test
  void refusesOtherFilesAndDamage() throws IOException {
    final Path path = write("b.bin", 1);
    assertTrue(assertThrows(IOException.class,
        () -> SectionedFile.open(path, "OTHERONE".getBytes(StandardCharsets.US_ASCII), 1))
        .getMessage().contains("is not a"));
    assertTrue(assertThrows(IOException.class, () -> SectionedFile.open(path, MAGIC, 2))
        .getMessage().contains("format 1"));

    final byte[] bytes = Files.readAllBytes(path);
    final Path header = dir.resolve("header.bin");
    final byte[] damaged = bytes.clone();
    damaged[20] ^= 1;
    Files.write(header, damaged);
    assertTrue(assertThrows(IOException.class, () -> SectionedFile.open(header, MAGIC, 1))
        .getMessage().contains("damaged header"));

    final Path truncated = dir.resolve("truncated.bin");
    Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 8));
    assertThrows(IOException.class, () -> SectionedFile.open(truncated, MAGIC, 1));
    final Path tiny = dir.resolve("tiny.bin");
    Files.write(tiny, java.util.Arrays.copyOf(bytes, 10));
    assertThrows(IOException.class, () -> SectionedFile.open(tiny, MAGIC, 1));

    // A flipped bit in a section passes the cheap open and fails verification.
    final Path body = dir.resolve("body.bin");
    final byte[] flipped = bytes.clone();
    flipped[flipped.length - 9] ^= 1;
    Files.write(body, flipped);
    final SectionedFile file = SectionedFile.open(body, MAGIC, 1);
    file.verify(0);
    assertTrue(assertThrows(IOException.class, () -> file.verify(2)).getMessage()
        .contains("damaged section 2"));
  }

  @Test
  void anUncommittedWriterLeavesNothingAndTheOldFileStays() throws IOException {
    final Path path = write("c.bin", 1);
    final byte[] before = Files.readAllBytes(path);
    try (SectionedFile.Writer writer = SectionedFile.create(path, MAGIC, 1, 2)) {
      writer.section(0).putLong(1);
      // No commit: a failed build.
    }
    assertArrayEquals(before, Files.readAllBytes(path));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(path), files.toList());
    }
    final Path none = dir.resolve("none.bin");
    try (SectionedFile.Writer writer = SectionedFile.create(none, MAGIC, 1, 0)) {
      writer.commit(new byte[0]);
    }
    assertEquals(0, SectionedFile.open(none, MAGIC, 1).sectionCount());
    assertFalse(Files.exists(dir.resolve("none.bin.tmp")));
  }
}
