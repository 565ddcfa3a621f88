package dev.sorrel.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The list of property names is kept between reads and follows every change. */
class ConnectionPropertiesTest {
  @Test void namesAreKeptUntilAPropertyChanges() {
    final ConnectionProperties properties = new ConnectionProperties();
    properties.setProperty("a", "1");
    final Set<String> names = properties.stringPropertyNames();
    assertEquals(Set.of("a"), names);
    assertSame(names, properties.stringPropertyNames());

    properties.setProperty("b", "2");
    assertEquals(Set.of("a", "b"), properties.stringPropertyNames());
    properties.remove("a");
    assertEquals(Set.of("b"), properties.stringPropertyNames());
    properties.putAll(Map.of("c", "3"));
    assertEquals(Set.of("b", "c"), properties.stringPropertyNames());
    properties.computeIfAbsent("d", key -> "4");
    assertEquals(Set.of("b", "c", "d"), properties.stringPropertyNames());
    properties.merge("e", "5", (x, y) -> y);
    assertEquals(Set.of("b", "c", "d", "e"), properties.stringPropertyNames());
    properties.clear();
    assertEquals(Set.of(), properties.stringPropertyNames());
  }

  @Test void viewsCannotChangePropertiesBehindTheKeptNames() {
    final ConnectionProperties properties = new ConnectionProperties();
    properties.setProperty("a", "1");
    properties.stringPropertyNames();
    assertThrows(UnsupportedOperationException.class, () -> properties.keySet().remove("a"));
    assertThrows(UnsupportedOperationException.class, () -> properties.entrySet().clear());
    assertThrows(UnsupportedOperationException.class, () -> properties.values().clear());
    assertEquals("1", properties.getProperty("a"));
  }
}
