package dev.sorrel.engine.table;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IndexDef;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.KvCursor;
import dev.sorrel.storage.ReadView;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.ValueType;

/**
 * A secondary index of a table at run time: turns rows into index entries and
 * value ranges into byte ranges of {@link Space#INDEX}.
 *
 * <h2>Entries</h2>
 *
 * An entry's key is {@code index id ‖ indexed values ‖ row key}, with each value
 * encoded in the index's order (a descending column inverted, see
 * {@link KeyEncoder#writeDescending}); its value is the row key, that is the
 * table's primary key (or hidden row id) without the table prefix, so reading
 * an entry never decodes the indexed values. An entry of a unique index whose
 * values are all non-null leaves the row key out of its key: two rows with the
 * same values then have the same entry key, and the uniqueness check is one
 * {@code exists} that sees the transaction's own writes. Rows with a NULL in
 * an indexed column keep the row key in the entry key, so they never
 * conflict.
 *
 * <p>Writes go through the {@link Transaction} of the row they belong to, in
 * the same write batch, so rows and entries cannot disagree after a crash.
 */
public final class Index {
  private final IndexDef def;
  private final String tableName;
  private final List<ColumnDef> tableColumns;
  private final int[] columns;
  private final ValueType[] types;
  private final boolean[] descending;
  private final byte[] prefix;
  private final byte[] prefixEnd;
  /** The key prefix of the table's rows, to rebuild a row key from an entry. */
  private final byte[] tablePrefix;
  /**
   * The store's sequence number once the transaction that created the index
   * had committed (0 for an index that existed when the database opened): a
   * snapshot older than that holds the table's rows without their entries.
   */
  private final long completeFrom;

  Index(IndexDef def, String tableName, List<ColumnDef> tableColumns, byte[] tablePrefix,
      long completeFrom) {
    this.def = def;
    this.completeFrom = completeFrom;
    this.tableName = tableName;
    this.tableColumns = tableColumns;
    this.columns = def.columns().stream().mapToInt(Integer::intValue).toArray();
    this.types = new ValueType[columns.length];
    this.descending = new boolean[columns.length];
    for (int i = 0; i < columns.length; i++) {
      types[i] = tableColumns.get(columns[i]).type();
      descending[i] = def.descending().get(i);
    }
    this.prefix = prefixOf(def.id());
    this.prefixEnd = KeyEncoder.successor(prefix);
    this.tablePrefix = tablePrefix;
  }

  /** The key prefix of an index's entries. */
  public static byte[] prefixOf(int indexId) {
    return new KeyEncoder().writeRawInt(indexId).toByteArray();
  }

  public IndexDef def() {
    return def;
  }

  public String name() {
    return def.name();
  }

  /** See {@link #completeFrom}. */
  long completeFrom() {
    return completeFrom;
  }

  /**
   * Whether a view's snapshot holds an entry for each of its rows: false for
   * a snapshot taken before the index was created, in which the index is
   * empty (a transaction that began earlier reads the table instead).
   */
  boolean completeIn(ReadView view) {
    return view.sequence() >= completeFrom;
  }

  /** The number of indexed columns. */
  int width() {
    return columns.length;
  }

  /** The table ordinal of the indexed column at {@code position}. */
  int column(int position) {
    return columns[position];
  }

  // ---------------------------------------------------------------- entries

  /** An entry of a row: its key in {@link Space#INDEX} and its value, the row key. */
  record Entry(byte[] key, byte[] value) {
    boolean sameAs(Entry other) {
      return Arrays.equals(key, other.key) && Arrays.equals(value, other.value);
    }
  }

  /** The entry of a checked row stored under {@code rowKey} (table prefix included). */
  Entry entry(Object[] row, byte[] rowKey) {
    final KeyEncoder encoder = new KeyEncoder().writeRawInt(def.id());
    boolean hasNull = false;
    for (int i = 0; i < columns.length; i++) {
      final Object value = row[columns[i]];
      hasNull |= value == null;
      if (descending[i]) {
        encoder.writeDescending(types[i], value);
      } else {
        encoder.write(types[i], value);
      }
    }
    final int suffix = rowKey.length - tablePrefix.length;
    if (!def.unique() || hasNull) {
      encoder.writeRaw(rowKey, tablePrefix.length, suffix);
    }
    return new Entry(encoder.toByteArray(), Arrays.copyOfRange(rowKey, tablePrefix.length,
        rowKey.length));
  }

  /**
   * Fails if storing this entry would give two rows the same values in a
   * unique index, as the transaction would leave the store.
   */
  void checkUnique(Transaction tx, Entry entry, Object[] row) {
    if (taken(tx, entry)) {
      throw duplicate(row);
    }
  }

  /** Whether another row of a unique index has this entry's values. */
  boolean taken(Transaction tx, Entry entry) {
    return def.unique() && entryExists(tx, entry.key());
  }

  void put(Transaction tx, Entry entry) {
    tx.storage().put(Space.INDEX, entry.key(), entry.value());
  }

  void delete(Transaction tx, Entry entry) {
    tx.storage().delete(Space.INDEX, entry.key());
  }

  private static boolean entryExists(Transaction tx, byte[] key) {
    try {
      return tx.storage().exists(Space.INDEX, key);
    } catch (StorageException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, e.getMessage(), e);
    }
  }

  /** The uniqueness violation of the row of an entry, from the values in the entry's key. */
  SorrelException duplicateOfEntry(byte[] entryKey) {
    final Object[] row = new Object[tableColumns.size()];
    try {
      decodeValues(entryKey, row);
    } catch (StorageException e) {
      return new SorrelException(ErrorCode.DUPLICATE_KEY, "duplicate key violates unique index "
          + def.name() + " of table " + tableName);
    }
    return duplicate(row);
  }

  /** The uniqueness violation of a row, naming the index and the values. */
  SorrelException duplicate(Object[] row) {
    final List<String> names = new ArrayList<>(columns.length);
    final List<String> values = new ArrayList<>(columns.length);
    for (int c : columns) {
      names.add(tableColumns.get(c).name());
      values.add(render(row[c]));
    }
    return new SorrelException(ErrorCode.DUPLICATE_KEY, "duplicate key (" + String.join(", ",
        names) + ")=(" + String.join(", ", values) + ") violates unique index " + def.name()
        + " of table " + tableName);
  }

  private static String render(Object value) {
    if (value instanceof String s) {
      return "'" + s.replace("'", "''") + "'";
    }
    if (value instanceof byte[] bytes) {
      final StringBuilder hex = new StringBuilder("X'");
      for (byte b : bytes) {
        hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
      }
      return hex.append('\'').toString().toUpperCase(java.util.Locale.ROOT);
    }
    return String.valueOf(value);
  }

  // ---------------------------------------------------------------- ranges

  /**
   * The bytes of {@link Space#INDEX} that hold the entries of a range over
   * the indexed values, as {@code [from, to)}.
   *
   * @param range bounds over the leading indexed columns: the first
   *     {@code equal} values of both bounds are the same equalities, and a
   *     bound longer than that holds a range on the next column (a point or a
   *     prefix has the same array as both bounds)
   * @param equal the number of leading columns the range fixes by equality
   */
  byte[][] byteRange(KeyRange range, int equal) {
    final Object[] lower = range.lower();
    final Object[] upper = range.upper();
    if (lower == null && upper == null) {
      return keyRange();
    }
    if (lower == upper) {
      final byte[] point = encode(lower, lower.length);
      return new byte[][] {point, successorOf(point)};
    }
    final byte[] base = encode(lower != null ? lower : upper, equal);
    final Object low = lower != null && lower.length > equal ? lower[equal] : null;
    final Object high = upper != null && upper.length > equal ? upper[equal] : null;
    if (low == null && high == null) {
      return new byte[][] {base, successorOf(base)};
    }
    final boolean desc = descending[equal];
    // A comparison is never true for NULL, so an open side stops short of the
    // NULLs: they sort first ascending (marker 0x00) and last descending
    // (the inverted marker 0xFF).
    final byte[] nonNullStart = appendByte(base, (byte) 0x01);
    final byte[] nullStart = appendByte(base, (byte) 0xFF);
    if (!desc) {
      final byte[] from = low == null ? nonNullStart
          : lowerBytes(encodeWith(base, equal, low), range.lowerInclusive());
      final byte[] to = high == null ? successorOf(base)
          : upperBytes(encodeWith(base, equal, high), range.upperInclusive());
      return new byte[][] {from, to};
    }
    final byte[] from = high == null ? base
        : lowerBytes(encodeWith(base, equal, high), range.upperInclusive());
    final byte[] to = low == null ? nullStart
        : upperBytes(encodeWith(base, equal, low), range.lowerInclusive());
    return new byte[][] {from, to};
  }

  /** Where a range starts that includes (or excludes) every key with this prefix. */
  private static byte[] lowerBytes(byte[] bound, boolean inclusive) {
    return inclusive ? bound : successorOf(bound);
  }

  /** Where a range ends that includes (or excludes) every key with this prefix. */
  private static byte[] upperBytes(byte[] bound, boolean inclusive) {
    return inclusive ? successorOf(bound) : bound;
  }

  private static byte[] successorOf(byte[] key) {
    final byte[] next = KeyEncoder.successor(key);
    // Only a key of all 0xFF bytes has none; an index prefix never is one.
    return next != null ? next : key;
  }

  private static byte[] appendByte(byte[] key, byte b) {
    final byte[] out = Arrays.copyOf(key, key.length + 1);
    out[key.length] = b;
    return out;
  }

  private byte[] encode(Object[] values, int count) {
    final KeyEncoder encoder = new KeyEncoder().writeRawInt(def.id());
    for (int i = 0; i < count; i++) {
      write(encoder, i, values[i]);
    }
    return encoder.toByteArray();
  }

  private byte[] encodeWith(byte[] base, int position, Object value) {
    final KeyEncoder encoder = new KeyEncoder().writeRaw(base, 0, base.length);
    write(encoder, position, value);
    return encoder.toByteArray();
  }

  private void write(KeyEncoder encoder, int position, Object value) {
    if (descending[position]) {
      encoder.writeDescending(types[position], value);
    } else {
      encoder.write(types[position], value);
    }
  }

  // ---------------------------------------------------------------- reads

  /** Opens a cursor over the row keys of the entries in a byte range, in index order. */
  EntryCursor entries(ReadView view, byte[] from, byte[] to) {
    return new EntryCursor(view.scan(Space.INDEX, from, to));
  }

  /** Opens a cursor over the row keys of every entry, in index order. */
  EntryCursor entries(ReadView view) {
    return entries(view, prefix, prefixEnd);
  }

  /**
   * Counts the distinct combinations of indexed values, each row with a NULL
   * counting as one of its own (as it would for uniqueness). Reads every entry.
   */
  public long countDistinct(ReadView view) {
    long count = 0;
    byte[] previous = null;
    try (KvCursor cursor = view.scan(Space.INDEX, prefix, prefixEnd)) {
      while (cursor.next()) {
        if (def.unique()) {
          count++; // each entry is a combination no other row has, or holds a NULL
          continue;
        }
        // A non-unique entry's key is the id, the values, then the row key (its value).
        final byte[] key = cursor.key();
        final byte[] values = Arrays.copyOfRange(key, prefix.length,
            key.length - cursor.value().length);
        if (previous == null || !Arrays.equals(previous, values)) {
          count++;
        }
        previous = values;
      }
    } catch (StorageException e) {
      throw new SorrelException(ErrorCode.IO_ERROR, "read of index " + def.name()
          + " failed: " + e.getMessage(), e);
    }
    return count;
  }

  /** The key prefix of this index's entries and its end, for range deletes and compaction. */
  byte[][] keyRange() {
    return new byte[][] {prefix.clone(), prefixEnd.clone()};
  }

  /** The row key (table prefix included) an entry's value points to. */
  byte[] rowKey(byte[] entryValue) {
    final byte[] key = Arrays.copyOf(tablePrefix, tablePrefix.length + entryValue.length);
    System.arraycopy(entryValue, 0, key, tablePrefix.length, entryValue.length);
    return key;
  }

  /**
   * Decodes the indexed values of an entry's key into {@code row}, at their
   * table ordinals. A descending value is stored inverted: it is turned back
   * before it is read.
   */
  void decodeValues(byte[] entryKey, Object[] row) {
    int position = prefix.length;
    for (int i = 0; i < columns.length; i++) {
      if (descending[i]) {
        final byte[] rest = Arrays.copyOfRange(entryKey, position, entryKey.length);
        for (int b = 0; b < rest.length; b++) {
          rest[b] = (byte) ~rest[b];
        }
        final dev.sorrel.storage.KeyDecoder decoder = new dev.sorrel.storage.KeyDecoder(rest, 0);
        row[columns[i]] = decoder.read(types[i]);
        position += decoder.position();
      } else {
        final dev.sorrel.storage.KeyDecoder decoder =
            new dev.sorrel.storage.KeyDecoder(entryKey, position);
        row[columns[i]] = decoder.read(types[i]);
        position = decoder.position();
      }
    }
  }

  /** Steps through entries and yields the row key each points to. */
  final class EntryCursor implements AutoCloseable {
    private final KvCursor cursor;

    private EntryCursor(KvCursor cursor) {
      this.cursor = cursor;
    }

    /** The next entry's row key (table prefix included), or null at the end. */
    byte[] next() {
      return cursor.next() ? rowKey(cursor.value()) : null;
    }

    /** The current entry's key (after {@link #next()} returned a row key). */
    byte[] entryKey() {
      return cursor.key();
    }

    /** The current entry's value: the row key without the table prefix. */
    byte[] entryValue() {
      return cursor.value();
    }

    @Override public void close() {
      cursor.close();
    }
  }

  @Override public String toString() {
    return def.name();
  }
}
