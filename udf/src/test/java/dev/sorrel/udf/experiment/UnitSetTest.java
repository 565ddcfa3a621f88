package dev.sorrel.udf.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The unit set finds every repeated unit, through its growth, and no other. */
class UnitSetTest {
  @Test
  void findsRepeatsOfTextAndIntegerUnits() {
    final UnitSet text = new UnitSet();
    final UnitSet integers = new UnitSet();
    for (int i = 0; i < 200_000; i++) {
      assertTrue(text.add("user_" + i));
      assertTrue(integers.add((long) i * 1_000_003));
    }
    assertEquals(200_000, text.size());
    for (int i = 0; i < 200_000; i += 997) {
      assertFalse(text.add("user_" + i));
      assertFalse(integers.add((long) i * 1_000_003));
    }
    assertTrue(text.add("user_-1"));
    assertTrue(text.add(""));
    assertFalse(text.add(""));
    assertTrue(integers.add(Long.MIN_VALUE));
    assertTrue(integers.add(0L - 1));
  }

  @Test
  void integerZeroIsAUnitLikeAnyOther() {
    final UnitSet integers = new UnitSet();
    assertTrue(integers.add(0L));
    assertFalse(integers.add(0L));
    for (long i = 1; i < 5_000; i++) {
      assertTrue(integers.add(i));
    }
    assertFalse(integers.add(0L));
    assertEquals(5_000, integers.size());
  }
}
