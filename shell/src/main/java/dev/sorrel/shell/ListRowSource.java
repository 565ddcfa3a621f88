package dev.sorrel.shell;

import java.util.Iterator;
import java.util.List;

/** A {@link RowSource} over rows already in memory, for small listings and tests. */
public final class ListRowSource implements RowSource {

    private final List<Column> columns;
    private final Iterator<? extends List<?>> rows;
    private List<?> current;

    /**
     * Creates a source; each row must have one value per column ({@code null} for NULL,
     * which is why rows are lists rather than {@code List.of} friendly arrays).
     */
    public ListRowSource(List<Column> columns, List<? extends List<?>> rows) {
        this.columns = List.copyOf(columns);
        this.rows = rows.iterator();
    }

    @Override
    public List<Column> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (!rows.hasNext()) {
            current = null;
            return false;
        }
        current = rows.next();
        if (current.size() != columns.size()) {
            throw new IllegalArgumentException("row has " + current.size() + " values, expected "
                    + columns.size());
        }
        return true;
    }

    @Override
    public Object value(int index) {
        if (current == null) {
            throw new IllegalStateException("no current row");
        }
        return current.get(index);
    }
}
