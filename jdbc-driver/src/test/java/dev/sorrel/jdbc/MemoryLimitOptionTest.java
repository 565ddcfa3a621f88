package dev.sorrel.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.sorrel.engine.DatabaseOptions;
import dev.sorrel.engine.SorrelException;

/** The {@code memory_limit} URL option: a share of the heap, a size, or 0 for none. */
class MemoryLimitOptionTest {
  @Test void aPercentageIsOfTheMaximumHeap() {
    assertEquals(Runtime.getRuntime().maxMemory() / 100 * 50,
        SorrelDriver.memoryLimit("50%", 1));
    assertEquals(DatabaseOptions.heapPercent(100), SorrelDriver.memoryLimit(" 100 % ", 1));
  }

  @Test void aSizeIsInBytesWithBinarySuffixes() {
    assertEquals(512L << 20, SorrelDriver.memoryLimit("512m", 1));
    assertEquals(2L << 30, SorrelDriver.memoryLimit("2G", 1));
    assertEquals(64L << 10, SorrelDriver.memoryLimit("64k", 1));
    assertEquals(1_000_000, SorrelDriver.memoryLimit("1000000", 1));
    assertEquals(0, SorrelDriver.memoryLimit("0", 1));
  }

  @Test void noOptionIsTheDefault() {
    assertEquals(7, SorrelDriver.memoryLimit(null, 7));
    assertEquals(DatabaseOptions.heapPercent(DatabaseOptions.DEFAULT_MEMORY_LIMIT_PERCENT),
        DatabaseOptions.DEFAULT.memoryLimitBytes());
  }

  @Test void anythingElseIsRefusedWithTheAcceptedForms() {
    for (String bad : new String[] {"0%", "101%", "-1", "lots", "1t", "9999999999999g", ""}) {
      final SorrelException e = assertThrows(SorrelException.class,
          () -> SorrelDriver.memoryLimit(bad, 1), bad);
      assertEquals("08001", e.sqlState());
      assertEquals("memory_limit must be a percentage of the maximum heap from 1% to 100%,"
          + " a size such as 512m or 2g, or 0 for none, not '" + bad + "'", e.getMessage());
    }
  }
}
