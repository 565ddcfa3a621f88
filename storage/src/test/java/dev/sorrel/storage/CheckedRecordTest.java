package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** A framed record gives back its payload, and any damaged byte is refused. */
class CheckedRecordTest {
  private static final byte[] JSON = "{\"name\":\"T3\",\"id\":3}".getBytes(StandardCharsets.UTF_8);

  @Test void theFramedPayloadComesBack() {
    assertArrayEquals(JSON, CheckedRecord.unwrap(CheckedRecord.wrap(JSON)));
    assertArrayEquals(new byte[0], CheckedRecord.unwrap(CheckedRecord.wrap(new byte[0])));
  }

  @Test void everyFlippedBitIsFound() {
    final byte[] stored = CheckedRecord.wrap(JSON);
    for (int i = 0; i < stored.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        final byte[] damaged = stored.clone();
        damaged[i] ^= (byte) (1 << bit);
        if (i == 0 && damaged[0] == '{') {
          continue; // reads as a legacy record, which then does not decode as JSON
        }
        assertThrows(StorageException.class, () -> CheckedRecord.unwrap(damaged),
            "byte " + i + " bit " + bit);
      }
    }
  }

  @Test void aTruncatedRecordIsRefused() {
    final byte[] stored = CheckedRecord.wrap(JSON);
    for (int length = 0; length < stored.length; length++) {
      final byte[] truncated = java.util.Arrays.copyOf(stored, length);
      assertThrows(StorageException.class, () -> CheckedRecord.unwrap(truncated),
          length + " bytes");
    }
  }

  @Test void aLegacyJsonRecordIsReadAsIs() {
    assertArrayEquals(JSON, CheckedRecord.unwrap(JSON));
  }
}
