package dev.sorrel.engine;

/**
 * Every error Sorrel reports, with its SQLState. The first two characters of
 * a SQLState are its class: 42 syntax or unknown object, 23 constraint, 22
 * data, 07 dynamic SQL (a JDBC call that does not fit the statement), 08
 * connection, 28 login refused, 24/26 closed cursor or statement, 25 transaction state, 0A
 * unsupported, 53 insufficient resources, 55/57/58 resource and system, XX internal. The JDBC driver picks the JDBC 4 exception class from the class.
 */
public enum ErrorCode {
  SYNTAX_ERROR("42000"),
  /** The user's role does not allow the statement, or a file path is outside what it may reach. */
  INSUFFICIENT_PRIVILEGE("42501"),
  OBJECT_NOT_FOUND("42S02"),
  COLUMN_NOT_FOUND("42S22"),
  OBJECT_ALREADY_EXISTS("42S01"),
  INVALID_DEFINITION("42P16"),
  TYPE_MISMATCH("42804"),
  WRONG_OBJECT_TYPE("42809"),
  INVALID_COLUMN_REFERENCE("42P10"),
  UNDEFINED_OBJECT("42704"),
  DEPENDENT_OBJECTS_EXIST("2BP01"),
  /** A value given for an identity column that is GENERATED ALWAYS. */
  GENERATED_ALWAYS("428C9"),

  CARDINALITY_VIOLATION("21000"),

  NOT_NULL_VIOLATION("23502"),
  DUPLICATE_KEY("23505"),

  DATA_EXCEPTION("22000"),
  STRING_TOO_LONG("22001"),
  NUMERIC_OUT_OF_RANGE("22003"),
  INVALID_DATETIME("22007"),
  DIVISION_BY_ZERO("22012"),
  INVALID_PARAMETER_VALUE("22023"),
  INVALID_CHARACTER_VALUE("22018"),
  CHARACTER_NOT_IN_REPERTOIRE("22021"),
  /** A LIMIT (FETCH) row count that is negative, fractional, too large or NULL. */
  INVALID_ROW_COUNT_IN_LIMIT("2201W"),
  /** An OFFSET row count that is negative, fractional, too large or NULL. */
  INVALID_ROW_COUNT_IN_OFFSET("2201X"),

  /** A JDBC call that needs a query was given another statement, or the reverse. */
  NOT_A_QUERY("07005"),
  QUERY_NOT_ALLOWED("07003"),

  CONNECTION_FAILURE("08001"),
  CONNECTION_CLOSED("08003"),
  /** A server refused the login: an unknown user, a wrong password or an expired token. */
  INVALID_AUTHORIZATION("28000"),
  /** A closed result set was used. */
  INVALID_CURSOR_STATE("24000"),
  /** A closed statement was used. */
  INVALID_STATEMENT_NAME("26000"),
  READ_ONLY_TRANSACTION("25006"),
  FEATURE_NOT_SUPPORTED("0A000"),
  INVALID_TRANSACTION_STATE("25000"),
  /** A statement that cannot run inside a transaction block (PostgreSQL's code). */
  ACTIVE_SQL_TRANSACTION("25001"),
  /** COMMIT or ROLLBACK with no transaction open (PostgreSQL's code). */
  NO_ACTIVE_SQL_TRANSACTION("25P01"),
  /** A statement in a transaction that has already failed and must be rolled back. */
  IN_FAILED_SQL_TRANSACTION("25P02"),
  /** A savepoint name that is not open. */
  INVALID_SAVEPOINT("3B001"),
  /** Another transaction committed a change this one depends on: retry it. */
  SERIALIZATION_FAILURE("40001"),
  /** An object is not in the state an action needs (a run that has ended, no current run). */
  OBJECT_NOT_IN_PREREQUISITE_STATE("55000"),
  OBJECT_IN_USE("55006"),
  /** No space left on the device the database or a written file is on (PostgreSQL's disk_full). */
  DISK_FULL("53100"),
  /**
   * A statement needs more heap than the database allows ({@code memory_limit}), or the JVM ran
   * out of heap while running it (PostgreSQL's out_of_memory).
   */
  OUT_OF_MEMORY("53200"),
  QUERY_CANCELED("57014"),
  DATABASE_CLOSED("57P01"),
  IO_ERROR("58030"),
  INTERNAL_ERROR("XX000"),
  /**
   * Stored bytes that are not the ones written (a checksum mismatch, an undecodable
   * definition): PostgreSQL's data_corrupted. The message names the damaged object.
   */
  DATA_CORRUPTED("XX001");

  private final String sqlState;

  ErrorCode(String sqlState) {
    this.sqlState = sqlState;
  }

  /** The code with this SQLState, or {@code fallback} if none has it. */
  public static ErrorCode of(String sqlState, ErrorCode fallback) {
    for (ErrorCode code : values()) {
      if (code.sqlState().equals(sqlState)) {
        return code;
      }
    }
    return fallback;
  }

  public String sqlState() {
    return sqlState;
  }
}
