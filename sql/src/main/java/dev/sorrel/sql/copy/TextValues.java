package dev.sorrel.sql.copy;

import java.math.BigDecimal;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Values as text in exported files, in the forms
 * {@link dev.sorrel.storage.files.ValueText} reads back: ISO dates,
 * timestamps {@code 2026-11-28 09:15:00.123}, plain decimals, binary as hex.
 */
final class TextValues {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private TextValues() {
  }

  /** Formats a value read from a table or a query (Calcite's run-time forms). */
  static String format(Object value) {
    if (value instanceof java.sql.Timestamp ts) {
      return TIMESTAMP.format(ts.toLocalDateTime());
    }
    if (value instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    return String.valueOf(value);
  }
}
