package dev.sorrel.shell;

import java.sql.SQLException;
import java.util.List;

/**
 * A forward-only stream of rows, the only thing the output formatters read.
 *
 * <p>It decouples formatting from JDBC so formatters can be tested with plain lists and
 * metadata listings (such as {@code \dt}) can be printed in whatever format is active.
 */
public interface RowSource {

    /** The columns, in order; fixed for the life of the source. */
    List<Column> columns() throws SQLException;

    /** Advances to the next row; returns false when there are no more rows. */
    boolean next() throws SQLException;

    /**
     * Returns a value of the current row, {@code null} for SQL NULL. Values are plain Java
     * objects: LOBs have been read into {@code String}/{@code byte[]} and SQL arrays into
     * Java arrays, so formatters never touch JDBC resources.
     *
     * @param index 0-based column index
     */
    Object value(int index) throws SQLException;
}
