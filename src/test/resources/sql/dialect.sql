-- Type names pasted from PostgreSQL, SQLite, DuckDB and MySQL schemas, and expressions from
-- SQLite's sqllogictest that Calcite alone cannot plan.

-- Type aliases name Sorrel's types, in CREATE TABLE and in CAST.
CREATE TABLE pasted (id INT8 PRIMARY KEY, name TEXT, code STRING, small INT2, mid INT4,
  ratio FLOAT8, score FLOAT4, flag BOOL, seen DATETIME, raw BYTEA, amount NUMERIC(6, 2));

SELECT COLUMN_NAME, DATA_TYPE FROM SYS.COLUMNS WHERE TABLE_NAME = 'PASTED' ORDER BY ORDINAL_POSITION;
> COLUMN_NAME | DATA_TYPE
> ID | BIGINT
> NAME | VARCHAR
> CODE | VARCHAR
> SMALL | SMALLINT
> MID | INTEGER
> RATIO | DOUBLE
> SCORE | REAL
> FLAG | BOOLEAN
> SEEN | TIMESTAMP
> RAW | VARBINARY
> AMOUNT | DECIMAL(6, 2)

INSERT INTO pasted VALUES (1, 'a', 'b', 2, 3, 1.5, 2.5, TRUE,
  TIMESTAMP '2024-01-02 03:04:05', X'CAFE', 12.5);
> 1 row

SELECT * FROM pasted;
> ID | NAME | CODE | SMALL | MID | RATIO | SCORE | FLAG | SEEN | RAW | AMOUNT
> 1 | a | b | 2 | 3 | 1.5 | 2.5 | TRUE | 2024-01-02 03:04:05 | X'CAFE' | 12.50

SELECT CAST(42 AS TEXT) AS t, CAST('7' AS int8) AS i, CAST('1.5' AS "float8") AS f,
  CAST('2024-05-06 07:08:09' AS DATETIME) AS d, CAST(1 AS BOOL) AS b;
> T | I | F | D | B
> 42 | 7 | 1.5 | 2024-05-06 07:08:09 | TRUE

-- A view's text keeps the alias, and reads it back.
CREATE VIEW pasted_view AS SELECT CAST(id AS TEXT) AS id_text, CAST(seen AS DATETIME) AS seen
  FROM pasted;

SELECT * FROM pasted_view;
> ID_TEXT | SEEN
> 1 | 2024-01-02 03:04:05

-- A name that is no type is still refused, with its position.
CREATE TABLE wrong (x TEXTT);
> ERROR 0A000 column type `TEXTT` is not supported at line 1, column 23

SELECT CAST(1 AS TEXTT);
> ERROR 42000 Unknown identifier 'TEXTT'

-- Arithmetic on a NULL literal is NULL, also where Calcite's planner would derive an ordering
-- from it (it failed with "not a literal: /(null, -($1))").
CREATE TABLE tab1 (col0 INTEGER, col1 INTEGER, col2 INTEGER);

INSERT INTO tab1 VALUES (51, 14, 96), (85, 5, 59), (91, 47, 68);
> 3 rows

SELECT + CAST(NULL AS INTEGER) * - col2 / - col1 * + - 61 AS c FROM tab1 AS cor0;
> (unordered)
> C
> NULL
> NULL
> NULL

SELECT col0, 61 * (CAST(NULL AS INTEGER) / - col1) AS c FROM tab1 ORDER BY col0;
> COL0 | C
> 51 | NULL
> 85 | NULL
> 91 | NULL

SELECT DISTINCT - CAST(NULL AS INTEGER) * - col2 / - col1 AS c FROM tab1;
> C
> NULL

-- NULL folding keeps IS NULL and COALESCE, which are not NULL on a NULL operand.
SELECT col0, CAST(NULL AS INTEGER) IS NULL AS n, COALESCE(NULL, col0) AS c FROM tab1
  ORDER BY col0;
> COL0 | N | C
> 51 | TRUE | 51
> 85 | TRUE | 85
> 91 | TRUE | 91

-- An empty IN list, as SQLite and H2 take it: x IN () is FALSE and x NOT IN () is TRUE,
-- whatever x is, NULL included.
SELECT 1 IN () AS a, 1 NOT IN () AS b, NULL IN () AS c, NULL NOT IN () AS d,
  CAST(NULL AS INTEGER) IN ( ) AS e;
> A | B | C | D | E
> FALSE | TRUE | FALSE | TRUE | FALSE

SELECT col0 FROM tab1 WHERE col0 IN () ORDER BY col0;
> COL0

SELECT col0 FROM tab1 WHERE col1 NOT IN () AND col0 > 60 ORDER BY col0;
> COL0
> 85
> 91

SELECT col0, col1 + col2 IN () AS i, (col0, col1) NOT IN () AS n FROM tab1 ORDER BY col0;
> COL0 | I | N
> 51 | FALSE | TRUE
> 85 | FALSE | TRUE
> 91 | FALSE | TRUE

SELECT COUNT(*) AS c FROM tab1 WHERE NOT (col0 IN ()) OR col0 IN (SELECT col0 FROM tab1 WHERE 1 IN ());
> C
> 3

-- A quantified comparison over the empty list answers as over an empty subquery.
SELECT 1 = ANY () AS a, 1 < ALL () AS b, NULL = SOME () AS c;
> A | B | C
> FALSE | TRUE | FALSE

-- The empty list goes through views and prepared plans alike.
CREATE VIEW tab1_none AS SELECT col0 FROM tab1 WHERE col0 NOT IN () AND col1 IN ();

SELECT * FROM tab1_none;
> COL0

-- An empty list is a list, not a bare pair of parentheses elsewhere.
SELECT col0 FROM tab1 WHERE col0 = ();
> ERROR 42000 Encountered "= ( )" at line 1, column 34

SELECT col0 FROM tab1 WHERE col0 IN (,);
> ERROR 42000 Encountered "," at line 1, column 38
