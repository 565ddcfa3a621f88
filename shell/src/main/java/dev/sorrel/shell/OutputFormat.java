package dev.sorrel.shell;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The result formats selectable with {@code --format} and {@code \format}. */
public enum OutputFormat {
    /** Aligned columns for people to read. */
    TABLE,
    /** Aligned columns in Unicode boxes. */
    BOX,
    /** A Markdown table, to paste into documents and issues. */
    MARKDOWN,
    /** RFC 4180 comma-separated values with a header row. */
    CSV,
    /** Tab-separated values with backslash escapes and {@code \N} for NULL. */
    TSV,
    /** One JSON object per row and line (JSON Lines). */
    JSON;

    /** Returns the lower-case name users type, such as {@code csv}. */
    public String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns whether the format is meant for people. Machine formats keep stdout to pure
     * data, so status lines (row counts, {@code OK}, timing) go to stderr instead.
     */
    public boolean isForHumans() {
        return this == TABLE || this == BOX || this == MARKDOWN;
    }

    /** Looks a format up by name, case-insensitively. */
    public static Optional<OutputFormat> parse(String name) {
        for (OutputFormat format : values()) {
            if (format.displayName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }

    /** The accepted names joined with {@code |}, for usage messages. */
    public static String choices() {
        return Arrays.stream(values()).map(OutputFormat::displayName)
                .collect(Collectors.joining("|"));
    }

    private static ResultFormatter table(PrintWriter out, ShellSettings settings,
                                         TableFormatter.Style style) {
        return new TableFormatter(out, settings.maxColumnWidth(), settings.chunkRows(),
                settings.ellipsis(), style, settings.expanded(), settings.screenWidth());
    }

    /** Creates a formatter writing to {@code out} with the given settings. */
    public ResultFormatter formatter(PrintWriter out, ShellSettings settings) {
        return switch (this) {
            case TABLE -> table(out, settings, TableFormatter.Style.PLAIN);
            case BOX -> table(out, settings, TableFormatter.Style.BOX);
            case MARKDOWN -> table(out, settings, TableFormatter.Style.MARKDOWN);
            case CSV -> DelimitedFormatter.csv(out);
            case TSV -> DelimitedFormatter.tsv(out);
            case JSON -> new JsonLinesFormatter(out);
        };
    }
}
