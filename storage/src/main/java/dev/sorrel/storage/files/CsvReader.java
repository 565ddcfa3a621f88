package dev.sorrel.storage.files;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV one record at a time: fields separated by a delimiter,
 * optionally quoted with {@code "} (a doubled quote inside stands for one),
 * records ending in LF or CRLF, line breaks allowed inside quoted fields. An
 * empty unquoted field is reported as null (SQL NULL); an empty quoted field
 * is the empty string.
 */
public final class CsvReader implements AutoCloseable {
  private final Reader in;
  private final char delimiter;
  private int line = 1;
  private int recordLine;
  private int peeked = -2;

  public CsvReader(Reader in, char delimiter) {
    this.in = in;
    this.delimiter = delimiter;
  }

  /** The line the last record returned by {@link #next()} started on. */
  public int line() {
    return recordLine;
  }

  /** Returns the next record's fields, or null at the end of the input. */
  public List<String> next() throws IOException {
    int c = read();
    if (c == -1) {
      return null;
    }
    recordLine = line;
    final List<String> fields = new ArrayList<>();
    final StringBuilder field = new StringBuilder();
    boolean quoted = false;
    while (true) {
      if (c == '"' && field.length() == 0 && !quoted) {
        quoted = true;
        readQuoted(field);
        c = read();
        continue;
      }
      if (c == delimiter) {
        fields.add(value(field, quoted));
        field.setLength(0);
        quoted = false;
      } else if (c == '\n' || c == -1) {
        fields.add(value(field, quoted));
        return fields;
      } else if (c == '\r') {
        final int n = read();
        if (n != '\n' && n != -1) {
          unread(n);
        }
        fields.add(value(field, quoted));
        return fields;
      } else {
        field.append((char) c);
      }
      c = read();
    }
  }

  private void readQuoted(StringBuilder field) throws IOException {
    final int start = line;
    while (true) {
      final int c = read();
      if (c == -1) {
        throw new IOException("quoted field starting on line " + start + " is not closed");
      }
      if (c == '"') {
        final int n = read();
        if (n == '"') {
          field.append('"');
          continue;
        }
        unread(n);
        return;
      }
      field.append((char) c);
    }
  }

  private static String value(StringBuilder field, boolean quoted) {
    return field.length() == 0 && !quoted ? null : field.toString();
  }

  private int read() throws IOException {
    final int c;
    if (peeked != -2) {
      c = peeked;
      peeked = -2;
    } else {
      c = in.read();
    }
    if (c == '\n') {
      line++;
    }
    return c;
  }

  private void unread(int c) {
    if (c == '\n') {
      line--;
    }
    peeked = c;
  }

  @Override public void close() throws IOException {
    in.close();
  }
}
