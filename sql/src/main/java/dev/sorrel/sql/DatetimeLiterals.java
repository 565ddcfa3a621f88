package dev.sorrel.sql;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.calcite.avatica.util.DateTimeUtils;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.NlsString;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.sql.ddl.PositionedException;

/**
 * Checks, once a statement is validated, every text literal that is cast to a DATE, TIME or
 * TIMESTAMP, explicitly or by implicit coercion ({@code WHERE d = '2026-02-30'}), and refuses
 * one that is no such value with 22007 and the literal's position.
 *
 * <p>Calcite folds such a cast into the generated code, where {@code '2026-02-30'} failed with
 * an IllegalArgumentException ("Value of DAY field is out of range", XX000) when the statement
 * first ran, and text that is no time at all with a NumberFormatException. Calcite's runtime
 * also reads a TIME leniently ({@code '25:00:00'} as a day and an hour, {@code '10:61:00'} as
 * 11:01), which PostgreSQL refuses; a TIME literal here must have an hour below 24 and minutes
 * and seconds below 60. Text that is not a literal is checked where it is cast at run time
 * (see the JDBC driver's error translation).
 */
final class DatetimeLiterals extends SqlBasicVisitor<Void> {
  /** A time as Calcite reads one: hours, then optional minutes, seconds and a fraction. */
  private static final Pattern TIME = Pattern.compile(
      "\\s*(\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2})(?:\\.\\d*)?)?)?\\s*");

  private final SqlValidator validator;

  private DatetimeLiterals(SqlValidator validator) {
    this.validator = validator;
  }

  /** Checks the literals cast to a datetime type in a validated statement. */
  static void check(SqlValidator validator, SqlNode validated) {
    validated.accept(new DatetimeLiterals(validator));
  }

  @Override public Void visit(SqlCall call) {
    if (call.getKind() == SqlKind.CAST && call.operandCount() >= 1
        && call.operand(0) instanceof SqlLiteral literal
        && literal.getValue() instanceof NlsString text) {
      final RelDataType type = validator.getValidatedNodeTypeIfKnown(call);
      if (type != null) {
        check(type.getSqlTypeName(), text.getValue(), literal);
      }
    }
    return super.visit(call);
  }

  private static void check(SqlTypeName type, String text, SqlLiteral literal) {
    try {
      switch (type) {
        case DATE -> DateTimeUtils.dateStringToUnixDate(text);
        case TIMESTAMP -> DateTimeUtils.timestampStringToUnixDate(text);
        case TIME -> {
          if (!validTime(text)) {
            throw new IllegalArgumentException("Invalid TIME value");
          }
        }
        default -> {
          return;
        }
      }
    } catch (IllegalArgumentException e) { // NumberFormatException is one too
      throw new PositionedException(ErrorCode.INVALID_DATETIME, literal.getParserPosition(),
          "invalid " + type.getName().toLowerCase(Locale.ROOT) + " value: '" + text + "'");
    }
  }

  private static boolean validTime(String text) {
    final Matcher m = TIME.matcher(text);
    return m.matches() && Integer.parseInt(m.group(1)) < 24
        && (m.group(2) == null || Integer.parseInt(m.group(2)) < 60)
        && (m.group(3) == null || Integer.parseInt(m.group(3)) < 60);
  }
}
