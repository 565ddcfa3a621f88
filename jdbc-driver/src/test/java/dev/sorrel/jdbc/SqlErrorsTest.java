package dev.sorrel.jdbc;

import static org.apache.calcite.util.Static.RESOURCE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientException;
import java.sql.SQLTransientException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLSyntaxErrorException;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;

import dev.sorrel.engine.ErrorCode;
import dev.sorrel.engine.SorrelException;
import dev.sorrel.storage.StorageException;

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

  /** RocksDB's status for a write the device had no room for, as its JNI layer builds it. */
  private static RocksDBException noSpace() {
    return new RocksDBException("IO error: No space left on device: While appending to file:"
        + " 000012.log", new Status(Status.Code.IOError, Status.SubCode.NoSpace,
        "No space left on device"));
  }

  @Test void aRocksDbNoSpaceStatusUnderTheEnginesIoErrorIsDiskFull() {
    final SQLException e = SqlErrors.translate(new SorrelException(ErrorCode.IO_ERROR,
        "commit failed", new StorageException("commit failed", noSpace())));
    assertEquals("53100", e.getSQLState());
    assertInstanceOf(SQLNonTransientException.class, e);
    assertTrue(e.getMessage().startsWith("disk full: commit failed"), e.getMessage());
  }

  @Test void theNoSpaceSubCodeDecidesWhateverRocksDbsMessageSays() {
    final RocksDBException coded = new RocksDBException("IO error: write failed",
        new Status(Status.Code.IOError, Status.SubCode.NoSpace, null));
    assertEquals("53100", SqlErrors.translate(new StorageException("flush", coded))
        .getSQLState());
    final RocksDBException other = new RocksDBException("IO error: Permission denied",
        new Status(Status.Code.IOError, Status.SubCode.None, null));
    assertEquals("XX000", SqlErrors.translate(new StorageException("flush", other))
        .getSQLState());
  }

  @Test void anOperatingSystemsEnospcFromAFileWriteIsDiskFull() {
    // The JDK has no exception type for ENOSPC: its message is the operating system's.
    final SQLException e = SqlErrors.translate(new SorrelException(ErrorCode.IO_ERROR,
        "cannot write the segment of table T", new IOException("No space left on device")));
    assertEquals("53100", e.getSQLState());
    final SQLException other = SqlErrors.translate(new SorrelException(ErrorCode.IO_ERROR,
        "cannot write the segment of table T", new IOException("Permission denied")));
    assertEquals("58030", other.getSQLState());
  }

  @Test void aDiskFullDoesNotOverrideAUserError() {
    final SQLException e = SqlErrors.translate(new SorrelException(ErrorCode.DUPLICATE_KEY,
        "duplicate key 1", noSpace()));
    assertEquals("23505", e.getSQLState());
  }

  @Test void anOutOfMemoryErrorIsTransient53200() {
    final SQLException e = SqlErrors.translate(new OutOfMemoryError("Java heap space"));
    assertEquals("53200", e.getSQLState());
    assertInstanceOf(SQLTransientException.class, e);
    assertTrue(e.getMessage().contains("Java heap space"), e.getMessage());
    assertEquals("53200", SqlErrors.translate(new RuntimeException("while sorting",
        new OutOfMemoryError("Java heap space"))).getSQLState());
    assertEquals("53200", SqlErrors.translate(
        new org.apache.arrow.memory.OutOfMemoryException("Unable to allocate buffer"))
        .getSQLState());
  }

  @Test void theMemoryGuardsErrorKeepsItsMessage() {
    final SQLException e = SqlErrors.translate(new SorrelException(ErrorCode.OUT_OF_MEMORY,
        "out of memory while scanning T"));
    assertEquals("53200", e.getSQLState());
    assertEquals("out of memory while scanning T", e.getMessage());
  }
}
