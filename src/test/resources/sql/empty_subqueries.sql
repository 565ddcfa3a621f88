-- A subquery the planner can prove empty (its filter contradicts itself) inside OR, NOT IN and
-- joins: every row that the other disjunct keeps comes back. Calcite's semi-join rules once
-- replaced the one-row COUNT(*) of such a subquery by the empty subquery and lost every row.

CREATE TABLE tab0 (pk INTEGER PRIMARY KEY, col0 INTEGER, col3 INTEGER);

CREATE TABLE n (pk INTEGER, col0 INTEGER, col3 INTEGER);

INSERT INTO tab0 VALUES (0, 22, 0), (1, 51, 44), (2, 90, 12);
> 3 rows

INSERT INTO n SELECT * FROM tab0;
> 3 rows

SELECT pk FROM tab0 WHERE col0 IN (SELECT col3 FROM tab0 WHERE col3 > 96 AND col3 <= 46)
  OR col0 <= 86 ORDER BY pk;
> PK
> 0
> 1

SELECT pk FROM n WHERE col0 IN (SELECT col3 FROM n WHERE col3 > 96 AND col3 <= 46)
  OR col0 <= 86 ORDER BY pk;
> PK
> 0
> 1

SELECT pk FROM n WHERE col0 NOT IN (SELECT col3 FROM n WHERE col3 > 96 AND col3 <= 46)
  ORDER BY pk;
> PK
> 0
> 1
> 2

SELECT pk, col0 IN (SELECT col3 FROM n WHERE col3 > 96 AND col3 <= 46) AS found FROM n
  ORDER BY pk;
> PK | FOUND
> 0 | FALSE
> 1 | FALSE
> 2 | FALSE

SELECT n.pk, s.c FROM n CROSS JOIN (SELECT COUNT(*) AS c FROM n WHERE col3 > 96 AND col3 <= 46) s
  ORDER BY n.pk;
> PK | C
> 0 | 0
> 1 | 0
> 2 | 0

-- A grouped subquery still becomes a semi-join.
SELECT pk FROM tab0 WHERE col0 IN (SELECT col0 FROM n GROUP BY col0) ORDER BY pk;
> PK
> 0
> 1
> 2
