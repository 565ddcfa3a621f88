package dev.sorrel.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The framing of a stored definition (a catalog entry, a model's definition): its encoded bytes
 * behind a marker byte and their CRC-32C, so that bytes damaged after they were encoded are
 * detected when they are read instead of decoding to another, still valid, definition.
 *
 * <p>Layout: {@code 0x01 | CRC-32C of the payload (int32, little-endian) | payload}. RocksDB
 * checks its own blocks on read; this covers what that cannot, a value that was damaged before
 * it reached RocksDB or by a tool that rewrote it. A value that starts with {@code '{'} is a
 * JSON definition written before records were framed, and is returned as is: it is checked only
 * as far as it decodes (it gets its checksum when it is next written).
 */
public final class CheckedRecord {
  private static final byte MARKER = 0x01;
  private static final byte LEGACY_JSON = '{';
  private static final int HEADER = 5;

  private CheckedRecord() {
  }

  /** Frames a payload with its checksum. */
  public static byte[] wrap(byte[] payload) {
    final CRC32C crc = new CRC32C();
    crc.update(payload);
    return ByteBuffer.allocate(HEADER + payload.length).order(ByteOrder.LITTLE_ENDIAN)
        .put(MARKER).putInt((int) crc.getValue()).put(payload).array();
  }

  /**
   * The payload of a framed value (or a legacy JSON value as is).
   *
   * @throws StorageException if the value is not such a record or its bytes are not the ones
   *     written
   */
  public static byte[] unwrap(byte[] stored) {
    if (stored.length > 0 && stored[0] == LEGACY_JSON) {
      return stored;
    }
    if (stored.length < HEADER || stored[0] != MARKER) {
      throw new StorageException("damaged record: it does not start with a record header");
    }
    final byte[] payload = Arrays.copyOfRange(stored, HEADER, stored.length);
    final CRC32C crc = new CRC32C();
    crc.update(payload);
    final int expected = ByteBuffer.wrap(stored, 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if ((int) crc.getValue() != expected) {
      throw new StorageException("damaged record: its checksum does not match its bytes");
    }
    return payload;
  }
}
