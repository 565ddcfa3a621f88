package dev.sorrel.shell;

import java.sql.Types;
import java.util.Objects;

/**
 * A result column as the formatters need it.
 *
 * @param label   the column label shown in headers and used as a JSON key
 * @param numeric whether values are numbers, which the table format right-aligns
 */
public record Column(String label, boolean numeric) {

    /** Validates the components. */
    public Column {
        Objects.requireNonNull(label, "label");
    }

    /** A text (left-aligned) column. */
    public static Column text(String label) {
        return new Column(label, false);
    }

    /** A numeric (right-aligned) column. */
    public static Column number(String label) {
        return new Column(label, true);
    }

    /** Returns whether a {@link Types} code denotes a numeric SQL type. */
    public static boolean isNumericType(int jdbcType) {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL,
                    Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL -> true;
            default -> false;
        };
    }
}
