package dev.sorrel.shell;

import java.util.Set;
import java.util.TreeSet;

/**
 * The keywords of Sorrel's SQL, for completion and highlighting: the SQL standard's that
 * Calcite's parser accepts, and Sorrel's own (feature views, models, experiments, monitors,
 * tracking, point-in-time joins).
 */
final class SqlKeywords {

    /**
     * Words that end a table reference and so cannot be its alias, and that a name must be
     * quoted to be spelled as.
     */
    static final Set<String> RESERVED = Set.of(
            "ALL", "AND", "ANY", "AS", "ASC", "ASOF", "BETWEEN", "BY", "CASE", "CAST",
            "CHECK", "CONSTRAINT", "CREATE", "CROSS", "CURRENT_DATE", "CURRENT_TIME",
            "CURRENT_TIMESTAMP", "DEFAULT", "DELETE", "DESC", "DISTINCT", "DROP", "ELSE",
            "END", "EXCEPT", "EXISTS", "FALSE", "FETCH", "FOR", "FROM", "FULL", "GROUP",
            "HAVING", "IN", "INNER", "INSERT", "INTERSECT", "INTO", "IS", "JOIN", "LATERAL",
            "LEFT", "LIKE", "LIMIT", "MATCH_CONDITION", "MINUS", "NATURAL", "NOT", "NULL",
            "OFFSET", "ON", "OR", "ORDER", "OUTER", "PRIMARY", "QUALIFY", "REFERENCES",
            "RETURNING", "RIGHT", "SELECT", "SET", "TABLE", "TABLESAMPLE", "THEN", "TO",
            "TRUE", "UNION", "UNIQUE", "UPDATE", "USING", "VALUES", "WHEN", "WHERE",
            "WINDOW", "WITH");

    /** Every keyword: {@link #RESERVED} and the rest. */
    static final Set<String> ALL;

    static {
        Set<String> all = new TreeSet<>(RESERVED);
        all.addAll(Set.of(
                // SQL statements and clauses
                "ADD", "ALTER", "AUTO_INCREMENT", "BEGIN", "BIGINT", "BINARY", "BOOLEAN",
                "CHAR", "COLUMN", "COMMENT", "COMMIT", "CONFLICT", "COPY", "COUNT", "CURSOR",
                "DATE", "DECIMAL", "DO", "DOUBLE", "EXPLAIN", "FILTER", "FIRST", "FLOAT",
                "FOLLOWING", "FORMAT", "GENERATED", "HEADER", "IDENTITY", "IF", "INCREMENT",
                "INDEX", "INTEGER", "INTERVAL", "KEY", "LAST", "NOTHING", "NULLS", "OVER",
                "OVERRIDING", "PARTITION", "PLAN", "PRECEDING", "RANGE", "REAL", "RELEASE",
                "RENAME", "ROLLBACK", "ROW", "ROWS", "SAVEPOINT", "SMALLINT", "START",
                "SYSTEM", "TIME", "TIMESTAMP", "TINYINT", "TRANSACTION", "TRUNCATE",
                "UNBOUNDED", "UPSERT", "VARBINARY", "VARCHAR", "VIEW", "WITHIN", "ZONE",
                "ALWAYS", "CURRENT", "DAY", "HOUR", "MINUTE", "MONTH", "SECOND", "YEAR",
                "EXTRACT", "TRIM", "SUBSTRING", "POSITION", "OVERLAY", "ESCAPE", "SOME",
                // Sorrel: feature views, models, experiments, monitors, tracking
                "ALIAS", "AUTOINCREMENT", "COMPACT", "ENTITY", "EXPERIMENT", "FEATURE",
                "HASH", "INCREMENTAL", "MODEL", "ONLINE", "REFRESH", "SALT", "STOP", "TTL",
                "WEIGHT", "WINNER", "CONTEXT", "LOG", "METRIC", "PARAM", "PROJECT", "RUN",
                "STATUS", "STEP", "TAG", "ACKNOWLEDGE", "ALERTS", "CLEAR", "MONITOR",
                "REFERENCE"));
        ALL = Set.copyOf(all);
    }

    private SqlKeywords() {
    }
}
