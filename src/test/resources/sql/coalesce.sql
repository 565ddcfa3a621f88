-- COALESCE in a filter: a row whose operands are all NULL has a NULL COALESCE, which no
-- comparison keeps (it was once kept by <> and <, as if the NULL were 0).

CREATE TABLE x (id INTEGER PRIMARY KEY, i INTEGER, j INTEGER, k INTEGER);

INSERT INTO x VALUES (1, NULL, NULL, 5), (2, NULL, 1, 5), (3, 5, NULL, 5);
> 3 rows

SELECT id FROM x WHERE COALESCE(i, j) <> k ORDER BY id;
> ID
> 2

SELECT id FROM x WHERE COALESCE(i, j) < k ORDER BY id;
> ID
> 2

SELECT id FROM x WHERE NOT (COALESCE(i, j) = k) ORDER BY id;
> ID
> 2

SELECT id FROM x WHERE (COALESCE(i, j) <> k) IS NULL ORDER BY id;
> ID
> 1

SELECT id FROM x WHERE COALESCE(i, j, 7) <> k ORDER BY id;
> ID
> 1
> 2

SELECT id, COALESCE(i, j) AS c, COALESCE(i, j, 0) AS z FROM x ORDER BY id;
> ID | C | Z
> 1 | NULL | 0
> 2 | 1 | 1
> 3 | 5 | 5

-- COALESCE and CASE WHEN x IS NOT NULL THEN x of a narrower type than the other branch: the
-- branch was cast to a NOT NULL type, the simplifier dropped the IS NOT NULL test before it,
-- and a NULL x compared as 0 (WHERE 9 > COALESCE(si, id) kept every row with si NULL; found
-- by the fuzz suite's ternary logic partitioning).
CREATE TABLE w (id INTEGER PRIMARY KEY, si SMALLINT);

INSERT INTO w VALUES (-5, NULL), (1, NULL), (2, 5), (3, 20), (9, NULL), (10, 9), (20, NULL);
> 7 rows

SELECT id FROM w WHERE 9 > COALESCE(si, id) ORDER BY id;
> ID
> -5
> 1
> 2

SELECT id FROM w WHERE NOT (9 > COALESCE(si, id)) ORDER BY id;
> ID
> 3
> 9
> 10
> 20

SELECT id FROM w WHERE 9 > CASE WHEN si IS NOT NULL THEN si ELSE id END ORDER BY id;
> ID
> -5
> 1
> 2

SELECT id FROM w WHERE ABS(COALESCE(9, id)) > COALESCE((si + 0), id) ORDER BY id;
> ID
> -5
> 1
> 2

SELECT id FROM w WHERE COALESCE(si, COALESCE(si, 9)) NOT BETWEEN 5 AND 10 ORDER BY id;
> ID
> 3

SELECT id, COALESCE(si, id) AS c FROM w ORDER BY id;
> ID | C
> -5 | -5
> 1 | 1
> 2 | 5
> 3 | 20
> 9 | 9
> 10 | 9
> 20 | 20
