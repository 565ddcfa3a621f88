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
