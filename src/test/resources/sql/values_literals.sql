-- A multi-row VALUES whose column mixes a literal in E notation with exact ones is DOUBLE;
-- it once failed with XX000 (a ClassCastException in Calcite's collation of the VALUES).

SELECT a, b FROM (VALUES (1, 1.5), (2, 1.0E10), (3, -2)) AS v (a, b) ORDER BY a;
> A | B
> 1 | 1.5
> 2 | 1.0E10
> 3 | -2.0

SELECT b FROM (VALUES (1.0E10), (1.5), (1.0E10)) AS v (b) ORDER BY b;
> B
> 1.5
> 1.0E10
> 1.0E10

CREATE TABLE m (id INTEGER PRIMARY KEY, d DOUBLE, x DECIMAL(12, 2));

INSERT INTO m VALUES (1, 1.5, 2.25), (2, 1.0E10, 1.0E3), (3, -0.5, 7);
> 3 rows

SELECT id, d, x FROM m ORDER BY id;
> ID | D | X
> 1 | 1.5 | 2.25
> 2 | 1.0E10 | 1000.00
> 3 | -0.5 | 7.00

-- Columns without E notation keep their exact type.
SELECT a + 0.25 AS a FROM (VALUES (1.5), (2)) AS v (a) ORDER BY a;
> A
> 1.75
> 2.25
