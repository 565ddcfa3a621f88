-- A GROUP BY of constants returns no row for an empty input, also beside a correlated
-- subquery (Calcite's decorrelator dropped the constant keys, and the aggregate then returned
-- one row with COUNT(*) 0).

CREATE TABLE g (id INTEGER PRIMARY KEY, d DOUBLE, bi BIGINT);

INSERT INTO g VALUES (1, 1.0, 1), (2, 2.0, 5), (3, NULL, NULL);
> 3 rows

SELECT DATE '2026-01-02' AS k, COUNT(*) AS n FROM (SELECT * FROM g x WHERE x.d BETWEEN 0.0 AND CAST(NULL AS DOUBLE)) a WHERE NOT EXISTS (SELECT 1 FROM g sq WHERE sq.id = a.bi) GROUP BY DATE '2026-01-02';
> K | N

SELECT 'k' AS k, COUNT(*) AS n FROM g a WHERE NOT EXISTS (SELECT 1 FROM g sq WHERE sq.id = a.id) GROUP BY 'k';
> K | N

SELECT 'k' AS k, 7 AS h, COUNT(*) AS n, SUM(a.id) AS s FROM g a WHERE EXISTS (SELECT 1 FROM g sq WHERE sq.id = a.bi) GROUP BY 'k', 7;
> K | H | N | S
> k | 7 | 1 | 1

SELECT 'k' AS k, COUNT(*) AS n, SUM(a.id) AS s FROM g a WHERE NOT EXISTS (SELECT 1 FROM g sq WHERE sq.id = a.bi) GROUP BY 'k';
> K | N | S
> k | 2 | 5

-- A constant key beside a column key, and none at all, as before.
SELECT 'k' AS k, a.id, COUNT(*) AS n FROM g a WHERE NOT EXISTS (SELECT 1 FROM g sq WHERE sq.id = a.bi) GROUP BY 'k', a.id ORDER BY a.id;
> K | ID | N
> k | 2 | 1
> k | 3 | 1

SELECT COUNT(*) AS n FROM g a WHERE NOT EXISTS (SELECT 1 FROM g sq WHERE sq.id = a.id);
> N
> 0
