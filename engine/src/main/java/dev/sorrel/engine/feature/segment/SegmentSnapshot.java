package dev.sorrel.engine.feature.segment;

import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Set;

import dev.sorrel.storage.ByteKey;

/**
 * What a point-in-time search at one snapshot may take from a
 * {@link HistorySegment}: the segment, and the entities whose rows changed
 * between the segment's data version and the snapshot's. The rows of every
 * other entity are in the segment exactly as the snapshot sees them; a
 * changed entity is sought in RocksDB.
 *
 * @param segment the segment
 * @param changes the entities changed since it was written
 */
public record SegmentSnapshot(HistorySegment segment, Changes changes) {
  /** Entities changed since a segment was written. Immutable. */
  public static final class Changes {
    static final Changes NONE = new Changes(new BitSet(), Set.of());

    /** Changed entities the segment has, by their index in it. */
    private final BitSet inSegment;
    /** Changed entities the segment does not have (new ones), by encoded key. */
    private final Set<ByteKey> notInSegment;

    private Changes(BitSet inSegment, Set<ByteKey> notInSegment) {
      this.inSegment = inSegment;
      this.notInSegment = notInSegment;
    }

    /** The changes of these entities (encoded keys without a table prefix). */
    static Changes of(HistorySegment segment, Set<ByteKey> changed) {
      if (changed.isEmpty()) {
        return NONE;
      }
      final BitSet inSegment = new BitSet();
      final Set<ByteKey> notInSegment = new HashSet<>();
      final HistorySegment.Search search = segment.new Search();
      for (ByteKey entity : changed) {
        final byte[] key = entity.bytes();
        final long index = search.entity(key, 0, key.length);
        if (index >= 0 && index <= Integer.MAX_VALUE) {
          inSegment.set((int) index);
        } else {
          notInSegment.add(entity);
        }
      }
      return new Changes(inSegment, notInSegment);
    }

    public boolean isEmpty() {
      return inSegment.isEmpty() && notInSegment.isEmpty();
    }

    /** Whether the entity with this index in the segment changed. */
    public boolean changed(long entity) {
      return entity > Integer.MAX_VALUE || inSegment.get((int) entity);
    }

    /** Whether an entity the segment does not have, {@code key[from, to)}, was written since. */
    public boolean added(byte[] key, int from, int to) {
      return !notInSegment.isEmpty()
          && notInSegment.contains(new ByteKey(Arrays.copyOfRange(key, from, to)));
    }

    /** The changed entities the segment does not have. */
    Set<ByteKey> notInSegment() {
      return notInSegment;
    }

    /** Number of changed entities. */
    public int size() {
      return inSegment.cardinality() + notInSegment.size();
    }
  }
}
