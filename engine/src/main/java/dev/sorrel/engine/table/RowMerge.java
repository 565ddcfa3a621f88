package dev.sorrel.engine.table;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.Transaction;

/**
 * Applies the row actions of one upsert statement ({@code MERGE}, or
 * {@code INSERT ... ON CONFLICT}) to a table, in one transaction, with the
 * rules both statements share: a stored row is updated or deleted at most
 * once per statement (a second time is a cardinality violation, 21000, as
 * the SQL standard and PostgreSQL have it), and how a proposed row that
 * conflicts with one the same statement inserted is treated is chosen by
 * {@link SecondProposal}. Rows conflict when they agree on the statement's
 * conflict columns: the primary key's, or a unique index's for
 * {@code ON CONFLICT (u)}; a row with a NULL in them conflicts with none,
 * as in a unique index.
 *
 * <p>Inserts and deletes are applied as they come, so later rows see them;
 * updates are applied together by {@link #finish}, so updates that move rows
 * between keys do not collide with each other.
 */
public final class RowMerge {
  /** What happens to a proposed row whose key this statement has already inserted or updated. */
  public enum SecondProposal {
    /** It is inserted like any other row: a duplicate key fails (MERGE). */
    INSERT,
    /** It is skipped ({@code ON CONFLICT DO NOTHING}). */
    SKIP,
    /** The statement fails with 21000 ({@code ON CONFLICT DO UPDATE}). */
    FAIL,
    /**
     * It is skipped, and so is any row that conflicts with a stored row on
     * the primary key or any unique index ({@code ON CONFLICT DO NOTHING}
     * without a conflict target).
     */
    SKIP_ANY
  }

  private final Transaction tx;
  private final Table table;
  private final String statement;
  private final SecondProposal secondProposal;
  private final int[] conflictColumns;
  /** Identities of the stored rows this statement has updated or deleted. */
  private final Set<Object> touched = new HashSet<>();
  /** Conflict keys of the stored rows this statement has updated or deleted. */
  private final Set<Object> touchedKeys = new HashSet<>();
  /** Conflict keys of the rows this statement has inserted. */
  private final Set<Object> inserted = new HashSet<>();
  private final List<Object[]> oldRows = new ArrayList<>();
  private final List<Object[]> newRows = new ArrayList<>();
  private long count;

  /**
   * Starts applying a statement's rows to {@code table} in {@code tx}.
   *
   * @param statement the statement's name for messages, e.g. {@code "MERGE"}
   */
  public RowMerge(Transaction tx, Table table, String statement, SecondProposal secondProposal) {
    this(tx, table, statement, secondProposal, table.keyColumns());
  }

  /**
   * Starts applying a statement's rows, with rows conflicting when they
   * agree on {@code conflictColumns} (the primary key's or a unique index's).
   */
  public RowMerge(Transaction tx, Table table, String statement, SecondProposal secondProposal,
      int[] conflictColumns) {
    this.tx = tx;
    this.table = table;
    this.statement = statement;
    this.secondProposal = secondProposal;
    this.conflictColumns = conflictColumns.clone();
  }

  /** Replaces a stored row (as read, all columns) by {@code newRow}. */
  public void update(Object[] storedRow, Object[] newRow) {
    touch(storedRow);
    oldRows.add(storedRow);
    newRows.add(newRow);
  }

  /** Deletes a stored row (as read, all columns). */
  public void delete(Object[] storedRow) {
    touch(storedRow);
    count += table.deleteRows(tx, java.util.Collections.singletonList(storedRow));
  }

  /**
   * Inserts a proposed row (all columns; identity columns left NULL take
   * their next value).
   *
   * @return the row as stored, or null if it was skipped
   */
  public Object[] insert(Object[] row) {
    final Object[] complete = table.withIdentity(row);
    final Object key = secondProposal == SecondProposal.INSERT ? null : conflictKey(complete);
    if (key != null) {
      if (inserted.contains(key) || touchedKeys.contains(key)) {
        if (secondProposal == SecondProposal.SKIP || secondProposal == SecondProposal.SKIP_ANY) {
          return null;
        }
        throw secondTime();
      }
    }
    final Object[] stored = secondProposal == SecondProposal.SKIP_ANY
        ? table.insertIfAbsent(tx, complete) : table.insert(tx, complete);
    if (stored != null) {
      if (key != null) {
        inserted.add(key);
      }
      count++;
    }
    return stored;
  }

  /** Applies the pending updates; returns the number of rows inserted, updated and deleted. */
  public long finish() {
    if (!oldRows.isEmpty()) {
      count += table.updateRows(tx, oldRows, newRows);
      oldRows.clear();
      newRows.clear();
    }
    return count;
  }

  private void touch(Object[] storedRow) {
    final Object key = conflictKey(storedRow);
    if (!touched.add(identity(storedRow)) || key != null && inserted.contains(key)) {
      throw secondTime();
    }
    if (key != null) {
      touchedKeys.add(key);
    }
  }

  /**
   * A row's values in the conflict columns, as the table stores them, or
   * null if there are none or one is NULL (such a row conflicts with none).
   */
  private Object conflictKey(Object[] row) {
    if (conflictColumns.length == 0) {
      return null;
    }
    final Object[] checked = table.checkRow(row);
    final List<Object> values = new ArrayList<>(conflictColumns.length);
    for (int column : conflictColumns) {
      final Object value = checked[column];
      if (value == null) {
        return null;
      }
      values.add(value instanceof byte[] b ? ByteBuffer.wrap(b) : value);
    }
    return values;
  }

  /** A stored row's key, or for a table without a primary key its values. */
  private Object identity(Object[] storedRow) {
    if (table.keyColumns().length > 0) {
      return ByteBuffer.wrap(table.rowKey(table.checkRow(storedRow)));
    }
    final List<Object> values = new ArrayList<>(storedRow.length);
    for (Object value : storedRow) {
      values.add(value instanceof byte[] b ? ByteBuffer.wrap(b) : value);
    }
    return values;
  }

  private SorrelException secondTime() {
    return new SorrelException(ErrorCode.CARDINALITY_VIOLATION, statement
        + " command cannot affect row a second time in table " + table.name()
        + (statement.startsWith("MERGE")
            ? ": more than one source row matches the same target row"
            : ": rows proposed for insertion have the same key"));
  }
}
