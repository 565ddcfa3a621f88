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
