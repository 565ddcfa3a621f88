package dev.sorrel.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Each kind of statement gets the access class a server grants by: queries
 * read, data changes write, everything else is admin; text that does not
 * parse is classed by its first word.
 */
class StatementAccessTest {
  @Test void statementsAreClassedByWhatTheyDo() {
    final Map<String, StatementAccess> cases = Map.ofEntries(
        Map.entry("SELECT * FROM t", StatementAccess.READ),
        Map.entry("-- a comment\n(SELECT 1) UNION SELECT 2 ORDER BY 1", StatementAccess.READ),
        Map.entry("WITH x AS (SELECT 1) SELECT * FROM x", StatementAccess.READ),
        Map.entry("VALUES 1", StatementAccess.READ),
        Map.entry("EXPLAIN PLAN FOR DELETE FROM t", StatementAccess.READ),
        Map.entry("BEGIN", StatementAccess.READ),
        Map.entry("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", StatementAccess.READ),
        Map.entry("ROLLBACK", StatementAccess.READ),
        Map.entry("INSERT INTO t VALUES (1)", StatementAccess.WRITE),
        Map.entry("insert into t values (1) on conflict do nothing", StatementAccess.WRITE),
        Map.entry("UPDATE t SET x = 1", StatementAccess.WRITE),
        Map.entry("DELETE FROM t", StatementAccess.WRITE),
        Map.entry("MERGE INTO t USING s ON t.id = s.id WHEN MATCHED THEN DELETE",
            StatementAccess.WRITE),
        Map.entry("COPY t FROM 'x.csv'", StatementAccess.WRITE),
        Map.entry("COPY (SELECT 1) TO 'x.parquet'", StatementAccess.WRITE),
        Map.entry("REFRESH FEATURE VIEW v", StatementAccess.WRITE),
        Map.entry("CHECK MONITOR m", StatementAccess.WRITE),
        Map.entry("START RUN 'r'", StatementAccess.WRITE),
        Map.entry("LOG METRIC 'auc' = 0.9", StatementAccess.WRITE),
        Map.entry("END RUN", StatementAccess.WRITE),
        Map.entry("CREATE TABLE t (x INT PRIMARY KEY)", StatementAccess.ADMIN),
        Map.entry("DROP TABLE t", StatementAccess.ADMIN),
        Map.entry("CREATE MODEL m FROM 'm.onnx'", StatementAccess.ADMIN),
        Map.entry("DROP MODEL m", StatementAccess.ADMIN),
        Map.entry("REFRESH MONITOR m REFERENCE", StatementAccess.ADMIN),
        Map.entry("DROP MONITOR m", StatementAccess.ADMIN),
        Map.entry("COMMENT ON TABLE t IS 'x'", StatementAccess.ADMIN),
        // Unparsable: by the first word.
        Map.entry("SELEC 1", StatementAccess.ADMIN),
        Map.entry("SELECT FROM WHERE", StatementAccess.READ),
        Map.entry("INSERT INTO", StatementAccess.WRITE),
        Map.entry("CREATE TABLE (", StatementAccess.ADMIN));
    cases.forEach((sql, access) -> assertEquals(access, StatementAccess.of(sql), sql));
  }
}
