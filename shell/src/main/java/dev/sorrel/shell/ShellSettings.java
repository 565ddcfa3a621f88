package dev.sorrel.shell;

import java.util.Objects;

/**
 * The mutable session settings that meta commands such as {@code \timing} and
 * {@code \format} change while the shell runs.
 */
public final class ShellSettings {

    /** Values longer than this many characters are cut in the table format. */
    public static final int DEFAULT_MAX_COLUMN_WIDTH = 60;

    /** Rows buffered to compute column widths before a chunk of the table is printed. */
    public static final int DEFAULT_CHUNK_ROWS = 1000;

    private OutputFormat format = OutputFormat.TABLE;
    private boolean timing = true;
    private int maxColumnWidth = DEFAULT_MAX_COLUMN_WIDTH;
    private int chunkRows = DEFAULT_CHUNK_ROWS;
    private String ellipsis = "\u2026";
    private boolean echo;
    private boolean quiet;
    private boolean color = true;
    private TableFormatter.Expanded expanded = TableFormatter.Expanded.OFF;
    private int screenWidth;

    /** The active result format; {@link OutputFormat#TABLE} initially. */
    public OutputFormat format() {
        return format;
    }

    /** Sets the result format. */
    public ShellSettings format(OutputFormat newFormat) {
        this.format = Objects.requireNonNull(newFormat, "format");
        return this;
    }

    /** Whether each statement's elapsed time is printed; on initially. */
    public boolean timing() {
        return timing;
    }

    /** Turns timing output on or off. */
    public ShellSettings timing(boolean on) {
        this.timing = on;
        return this;
    }

    /**
     * Whether each SQL statement of a script is printed, with the comment lines just before
     * it, before its result (as {@code psql -e} and duckdb's {@code .echo on}); off initially.
     */
    public boolean echo() {
        return echo;
    }

    /** Turns statement echo on or off. */
    public ShellSettings echo(boolean on) {
        this.echo = on;
        return this;
    }

    /**
     * Whether status lines ({@code OK}, {@code N rows affected}, timing, the confirmations
     * of meta commands) and echo are suppressed; results and errors still print. Off
     * initially.
     */
    public boolean quiet() {
        return quiet;
    }

    /** Turns quiet mode on or off. */
    public ShellSettings quiet(boolean on) {
        this.quiet = on;
        return this;
    }

    /**
     * Whether the interactive shell may use colors (syntax highlighting); off with
     * {@code --no-color} or the {@code NO_COLOR} environment variable. Scripts and pipes
     * never get colors, and neither does a terminal without them.
     */
    public boolean color() {
        return color;
    }

    /** Allows or forbids colors. */
    public ShellSettings color(boolean on) {
        this.color = on;
        return this;
    }

    /** When rows are shown one field per line ({@code \\x}); off initially. */
    TableFormatter.Expanded expanded() {
        return expanded;
    }

    /** Sets when rows are shown one field per line. */
    ShellSettings expanded(TableFormatter.Expanded mode) {
        this.expanded = Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** The terminal's width in columns, for automatic expanded display; 0 if not a terminal. */
    public int screenWidth() {
        return screenWidth;
    }

    /** Sets the terminal's width; 0 when output is not a terminal. */
    public ShellSettings screenWidth(int columns) {
        this.screenWidth = Math.max(0, columns);
        return this;
    }

    /** Maximum characters of a value shown in the table format. */
    public int maxColumnWidth() {
        return maxColumnWidth;
    }

    /** Sets the maximum column width of the table format; at least 2 (one character + ellipsis). */
    public ShellSettings maxColumnWidth(int width) {
        if (width < 2) {
            throw new IllegalArgumentException("max column width must be >= 2: " + width);
        }
        this.maxColumnWidth = width;
        return this;
    }

    /** Rows per aligned chunk in the table format. */
    public int chunkRows() {
        return chunkRows;
    }

    /** Sets the rows per aligned chunk of the table format; at least 1. */
    public ShellSettings chunkRows(int rows) {
        if (rows < 1) {
            throw new IllegalArgumentException("chunk rows must be >= 1: " + rows);
        }
        this.chunkRows = rows;
        return this;
    }

    /** The marker appended to truncated values: {@code …}, or {@code ...} where unencodable. */
    public String ellipsis() {
        return ellipsis;
    }

    /** Sets the truncation marker; it must be shorter than the maximum column width. */
    public ShellSettings ellipsis(String marker) {
        this.ellipsis = Objects.requireNonNull(marker, "ellipsis");
        return this;
    }
}
