-- Subqueries (IN, EXISTS, scalar, derived tables) and set operations.

CREATE TABLE a (id INTEGER PRIMARY KEY, v INTEGER);

CREATE TABLE b (id INTEGER PRIMARY KEY, a_id INTEGER);

INSERT INTO a VALUES (1, 10), (2, 20), (3, 30), (4, NULL);
> 4 rows

INSERT INTO b VALUES (100, 1), (101, 1), (102, 3), (103, NULL);
> 4 rows

SELECT id FROM a WHERE id IN (SELECT a_id FROM b) ORDER BY id;
> ID
> 1
> 3

-- NOT IN over a set containing NULL is never true.
SELECT id FROM a WHERE id NOT IN (SELECT a_id FROM b);
> ID

SELECT id FROM a WHERE id NOT IN (SELECT a_id FROM b WHERE a_id IS NOT NULL) ORDER BY id;
> ID
> 2
> 4

SELECT id FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id) ORDER BY id;
> ID
> 1
> 3

SELECT id FROM a WHERE NOT EXISTS (SELECT 1 FROM b WHERE b.a_id = a.id) ORDER BY id;
> ID
> 2
> 4

-- Scalar subqueries, correlated and not.
SELECT id, (SELECT COUNT(*) FROM b WHERE b.a_id = a.id) AS refs FROM a ORDER BY id;
> ID | REFS
> 1 | 2
> 2 | 0
> 3 | 1
> 4 | 0

SELECT id FROM a WHERE v > (SELECT AVG(v) FROM a) ORDER BY id;
> ID
> 3

SELECT (SELECT v FROM a WHERE id = 99) AS nothing;
> NOTHING
> NULL

-- A scalar subquery returning more than one row is an error.
SELECT (SELECT v FROM a) AS many;
> ERROR 21000

-- Derived table.
SELECT s.total FROM (SELECT SUM(v) AS total FROM a) AS s;
> TOTAL
> 60

-- UNION removes duplicates, UNION ALL keeps them.
SELECT a_id FROM b UNION SELECT id FROM a ORDER BY 1 NULLS LAST;
> A_ID
> 1
> 2
> 3
> 4
> NULL

SELECT a_id FROM b WHERE a_id = 1 UNION ALL SELECT id FROM a WHERE id = 1;
> A_ID
> 1
> 1
> 1

SELECT id FROM a INTERSECT SELECT a_id FROM b;
> (unordered)
> ID
> 1
> 3

SELECT id FROM a EXCEPT SELECT a_id FROM b;
> (unordered)
> ID
> 2
> 4

-- WITH.
WITH big AS (SELECT id FROM a WHERE v >= 20) SELECT COUNT(*) AS c FROM big;
> C
> 2
