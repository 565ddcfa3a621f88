package dev.sorrel.jdbc;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A connection's properties, which Avatica and Calcite read as the
 * connection's settings. They re-read them on every read of a setting, and a
 * query execution reads two (the time zone and {@code autoTemp}), each time
 * listing all property names: this class keeps that list until a property is
 * added or removed, instead of building it again for each read. The views
 * ({@link #keySet()}, {@link #entrySet()}, {@link #values()}) are read-only,
 * so every change goes through a method that drops the kept list.
 */
final class ConnectionProperties extends Properties {
  private static final long serialVersionUID = 1L;

  private transient volatile Set<String> names;

  @Override public Set<String> stringPropertyNames() {
    Set<String> result = names;
    if (result == null) {
      result = Collections.unmodifiableSet(super.stringPropertyNames());
      names = result;
    }
    return result;
  }

  private <T> T changed(T result) {
    names = null;
    return result;
  }

  @Override public synchronized Object put(Object key, Object value) {
    return changed(super.put(key, value));
  }

  @Override public synchronized void putAll(Map<?, ?> t) {
    super.putAll(t);
    names = null;
  }

  @Override public synchronized Object remove(Object key) {
    return changed(super.remove(key));
  }

  @Override public synchronized boolean remove(Object key, Object value) {
    return changed(super.remove(key, value));
  }

  @Override public synchronized void clear() {
    super.clear();
    names = null;
  }

  @Override public synchronized Object putIfAbsent(Object key, Object value) {
    return changed(super.putIfAbsent(key, value));
  }

  @Override public synchronized boolean replace(Object key, Object oldValue, Object newValue) {
    return changed(super.replace(key, oldValue, newValue));
  }

  @Override public synchronized Object replace(Object key, Object value) {
    return changed(super.replace(key, value));
  }

  @Override public synchronized void replaceAll(
      BiFunction<? super Object, ? super Object, ?> function) {
    super.replaceAll(function);
    names = null;
  }

  @Override public synchronized Object compute(Object key,
      BiFunction<? super Object, ? super Object, ?> remappingFunction) {
    return changed(super.compute(key, remappingFunction));
  }

  @Override public synchronized Object computeIfAbsent(Object key,
      Function<? super Object, ?> mappingFunction) {
    return changed(super.computeIfAbsent(key, mappingFunction));
  }

  @Override public synchronized Object computeIfPresent(Object key,
      BiFunction<? super Object, ? super Object, ?> remappingFunction) {
    return changed(super.computeIfPresent(key, remappingFunction));
  }

  @Override public synchronized Object merge(Object key, Object value,
      BiFunction<? super Object, ? super Object, ?> remappingFunction) {
    return changed(super.merge(key, value, remappingFunction));
  }

  @Override public Set<Object> keySet() {
    return Collections.unmodifiableSet(super.keySet());
  }

  @Override public Set<Map.Entry<Object, Object>> entrySet() {
    return Collections.unmodifiableSet(super.entrySet());
  }

  @Override public Collection<Object> values() {
    return Collections.unmodifiableCollection(super.values());
  }
}
