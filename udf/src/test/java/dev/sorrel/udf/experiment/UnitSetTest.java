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

  @Test
  void addingManyAtOnceFindsTheFirstRepeatAsAddingOneByOne() {
    final UnitSet text = new UnitSet();
    final UnitSet integers = new UnitSet();
    final String[] names = new String[3000];
    final long[] ids = new long[3000];
    for (int batch = 0; batch < 100; batch++) {
      for (int i = 0; i < names.length; i++) {
        names[i] = "unit-" + batch + "-" + i;
        ids[i] = batch * 1_000_000L + i - 50_000_000L;
      }
      assertEquals(-1, text.addAll(names, names.length));
      assertEquals(-1, integers.addAll(ids, ids.length));
    }
    assertEquals(300_000, text.size());
    assertEquals(300_000, integers.size());
    names[0] = "new";
    names[1] = "unit-3-7";
    names[2] = "new";
    assertEquals(1, text.addAll(names, 3));
    names[1] = "newer";
    assertEquals(0, text.addAll(names, 3)); // "new" was added by the call before
    ids[0] = -1;
    ids[1] = -1;
    assertEquals(1, integers.addAll(ids, 2));
    assertFalse(integers.add(-1L));
    assertFalse(integers.add(0L)); // batch 50's first unit
    names[0] = "newest";
    assertEquals(2, text.addAll(names, 3)); // "newer" is added, "new" is a repeat
    assertFalse(text.add("newer"));
    assertTrue(text.add("newer still"));
  }
}
