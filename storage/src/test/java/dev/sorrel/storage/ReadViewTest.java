package dev.sorrel.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * A read view refuses use after it or its store is closed, with an
 * exception instead of a read through a released snapshot.
 */
class ReadViewTest {
  private static final byte[] KEY = {0, 0, 0, 1, 7};

  @Test void aClosedViewRefusesReads() {
    try (Store store = Store.openInMemory("read-view-closed")) {
      try (WriteTransaction tx = store.begin()) {
        tx.put(Space.DATA, KEY, new byte[] {42});
        tx.commit();
      }
      final ReadView view = store.snapshot();
      assertArrayEquals(new byte[] {42}, view.get(Space.DATA, KEY));
      view.close();
      view.close(); // closing twice is harmless
      final StorageException get = assertThrows(StorageException.class,
          () -> view.get(Space.DATA, KEY));
      assertTrue(get.getMessage().contains("after close"), get.getMessage());
      assertThrows(StorageException.class, () -> view.scan(Space.DATA, null, null));
      assertThrows(StorageException.class, () -> view.seeker(Space.DATA, KEY, null));
    }
  }

  @Test void aViewOfAClosedStoreRefusesReads() {
    final Store store = Store.openInMemory("read-view-store-closed");
    final ReadView view = store.snapshot();
    store.close();
    assertThrows(StorageException.class, () -> view.get(Space.DATA, KEY));
    view.close();
  }
}
