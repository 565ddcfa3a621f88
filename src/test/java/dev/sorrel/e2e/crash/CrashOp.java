package dev.sorrel.e2e.crash;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One write of the crash workload as the side log records it: a sequence number, a kind and
 * its arguments, all plain tokens, so that the writing child and the verifying driver derive
 * the same SQL and the same expected effect from one line. A transaction's statements are
 * nested operations separated by {@code /}.
 */
record CrashOp(long seq, Kind kind, List<String> args, List<CrashOp> parts) {

  /** What an operation does; the SQL of each is in {@link CrashChildMain}. */
  enum Kind {
    /** Multi-row INSERT of fresh ids: table, ids. */
    INS,
    /** UPDATE of an id range: table, from, to. */
    UPD,
    /** DELETE of an id range: table, from, to. */
    DEL,
    /** A transaction of INS/UPD/DEL parts: C (commit) or R (roll back). */
    TX,
    /** A JDBC batch of single-row inserts in auto-commit: table, ids. */
    BATCH,
    /** COPY FROM a CSV file of the ids from (inclusive) to to (exclusive): table, from, to. */
    COPYCSV,
    /** COPY FROM a Parquet file, as COPYCSV. */
    COPYPQ,
    /** CREATE TABLE: name. */
    CTAB,
    /** DROP TABLE: name. */
    DTAB,
    /** ALTER TABLE ... COMPACT (writes the table's segment): name. */
    COMPACT,
    /** CREATE INDEX: name, table. */
    CIDX,
    /** DROP INDEX: name. */
    DIDX,
    /** CREATE VIEW: name, table. */
    CVIEW,
    /** DROP VIEW: name. */
    DVIEW,
    /** CREATE ENTITY: name. */
    CENT,
    /** DROP ENTITY: name. */
    DENT,
    /** CREATE FEATURE VIEW with declared features: name, entity. */
    CFV,
    /** INSERT into a feature view: name, ids. */
    FVINS,
    /** CREATE FEATURE VIEW ... AS a query over a table: name, entity, table. */
    CDFV,
    /** REFRESH FEATURE VIEW (full): name. */
    REFRESH,
    /** DROP FEATURE VIEW: name. */
    DFV,
    /** CREATE MODEL from a fixture file: name, file, SHA-256 of the file. */
    CMODEL,
    /** ALTER MODEL ... ADD VERSION: name, file, SHA-256. */
    AMODEL,
    /** DROP MODEL: name. */
    DMODEL,
    /** CREATE EXPERIMENT: name. */
    CEXP,
    /** ALTER EXPERIMENT ... START: name. */
    XSTART,
    /** ALTER EXPERIMENT ... STOP: name. */
    XSTOP,
    /** DROP EXPERIMENT: name. */
    DEXP,
    /** CREATE MONITOR on the reference table: name. */
    CMON,
    /** CHECK MONITOR (writes results and alerts): name, lowest id of the checked window. */
    CHECK,
    /** DROP MONITOR: name. */
    DMON,
    /** START RUN on the child's connection: run name. */
    RSTART,
    /** LOG PARAM to the current run: run name, key. */
    RPARAM,
    /** END RUN of the current run: run name. */
    REND,
    /** COPY FROM an Arrow IPC file, as COPYCSV. */
    COPYAR,
    /**
     * A transaction with a savepoint: C (commit) or R (roll back), k; the parts after the
     * first k run after {@code SAVEPOINT} and are rolled back to it before the end.
     */
    SPTX,
    /** MERGE of ids (some stored, some fresh): table, ids. */
    MERGE,
    /** INSERT ... ON CONFLICT DO UPDATE of ids (some stored, some fresh): table, ids. */
    UPSERT,
    /** ALTER MODEL ... SET ALIAS: model, alias, version. */
    ALIAS,
    /** ALTER FEATURE VIEW ... SET TTL: name, days. */
    FVTTL,
    /** ALTER FEATURE VIEW ... COMPACT (writes the history segment): name. */
    FVCOMPACT,
    /** REFRESH FEATURE VIEW ... INCREMENTAL of a loaded derived view (adds nothing): name. */
    REFRESHI
  }

  CrashOp {
    args = List.copyOf(args);
    parts = List.copyOf(parts);
  }

  static CrashOp of(long seq, Kind kind, Object... args) {
    final List<String> text = new ArrayList<>();
    for (Object a : args) {
      text.add(String.valueOf(a));
    }
    return new CrashOp(seq, kind, text, List.of());
  }

  String arg(int i) {
    return args.get(i);
  }

  long longArg(int i) {
    return Long.parseLong(args.get(i));
  }

  /** The ids of INS, BATCH, FVINS, MERGE and UPSERT: every argument after the first. */
  List<Long> ids() {
    final List<Long> ids = new ArrayList<>();
    for (String a : args.subList(1, args.size())) {
      ids.add(Long.parseLong(a));
    }
    return ids;
  }

  /** The tokens after the sequence number. */
  String format() {
    final StringBuilder b = new StringBuilder(kind.name());
    for (String a : args) {
      b.append(' ').append(a);
    }
    for (CrashOp part : parts) {
      b.append(" / ").append(part.format());
    }
    return b.toString();
  }

  static CrashOp parse(long seq, String text) {
    final String[] pieces = text.split(" / ");
    final List<CrashOp> parts = new ArrayList<>();
    for (int i = 1; i < pieces.length; i++) {
      parts.add(parse(seq, pieces[i]));
    }
    final String[] tokens = pieces[0].split(" ");
    return new CrashOp(seq, Kind.valueOf(tokens[0]),
        Arrays.asList(tokens).subList(1, tokens.length), parts);
  }

  @Override public String toString() {
    return seq + " " + format();
  }
}
