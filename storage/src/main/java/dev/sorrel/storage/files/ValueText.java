package dev.sorrel.storage.files;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;

import dev.sorrel.storage.ValueType;

/**
 * Reads a value written as text in a file into its storage representation.
 * Dates are ISO ({@code 2026-11-28}), timestamps
 * {@code 2026-11-28 09:15:00[.123]} (a {@code T} is accepted, and a trailing
 * {@code Z}; otherwise UTC), times {@code 09:15:00[.123]}, booleans
 * {@code true}/{@code false} in any case, binary as hex. Integers are
 * returned as {@code Long} for the caller to range-check.
 */
public final class ValueText {
  private ValueText() {
  }

  /** Parses a field; throws IllegalArgumentException with what was expected. */
  public static Object parse(ValueType type, String text) {
    final String t = text.trim();
    try {
      return switch (type) {
        case BOOLEAN -> {
          if (t.equalsIgnoreCase("true")) {
            yield Boolean.TRUE;
          }
          if (t.equalsIgnoreCase("false")) {
            yield Boolean.FALSE;
          }
          throw new IllegalArgumentException("expected true or false");
        }
        case TINYINT, SMALLINT, INTEGER, BIGINT -> Long.parseLong(t);
        case REAL, DOUBLE -> Double.parseDouble(t);
        case DECIMAL -> new BigDecimal(t);
        case VARCHAR -> text;
        case VARBINARY -> HexFormat.of().parseHex(t);
        case DATE -> (int) LocalDate.parse(t).toEpochDay();
        case TIME -> (int) (LocalTime.parse(t).toNanoOfDay() / 1_000_000);
        case TIMESTAMP -> timestamp(t);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("not a valid " + type);
    }
  }

  private static long timestamp(String t) {
    if (t.endsWith("Z")) {
      return Instant.parse(t.contains("T") ? t : t.replace(' ', 'T')).toEpochMilli();
    }
    return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
  }
}
