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
