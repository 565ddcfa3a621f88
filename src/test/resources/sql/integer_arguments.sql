-- Text and NULL where SUBSTRING takes a start position and ROUND and TRUNCATE a scale: text
-- is read as an integer, as PostgreSQL's substr and round read it (text that is no integer is
-- 22018, like any failed cast), and a NULL position or scale gives NULL, as in PostgreSQL and
-- DuckDB. Both once failed with XX000 (the argument was typed DECIMAL(19, 9)).

SELECT SUBSTRING('hello' FROM '2') AS s, SUBSTRING('hello' FROM '2' FOR '3') AS t;
> S | T
> ello | ell

SELECT SUBSTRING('hello' FROM '%');
> ERROR 22018

SELECT SUBSTRING('hello' FROM NULL) AS s, SUBSTRING('hello' FROM CAST(NULL AS VARCHAR(3))) AS t;
> S | T
> NULL | NULL

SELECT ROUND(1.5, 'x');
> ERROR 22018

SELECT ROUND(1.555, '2') AS r, ROUND(CAST(1.555 AS DOUBLE), '1') AS d, TRUNCATE(1.555, '1') AS t;
> R | D | T
> 1.560 | 1.6 | 1.500

SELECT ROUND(1.555, NULL) AS r, ROUND(CAST(1.5 AS DOUBLE), NULL) AS d, TRUNCATE(1.5, NULL) AS t;
> R | D | T
> NULL | NULL | NULL

CREATE TABLE p (id INTEGER PRIMARY KEY, x DECIMAL(10, 3), s VARCHAR(10));

INSERT INTO p VALUES (1, 2.345, 'abcdef'), (2, NULL, NULL);
> 2 rows

SELECT id, ROUND(x, '1') AS r, ROUND(x, NULL) AS n, SUBSTRING(s FROM '3') AS t FROM p ORDER BY id;
> ID | R | N | T
> 1 | 2.300 | NULL | cdef
> 2 | NULL | NULL | NULL

-- Numbers are unchanged.
SELECT ROUND(2.345, 2) AS r, SUBSTRING('hello' FROM 2 FOR 2) AS s;
> R | S
> 2.350 | el

-- A text scale around a drift aggregate (a mutant with a 70,000-character scale once failed
-- with XX000 "Unable to implement EnumerableCalc", the same DECIMAL scale).
CREATE TABLE obs (id INTEGER PRIMARY KEY, d INTEGER, country VARCHAR(2));

INSERT INTO obs VALUES (1, 1, 'DE'), (2, 1, 'FR'), (3, 1, 'DE'), (4, 1, 'DE'), (5, 1, 'FR'), (6, 2, 'FR'), (7, 2, 'US'), (8, 2, 'US'), (9, 2, 'US'), (10, 2, 'FR');
> 10 rows

SELECT ROUND(DRIFT_CHI2(country, d = 1), 'xxxxxxxx') AS p, DRIFT_CHI2_STATISTIC(country, d = 1) AS chi2 FROM obs;
> ERROR 22018

SELECT ROUND(DRIFT_CHI2(country, d = 1), '12') AS p, DRIFT_CHI2_STATISTIC(country, d = 1) AS chi2 FROM obs;
> P | CHI2
> 0.049787068368 | 6.0

-- A start position that is a number but no integer is refused, as in PostgreSQL (it failed
-- with XX000 "Unable to implement EnumerableCalc"; found by the fuzz suite's long run).
SELECT SUBSTRING('hello' FROM 1.5);
> ERROR 42804

SELECT SUBSTRING('hello', 2.0);
> ERROR 42804

SELECT SUBSTRING('hello' FROM CAST('NaN' AS DOUBLE));
> ERROR 42804

SELECT SUBSTRING('hello' FROM CAST(2 AS BIGINT)) AS s, SUBSTRING('hello' FROM CAST(2 AS SMALLINT) FOR 2) AS t;
> S | T
> ello | el

SELECT ROUND(1.5, 9223372036854775808);
> ERROR 42804

SELECT TRUNCATE(1.5, CAST(1 AS DECIMAL(3, 0)));
> ERROR 42804
