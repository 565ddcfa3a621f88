package dev.sorrel.e2e.fuzz;

/** The kinds of fuzz case, each with its share of a run's cases (in percent). */
enum FuzzClass {
  /** Generated queries under the ternary-logic-partitioning and reference oracles. */
  SQL_ORACLE(40),
  /** Generated DML, DDL and Sorrel statements (PREDICT, ASSIGN_VARIANT, DRIFT_*, COPY). */
  SQL_STATEMENT(12),
  /** Mutations of the statements of the project's SQL scripts. */
  SCRIPT_MUTATION(20),
  /** Random parameter values at every {@code ?} of prepared statements. */
  PARAMETER(12),
  /** COPY from corrupted CSV, Parquet and Arrow files. */
  FILE(7),
  /** CREATE MODEL from corrupted ONNX bytes, and PREDICT over what loads. */
  MODEL(4),
  /** Malformed Flight SQL requests to a server. */
  FLIGHT(5);

  final int share;

  FuzzClass(int share) {
    this.share = share;
  }
}
