package dev.sorrel.engine.load;

import java.util.List;

import dev.sorrel.storage.ValueType;

/**
 * A file being loaded, as {@link TableLoader} reads it: named, typed columns, then records of
 * values. Failures come out as {@link dev.sorrel.engine.SorrelException}s that name the file,
 * already translated from the format's own exceptions.
 */
interface RecordSource extends AutoCloseable {
  /** The file, as messages name it. */
  String file();

  /** The column names, or null when the file has none (its fields are the table's columns). */
  List<String> columnNames();

  /**
   * The storage type of column {@code column}'s values ({@code VARCHAR} for text), or null if
   * all of them are NULL.
   */
  ValueType columnType(int column);

  /** The column's type as the file declares it, for messages. */
  String fileType(int column);

  /** Steps to the next record; false after the last. */
  boolean next();

  /** The number of values in the current record. */
  int fieldCount();

  /** A value of the current record. */
  Object value(int column);

  /** Where the current record is, for messages: the file and its line or row number. */
  default String where() {
    return where(position());
  }

  /** The current record's line (text) or row (typed files) number, from 1. */
  long position();

  /** A record's place, for messages, from its {@link #position()}. */
  String where(long position);

  @Override void close();
}
