-- A filter comparing a column with a constant CASE that reduces to its typed NULL branch keeps
-- no row; under DISTINCT it once failed with XX000 ("Comparison with NULL in
-- pulledUpPredicates").

CREATE TABLE c (id INTEGER PRIMARY KEY, t TIME, i INTEGER);

INSERT INTO c VALUES (1, TIME '10:00:00', 1), (2, NULL, 2), (3, TIME '11:30:00', NULL);
> 3 rows

SELECT DISTINCT id FROM (SELECT * FROM c x WHERE CASE WHEN '%_' IN ('日本', '', 'a', 'a') THEN TIME '11:30:00' ELSE CAST(NULL AS TIME) END <> x.t);
> ID

SELECT DISTINCT id FROM (SELECT * FROM c x WHERE CASE WHEN 1 = 2 THEN 5 ELSE CAST(NULL AS INTEGER) END <> x.i);
> ID

SELECT id FROM c x WHERE (CASE WHEN 1 = 2 THEN 5 ELSE CAST(NULL AS INTEGER) END <> x.i) IS NULL ORDER BY id;
> ID
> 1
> 2
> 3

-- The CASE that reduces to its other branch still compares.
SELECT DISTINCT id FROM (SELECT * FROM c x WHERE CASE WHEN '%_' IN ('%_', 'a') THEN TIME '11:30:00' ELSE CAST(NULL AS TIME) END <> x.t);
> ID
> 1

-- IS [NOT] NULL over AND / OR with a NULL operand in a join's condition: pushed into a hash
-- join's predicate, Calcite compiled it into a method returning Object, and the statement
-- failed with XX000 ("must implement method ... boolean apply"; found by the fuzz suite's
-- long run). (x AND NULL) IS NULL is x IS NOT FALSE, (x OR NULL) IS NULL is x IS NOT TRUE.
CREATE TABLE ja (id INTEGER PRIMARY KEY, bi BIGINT, dt DATE);

CREATE TABLE jb (id INTEGER PRIMARY KEY, si SMALLINT, dt DATE);

INSERT INTO ja VALUES (1, 2, DATE '2024-01-01'), (2, NULL, DATE '2024-01-01'), (3, 5, DATE '2024-01-02');
> 3 rows

INSERT INTO jb VALUES (1, 3, DATE '2024-01-01'), (2, 1, DATE '2024-01-02');
> 2 rows

SELECT a.id AS a, b.id AS b FROM ja a JOIN jb b ON a.dt = b.dt WHERE (b.si * a.bi >= 6 AND CAST(NULL AS BOOLEAN)) IS NULL ORDER BY a.id;
> A | B
> 1 | 1
> 2 | 1

SELECT a.id AS a, b.id AS b FROM ja a JOIN jb b ON a.dt = b.dt WHERE (b.si * a.bi >= 6 OR CAST(NULL AS BOOLEAN)) IS NULL ORDER BY a.id;
> A | B
> 2 | 1
> 3 | 2

SELECT a.id AS a, b.id AS b FROM ja a JOIN jb b ON a.dt = b.dt WHERE (b.si * a.bi >= 6 AND CAST(NULL AS BOOLEAN)) IS NOT NULL ORDER BY a.id;
> A | B
> 3 | 2

SELECT a.id AS a, b.id AS b FROM ja a JOIN jb b ON a.dt = b.dt WHERE (b.si * a.bi >= 6 OR CAST(NULL AS BOOLEAN)) IS NOT NULL ORDER BY a.id;
> A | B
> 1 | 1

SELECT a.id AS a, b.id AS b FROM ja a LEFT JOIN jb b ON a.dt = b.dt AND (b.si * a.bi >= 6 OR CAST(NULL AS BOOLEAN)) IS NULL ORDER BY a.id;
> A | B
> 1 | NULL
> 2 | 1
> 3 | 2

SELECT COALESCE(CAST(NULL AS INTEGER), 6) AS c0 FROM ja a JOIN jb b ON a.dt = b.dt WHERE ((b.si * -a.bi) NOT BETWEEN 2147483647 AND CAST(NULL AS INTEGER)) IS NULL;
> C0
> 6
