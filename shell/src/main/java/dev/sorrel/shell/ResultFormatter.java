package dev.sorrel.shell;

import java.sql.SQLException;

/**
 * Writes the rows of a result in one output format. Implementations stream: they hold at
 * most a bounded number of rows in memory, whatever the size of the result.
 */
public interface ResultFormatter {

    /**
     * Writes all remaining rows of {@code rows} (with a header where the format has one)
     * and returns how many rows were written.
     */
    long write(RowSource rows) throws SQLException;
}
