package dev.sorrel.shell;

import java.io.IOException;
import java.io.Reader;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Adapts a JDBC {@link ResultSet} to a {@link RowSource}, turning LOBs and SQL arrays into
 * plain Java values while the row is current (they may be invalid once the cursor moves).
 */
final class ResultSetRowSource implements RowSource {

    private final ResultSet resultSet;
    private final BooleanSupplier stopRequested;
    private List<Column> columns;

    /**
     * @param stopRequested polled before each row; lets Ctrl-C end the output of a long
     *                      result even when the driver does not support
     *                      {@link java.sql.Statement#cancel()}
     */
    ResultSetRowSource(ResultSet resultSet, BooleanSupplier stopRequested) {
        this.resultSet = resultSet;
        this.stopRequested = stopRequested;
    }

    @Override
    public List<Column> columns() throws SQLException {
        if (columns == null) {
            ResultSetMetaData md = resultSet.getMetaData();
            int count = md.getColumnCount();
            List<Column> list = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                String label = md.getColumnLabel(i);
                if (label == null || label.isEmpty()) {
                    label = md.getColumnName(i);
                }
                list.add(new Column(label == null ? "" : label, numeric(md, i)));
            }
            columns = Collections.unmodifiableList(list);
        }
        return columns;
    }

    private static boolean numeric(ResultSetMetaData md, int column) {
        try {
            return Column.isNumericType(md.getColumnType(column));
        } catch (SQLException | RuntimeException e) {
            return false; // alignment is cosmetic: never fail a query over it
        }
    }

    @Override
    public boolean next() throws SQLException {
        return !stopRequested.getAsBoolean() && resultSet.next();
    }

    @Override
    public Object value(int index) throws SQLException {
        Object value = resultSet.getObject(index + 1);
        return value == null ? null : materialize(value);
    }

    private static Object materialize(Object value) throws SQLException {
        if (value instanceof Clob clob) {
            try (Reader reader = clob.getCharacterStream()) {
                StringBuilder sb = new StringBuilder();
                char[] buffer = new char[8192];
                for (int n; (n = reader.read(buffer)) > 0; ) {
                    sb.append(buffer, 0, n);
                }
                return sb.toString();
            } catch (IOException e) {
                throw new SQLException("cannot read CLOB value: " + e.getMessage(), e);
            } finally {
                freeQuietly(clob);
            }
        }
        if (value instanceof Blob blob) {
            try {
                return blob.getBytes(1, Math.toIntExact(blob.length()));
            } finally {
                freeQuietly(blob);
            }
        }
        if (value instanceof Array array) {
            try {
                Object elements = array.getArray();
                return elements instanceof Object[] objects ? materializeAll(objects) : elements;
            } finally {
                try {
                    array.free();
                } catch (SQLException | RuntimeException ignored) {
                    // freeing is an optimisation; drivers may not support it
                }
            }
        }
        if (value instanceof SQLXML xml) {
            return xml.getString();
        }
        return value;
    }

    private static Object[] materializeAll(Object[] elements) throws SQLException {
        Object[] copy = new Object[elements.length];
        for (int i = 0; i < elements.length; i++) {
            copy[i] = elements[i] == null ? null : materialize(elements[i]);
        }
        return copy;
    }

    private static void freeQuietly(Object lob) {
        try {
            if (lob instanceof Clob clob) {
                clob.free();
            } else if (lob instanceof Blob blob) {
                blob.free();
            }
        } catch (SQLException | RuntimeException ignored) {
            // freeing is an optimisation; drivers may not support it
        }
    }
}
