-- Three-valued logic and NULL handling.

CREATE TABLE n (id INTEGER PRIMARY KEY, a INTEGER, b INTEGER);

INSERT INTO n VALUES (1, 1, 1), (2, 1, NULL), (3, NULL, NULL), (4, 2, 3);
> 4 rows

SELECT id FROM n WHERE a = b;
> ID
> 1

SELECT id FROM n WHERE a <> b;
> ID
> 4

SELECT id FROM n WHERE a IS NOT DISTINCT FROM b ORDER BY id;
> ID
> 1
> 3

SELECT id FROM n WHERE NOT (a = b);
> ID
> 4

SELECT id, a + b AS s, a = b AS eq, a IS NULL AS an FROM n ORDER BY id;
> ID | S | EQ | AN
> 1 | 2 | TRUE | FALSE
> 2 | NULL | NULL | FALSE
> 3 | NULL | NULL | TRUE
> 4 | 5 | FALSE | FALSE

SELECT id FROM n WHERE a = 1 OR b = 3 ORDER BY id;
> ID
> 1
> 2
> 4

SELECT id, (b > 0) OR TRUE AS t, (b > 0) AND FALSE AS f FROM n WHERE id = 3;
> ID | T | F
> 3 | TRUE | FALSE

SELECT SUM(b) AS s, AVG(b) AS av, COUNT(b) AS c, MIN(b) AS mn FROM n;
> S | AV | C | MN
> 4 | 2 | 2 | 1

-- NULLs group together.
SELECT b, COUNT(*) AS c FROM n GROUP BY b ORDER BY b NULLS FIRST;
> B | C
> NULL | 2
> 1 | 1
> 3 | 1

-- Default NULL ordering: NULLs sort high (last ascending, first descending).
SELECT id, b FROM n ORDER BY b, id;
> ID | B
> 1 | 1
> 4 | 3
> 2 | NULL
> 3 | NULL

SELECT id, b FROM n ORDER BY b DESC, id;
> ID | B
> 2 | NULL
> 3 | NULL
> 4 | 3
> 1 | 1

-- Joins never match NULL keys.
CREATE TABLE m (b INTEGER, tag VARCHAR(5));

INSERT INTO m VALUES (1, 'one'), (NULL, 'null');
> 2 rows

SELECT n.id, m.tag FROM n JOIN m ON n.b = m.b ORDER BY n.id;
> ID | TAG
> 1 | one

SELECT COUNT(*) AS c FROM n LEFT JOIN m ON n.b = m.b WHERE m.tag IS NULL;
> C
> 3

-- IN with NULL.
SELECT id FROM n WHERE b IN (1, NULL);
> ID
> 1

SELECT id FROM n WHERE b NOT IN (1, NULL);
> ID

-- NULL in DISTINCT and UNION collapses to one.
SELECT DISTINCT b FROM n ORDER BY b;
> B
> 1
> 3
> NULL

SELECT CAST(NULL AS INTEGER) AS x UNION SELECT CAST(NULL AS INTEGER);
> X
> NULL

-- COALESCE over an aggregate, with and without GROUP BY, on nullable and NOT NULL
-- columns and across an outer join (the aggregate's type changes nullability there).
CREATE TABLE agg_nn (id BIGINT PRIMARY KEY, g VARCHAR NOT NULL, x DOUBLE NOT NULL, y DOUBLE);
INSERT INTO agg_nn VALUES (1, 'a', 1.5, NULL), (2, 'a', 2.0, NULL), (3, 'b', 3.0, 4.0);
> 3 rows

CREATE TABLE agg_side (id BIGINT PRIMARY KEY, z DOUBLE NOT NULL);
INSERT INTO agg_side VALUES (1, 10.0);
> 1 row

SELECT g, COALESCE(SUM(x), 0) AS sx, COALESCE(SUM(y), 0) AS sy FROM agg_nn GROUP BY g ORDER BY g;
> G | SX | SY
> a | 3.5 | 0.0
> b | 3.0 | 4.0

SELECT COALESCE(SUM(x), 0) AS s FROM agg_nn WHERE id > 5;
> S
> 0.0

SELECT a.g, COALESCE(SUM(s.z), 0) AS sz FROM agg_nn a LEFT JOIN agg_side s ON a.id = s.id GROUP BY a.g ORDER BY a.g;
> G | SZ
> a | 10.0
> b | 0.0

SELECT g, sx FROM (SELECT g, COALESCE(SUM(x), 0) AS sx FROM agg_nn GROUP BY g) WHERE sx > 3.2;
> G | SX
> a | 3.5

SELECT g, COALESCE(SUM(y), 0) AS sy, SUM(x) AS sx, COUNT(*) AS n FROM agg_nn GROUP BY g ORDER BY g;
> G | SY | SX | N
> a | 0.0 | 3.5 | 2
> b | 4.0 | 3.0 | 1
