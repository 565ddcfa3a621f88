package dev.sorrel.jdbc;

import static org.apache.calcite.util.Static.RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLSyntaxErrorException;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;

/** Failures are translated by their type and code, never by guessing from a message. */
class SqlErrorsTest {
  @Test void aClassCastExceptionIsAnInternalError() {
    final SQLException e = SqlErrors.translate(new ClassCastException(
        "class java.lang.String cannot be cast to class java.lang.Number"));
    assertEquals("XX000", e.getSQLState());
    assertTrue(e.getMessage().startsWith("internal error"), e.getMessage());
  }

  @Test void aDivisionByZeroIsOneEvenWhenTheJitDroppedItsMessage() {
    // What HotSpot throws from compiled code after many implicit ArithmeticExceptions.
    final SQLException fast = SqlErrors.translate(new ArithmeticException());
    assertEquals("22012", fast.getSQLState());
    assertEquals("division by zero", fast.getMessage());
    final SQLException slow = SqlErrors.translate(new ArithmeticException("/ by zero"));
    assertEquals("22012", slow.getSQLState());
    assertEquals(fast.getMessage(), slow.getMessage());
    assertEquals("22012",
        SqlErrors.translate(new ArithmeticException("Division undefined")).getSQLState());
    assertEquals("22003",
        SqlErrors.translate(new ArithmeticException("integer overflow")).getSQLState());
  }

  @Test void aCodedExceptionKeepsItsCodeUnderWrappers() {
    final SQLException e = SqlErrors.translate(new RuntimeException("while executing",
        new SorrelException(ErrorCode.TYPE_MISMATCH, "parameter 1 is INTEGER")));
    assertEquals("42804", e.getSQLState());
    assertEquals("parameter 1 is INTEGER", e.getMessage());
  }

  @Test void aValidationErrorRaisedOutsideSorrelsValidatorIsCodedByItsResource() {
    final CalciteContextException missing = SqlUtil.newContextException(
        new SqlParserPos(2, 6, 2, 14), RESOURCE.objectNotFound("COLUMN_STATS"));
    final SQLException e = SqlErrors.translate(new RuntimeException(missing));
    assertEquals("42S02", e.getSQLState(), e.getMessage());
    assertTrue(e instanceof SQLSyntaxErrorException);
    assertTrue(e.getMessage().startsWith("From line 2, column 6 to line 2, column 14"),
        e.getMessage());
  }

  @Test void aRefusedLoginIsAnAuthorizationException() {
    final SQLException e = SqlErrors.create("28000", "wrong user name or password", null);
    assertTrue(e instanceof SQLInvalidAuthorizationSpecException, e.toString());
    assertEquals("28000", e.getSQLState());
    // A state arriving on a SQLException (from a server) keeps its class through translate.
    final SQLException translated = SqlErrors.translate(new RuntimeException("login",
        new SQLException("token expired", "28000")));
    assertTrue(translated instanceof SQLInvalidAuthorizationSpecException, translated.toString());
    assertEquals("28000", translated.getSQLState());
    assertEquals("token expired", translated.getMessage());
  }
}
