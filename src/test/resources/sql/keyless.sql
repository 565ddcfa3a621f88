-- Tables without a primary key can hold duplicate rows; DML affects exactly the matching rows.

CREATE TABLE bag (a INTEGER, b VARCHAR(5));

INSERT INTO bag VALUES (1, 'x'), (1, 'x'), (1, 'x'), (2, 'y'), (2, 'y'), (3, NULL);
> 6 rows

SELECT a, b FROM bag;
> (unordered)
> A | B
> 1 | x
> 1 | x
> 1 | x
> 2 | y
> 2 | y
> 3 | NULL

SELECT a, COUNT(*) AS c FROM bag GROUP BY a ORDER BY a;
> A | C
> 1 | 3
> 2 | 2
> 3 | 1

-- Insert the same row again.
INSERT INTO bag VALUES (2, 'y');
> 1 row

SELECT COUNT(*) AS c FROM bag WHERE a = 2;
> C
> 3

-- UPDATE hits every duplicate.
UPDATE bag SET b = 'z' WHERE a = 1;
> 3 rows

SELECT a, b FROM bag WHERE a = 1;
> A | B
> 1 | z
> 1 | z
> 1 | z

-- UPDATE of all rows.
UPDATE bag SET a = a * 10;
> 7 rows

SELECT a, COUNT(*) AS c FROM bag GROUP BY a ORDER BY a;
> A | C
> 10 | 3
> 20 | 3
> 30 | 1

-- DELETE of duplicates deletes all of them and nothing else.
DELETE FROM bag WHERE a = 20;
> 3 rows

SELECT a, b FROM bag ORDER BY a;
> A | B
> 10 | z
> 10 | z
> 10 | z
> 30 | NULL

DELETE FROM bag WHERE b IS NULL;
> 1 row

-- INSERT ... SELECT from itself doubles the rows.
INSERT INTO bag SELECT * FROM bag;
> 3 rows

SELECT COUNT(*) AS c FROM bag;
> C
> 6

SELECT DISTINCT a, b FROM bag;
> A | B
> 10 | z

-- DELETE without WHERE.
DELETE FROM bag;
> 6 rows

SELECT COUNT(*) AS c FROM bag;
> C
> 0

-- Fully NULL rows are rows too.
INSERT INTO bag VALUES (NULL, NULL), (NULL, NULL);
> 2 rows

SELECT COUNT(*) AS c, COUNT(a) AS ca FROM bag;
> C | CA
> 2 | 0

DELETE FROM bag WHERE a IS NULL;
> 2 rows
