package dev.sorrel.engine.table;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.catalog.IdentityDef;
import dev.sorrel.storage.KeyEncoder;
import dev.sorrel.storage.Space;
import dev.sorrel.storage.StorageException;
import dev.sorrel.storage.Store;
import dev.sorrel.storage.WriteTransaction;

/**
 * The counters of a database's identity columns, one per column, shared by
 * every {@link Table} object of that column (a table's object is replaced
 * when its definition changes; its counter is not).
 *
 * <p>A counter hands out values from a block it has reserved in
 * {@link Space#META}, like a sequence cache: the reservation is written and
 * committed on its own before the first value of the block is used, so a
 * value is never handed out twice, even after a killed process; values
 * reserved but not used when a process dies are skipped (a gap). The
 * reservation is not part of the inserting transaction on purpose: a
 * transaction that rolls back must not give back values that later
 * transactions have already taken, and two transactions must not conflict
 * over the counter. On a clean close each counter records exactly where it
 * stopped, so a reopened database goes on without a gap.
 */
public final class IdentityCounters {
  private static final String PREFIX = "identity/";
  /** The first block a counter reserves; each further one doubles, up to {@link #MAX_BLOCK}. */
  private static final long FIRST_BLOCK = 32;
  private static final long MAX_BLOCK = 65_536;

  private final Store store;
  private final Map<Long, Counter> counters = new HashMap<>();

  /** The counters of the database stored in {@code store}; each is read when first used. */
  public IdentityCounters(Store store) {
    this.store = store;
  }

  /** The counter of an identity column of a table. */
  synchronized Counter counter(Table table, int column) {
    return counters.computeIfAbsent(((long) table.id() << 32) | column,
        k -> new Counter(table.name(), table.columns().get(column), key(table.id(), column)));
  }

  /** Deletes the counters of a table that {@code tx} drops. */
  public void dropped(Transaction tx, int tableId) {
    final byte[] prefix = prefix(tableId);
    tx.storage().deleteRange(Space.META, prefix, KeyEncoder.successor(prefix));
    tx.afterCommit(() -> {
      synchronized (this) {
        counters.keySet().removeIf(k -> (int) (k >>> 32) == tableId);
      }
    });
  }

  /**
   * Records where each counter stopped, as the database closes, so that it
   * goes on from there when reopened instead of after its reserved block.
   */
  public synchronized void close() {
    for (Counter counter : counters.values()) {
      counter.release();
    }
    counters.clear();
  }

  private static byte[] prefix(int tableId) {
    return String.format(Locale.ROOT, "%s%010d/", PREFIX, tableId)
        .getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] key(int tableId, int column) {
    return String.format(Locale.ROOT, "%s%010d/%d", PREFIX, tableId, column)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * One identity column's counter. Values are numbered: value {@code n} is
   * {@code start + n * increment}. The store holds the number of values
   * reserved so far; every value handed out has a smaller number.
   */
  final class Counter {
    private final String table;
    private final ColumnDef column;
    private final IdentityDef identity;
    private final byte[] key;
    private final long min;
    private final long max;
    /** The number of the next value to hand out. */
    private long next;
    /** Values numbered below this are reserved in the store. */
    private long reserved;
    private long block = FIRST_BLOCK;

    Counter(String table, ColumnDef column, byte[] key) {
      this.table = table;
      this.column = column;
      this.identity = column.identity();
      this.key = key;
      this.min = IdentityDef.min(column.type());
      this.max = IdentityDef.max(column.type());
      final byte[] stored;
      try {
        stored = store.get(Space.META, key);
      } catch (StorageException e) {
        throw new SorrelException(ErrorCode.IO_ERROR, "cannot read the counter of identity"
            + " column " + column.name() + " of table " + table + ": " + e.getMessage(), e);
      }
      this.reserved = stored == null ? 0
          : Long.parseLong(new String(stored, StandardCharsets.US_ASCII));
      this.next = reserved;
    }

    /** The next value, reserving a further block first if the current one is used up. */
    synchronized long next() {
      final long value = valueOf(next);
      reserve(next + 1);
      next++;
      return value;
    }

    /**
     * Moves the counter past a value given explicitly, so that it never
     * generates that value later (as MySQL's AUTO_INCREMENT and SQLite do);
     * a value behind the counter, or off its sequence's side, changes nothing.
     */
    synchronized void skipPast(long value) {
      final long offset;
      try {
        offset = Math.subtractExact(value, identity.start());
      } catch (ArithmeticException e) {
        return;
      }
      if (offset != 0 && Long.signum(offset) != Long.signum(identity.increment())) {
        return;
      }
      final long number = Math.floorDiv(offset, identity.increment());
      if (number >= next) {
        reserve(number + 1);
        next = number + 1;
      }
    }

    /** The value numbered {@code number}; 22003 once the column's type has no more. */
    private long valueOf(long number) {
      try {
        final long value = Math.addExact(identity.start(),
            Math.multiplyExact(number, identity.increment()));
        if (value >= min && value <= max) {
          return value;
        }
      } catch (ArithmeticException e) {
        // Reported below, as a value out of the type's range is.
      }
      throw new SorrelException(ErrorCode.NUMERIC_OUT_OF_RANGE, "identity column "
          + column.name() + " of table " + table + " has no more values: the next one is past"
          + " the range of " + column.sqlTypeName());
    }

    /** Makes sure values numbered below {@code count} are reserved in the store. */
    private void reserve(long count) {
      if (count <= reserved) {
        return;
      }
      final long upTo = Math.max(count, reserved + block);
      block = Math.min(block * 2, MAX_BLOCK);
      write(upTo);
      reserved = upTo;
    }

    /** Records the next value's number as the reservation; values after it are free again. */
    void release() {
      synchronized (this) {
        if (next < reserved) {
          write(next);
          reserved = next;
        }
      }
    }

    private void write(long count) {
      try (WriteTransaction batch = store.begin()) {
        batch.put(Space.META, key, Long.toString(count).getBytes(StandardCharsets.US_ASCII));
        batch.commit();
      } catch (StorageException e) {
        throw new SorrelException(ErrorCode.IO_ERROR, "cannot reserve values of identity"
            + " column " + column.name() + " of table " + table + ": " + e.getMessage(), e);
      }
    }
  }
}
