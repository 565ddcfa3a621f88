package dev.sorrel.engine.load;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.engine.catalog.ColumnDef;
import dev.sorrel.engine.table.Table;
import dev.sorrel.storage.ValueType;
import dev.sorrel.storage.files.ValueText;

/**
 * Which table column each column of a file fills, and how its values are converted: the one
 * mapping every file format is loaded through.
 *
 * <p>File columns match table columns by name (exactly, else upper-cased, as an unquoted SQL
 * name is); a file column the table lacks, two file columns for one table column, and a NOT NULL
 * table column the file lacks are refused before a row is read (a load does not apply column
 * defaults: a missing column is NULL, and a missing identity column takes its next values). A
 * file without column names fills the table's columns in order. A value goes into a column of
 * its own type, or of another numeric type (range-checked by the table), DATE into TIMESTAMP,
 * binary into VARCHAR (as UTF-8), and text into any type (read by {@link ValueText}); any other
 * pairing is refused before a row is read.
 */
final class ColumnMapping {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  /** Turns a file value (storage form of its own type) into what the table column takes. */
  @FunctionalInterface
  private interface Conversion {
    /** Converts a non-null value; IllegalArgumentException if it cannot be read as the type. */
    Object apply(Object value);
  }

  private static final Conversion SAME = value -> value;

  private final Table table;
  private final int[] target;
  private final Conversion[] conversions;

  private ColumnMapping(Table table, int[] target, Conversion[] conversions) {
    this.table = table;
    this.target = target;
    this.conversions = conversions;
  }

  /** Maps the columns of {@code source} to the columns of {@code table}. */
  static ColumnMapping of(Table table, RecordSource source) {
    final List<ColumnDef> columns = table.columns();
    final List<String> names = source.columnNames();
    final int width = names == null ? columns.size() : names.size();
    final int[] target = new int[width];
    final Conversion[] conversions = new Conversion[width];
    final boolean[] seen = new boolean[columns.size()];
    for (int i = 0; i < width; i++) {
      final int ordinal = names == null ? i : ordinal(table, names.get(i), source);
      if (seen[ordinal]) {
        throw new SorrelException(ErrorCode.INVALID_PARAMETER_VALUE, source.file() + " has two"
            + " columns for column " + columns.get(ordinal).name() + " of table " + table.name());
      }
      seen[ordinal] = true;
      target[i] = ordinal;
      final ColumnDef column = columns.get(ordinal);
      conversions[i] = conversion(source.columnType(i), column.type());
      if (conversions[i] == null) {
        throw new SorrelException(ErrorCode.TYPE_MISMATCH, source.file() + " column '"
            + names.get(i) + "' is " + source.fileType(i) + ", which column " + column.name()
            + " " + column.sqlTypeName() + " of table " + table.name() + " cannot hold");
      }
    }
    for (int c = 0; c < columns.size(); c++) {
      final ColumnDef column = columns.get(c);
      if (!seen[c] && !column.nullable() && !column.hasIdentity()) {
        throw new SorrelException(ErrorCode.NOT_NULL_VIOLATION, "column " + column.name()
            + " of table " + table.name() + " is NOT NULL but " + source.file()
            + " has no such column (a load does not apply column defaults)");
      }
    }
    return new ColumnMapping(table, target, conversions);
  }

  private static int ordinal(Table table, String name, RecordSource source) {
    int ordinal = table.def().columnIndex(name);
    if (ordinal < 0) {
      ordinal = table.def().columnIndex(name.toUpperCase(Locale.ROOT));
    }
    if (ordinal < 0) {
      throw new SorrelException(ErrorCode.COLUMN_NOT_FOUND, source.file() + " has column '"
          + name + "', which table " + table.name() + " does not have");
    }
    return ordinal;
  }

  /** The current record of {@code source} as a table row, values converted. */
  Object[] row(RecordSource source) {
    if (source.fieldCount() != target.length) {
      throw new SorrelException(ErrorCode.DATA_EXCEPTION, source.where() + " has "
          + source.fieldCount() + " fields, not " + target.length);
    }
    final Object[] row = new Object[table.columns().size()];
    for (int i = 0; i < target.length; i++) {
      final Object value = source.value(i);
      if (value != null) {
        row[target[i]] = convert(i, value, source);
      }
    }
    return row;
  }

  private Object convert(int column, Object value, RecordSource source) {
    try {
      return conversions[column].apply(value);
    } catch (IllegalArgumentException e) {
      final ColumnDef def = table.columns().get(target[column]);
      final String shown = value instanceof String s ? "'" + s + "'" : "the value";
      throw new SorrelException(ErrorCode.INVALID_CHARACTER_VALUE, source.where()
          + ", column " + def.name() + ": cannot read " + shown + " as " + def.sqlTypeName()
          + " (" + e.getMessage() + ")", e);
    }
  }

  /** The conversion from {@code from} values to a column of {@code to}, or null if none. */
  private static Conversion conversion(ValueType from, ValueType to) {
    if (from == null || from == to || numeric(from) && numeric(to)) {
      // Equal or numeric types: the table range-checks and converts. A column of the file
      // format's null type has no values to convert.
      return SAME;
    }
    if (from == ValueType.VARCHAR) {
      return value -> ValueText.parse(to, (String) value);
    }
    if (from == ValueType.VARBINARY && to == ValueType.VARCHAR) {
      return value -> utf8((byte[]) value);
    }
    if (from == ValueType.DATE && to == ValueType.TIMESTAMP) {
      return value -> (Integer) value * MILLIS_PER_DAY;
    }
    return null;
  }

  private static boolean numeric(ValueType type) {
    return switch (type) {
      case TINYINT, SMALLINT, INTEGER, BIGINT, REAL, DOUBLE, DECIMAL -> true;
      case BOOLEAN, VARCHAR, VARBINARY, DATE, TIME, TIMESTAMP -> false;
    };
  }

  private static String utf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the bytes are not UTF-8 text", e);
    }
  }
}
