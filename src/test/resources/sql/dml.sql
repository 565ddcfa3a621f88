-- INSERT, UPDATE, DELETE on tables with a primary key.

CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(10), n INTEGER);

INSERT INTO t VALUES (1, 'a', 10);
> 1 row

INSERT INTO t VALUES (2, 'b', 20), (3, 'c', 30), (4, 'd', 40);
> 3 rows

-- Column list in another order; missing columns become NULL.
INSERT INTO t (n, id) VALUES (50, 5);
> 1 row

SELECT * FROM t ORDER BY id;
> ID | V | N
> 1 | a | 10
> 2 | b | 20
> 3 | c | 30
> 4 | d | 40
> 5 | NULL | 50

-- INSERT ... SELECT from another table.
CREATE TABLE t2 (id INTEGER PRIMARY KEY, v VARCHAR(10), n INTEGER);

INSERT INTO t2 SELECT id, v, n * 2 FROM t WHERE id <= 2;
> 2 rows

SELECT * FROM t2 ORDER BY id;
> ID | V | N
> 1 | a | 20
> 2 | b | 40

-- INSERT ... SELECT from the same table: reads what was there before the statement.
INSERT INTO t SELECT id + 100, v, n FROM t;
> 5 rows

SELECT COUNT(*) AS c, MIN(id) AS lo, MAX(id) AS hi FROM t;
> C | LO | HI
> 10 | 1 | 105

-- An INSERT ... SELECT that selects nothing inserts nothing.
INSERT INTO t SELECT * FROM t WHERE id < 0;
> 0 rows

DELETE FROM t WHERE id > 100;
> 5 rows

-- UPDATE of a non-key column.
UPDATE t SET n = n + 1 WHERE id >= 3;
> 3 rows

UPDATE t SET v = 'zz' WHERE id = 999;
> 0 rows

UPDATE t SET v = UPPER(v), n = n * 10 WHERE v IN ('a', 'b');
> 2 rows

SELECT * FROM t ORDER BY id;
> ID | V | N
> 1 | A | 100
> 2 | B | 200
> 3 | c | 31
> 4 | d | 41
> 5 | NULL | 51

-- UPDATE setting a column to NULL and from another column.
UPDATE t SET v = NULL, n = id WHERE id = 1;
> 1 row

SELECT * FROM t WHERE id = 1;
> ID | V | N
> 1 | NULL | 1

-- Primary-key-changing UPDATE over consecutive keys: every row moves up by one.
UPDATE t SET id = id + 1;
> 5 rows

SELECT id, n FROM t ORDER BY id;
> ID | N
> 2 | 1
> 3 | 200
> 4 | 31
> 5 | 41
> 6 | 51

-- ... and back down again.
UPDATE t SET id = id - 1;
> 5 rows

SELECT id, n FROM t ORDER BY id;
> ID | N
> 1 | 1
> 2 | 200
> 3 | 31
> 4 | 41
> 5 | 51

-- A key change of a subset.
UPDATE t SET id = id * 10 WHERE id >= 4;
> 2 rows

SELECT id FROM t ORDER BY id;
> ID
> 1
> 2
> 3
> 40
> 50

-- A key-changing UPDATE that collides with an existing row fails and changes nothing.
UPDATE t SET id = 2 WHERE id = 1;
> ERROR 23505

UPDATE t SET id = 1;
> ERROR 23505

SELECT id, n FROM t ORDER BY id;
> ID | N
> 1 | 1
> 2 | 200
> 3 | 31
> 40 | 41
> 50 | 51

-- Swap two keys in one statement.
UPDATE t SET id = CASE id WHEN 1 THEN 2 WHEN 2 THEN 1 END WHERE id IN (1, 2);
> 2 rows

SELECT id, n FROM t WHERE id <= 2 ORDER BY id;
> ID | N
> 1 | 200
> 2 | 1

-- UPDATE with a subquery.
UPDATE t SET n = (SELECT MAX(n) FROM t2) WHERE id = 3;
> 1 row

SELECT n FROM t WHERE id = 3;
> N
> 40

-- DELETE with WHERE.
DELETE FROM t WHERE n > 100;
> 1 row

DELETE FROM t WHERE id = 12345;
> 0 rows

DELETE FROM t WHERE id IN (SELECT id FROM t2);
> 1 row

SELECT id FROM t ORDER BY id;
> ID
> 3
> 40
> 50

-- DELETE without WHERE.
DELETE FROM t;
> 3 rows

SELECT COUNT(*) AS c FROM t;
> C
> 0

-- The emptied table is still usable, and old keys can be reused.
INSERT INTO t VALUES (1, 'again', 1);
> 1 row

SELECT * FROM t;
> ID | V | N
> 1 | again | 1

-- Composite keys: update of one key column.
CREATE TABLE ck (a INTEGER, b INTEGER, v VARCHAR(5), PRIMARY KEY (a, b));

INSERT INTO ck VALUES (1, 1, 'x'), (1, 2, 'y'), (2, 1, 'z');
> 3 rows

UPDATE ck SET b = b + 1 WHERE a = 1;
> 2 rows

SELECT * FROM ck ORDER BY a, b;
> A | B | V
> 1 | 2 | x
> 1 | 3 | y
> 2 | 1 | z

DELETE FROM ck WHERE a = 1 AND b = 3;
> 1 row

SELECT * FROM ck ORDER BY a, b;
> A | B | V
> 1 | 2 | x
> 2 | 1 | z

-- Large batch.
CREATE TABLE big (id INTEGER PRIMARY KEY, sq BIGINT);

INSERT INTO big SELECT x, CAST(x AS BIGINT) * x FROM (VALUES 1, 2, 3, 4, 5, 6, 7, 8, 9, 10) AS v(x);
> 10 rows

INSERT INTO big SELECT id + 10, sq FROM big;
> 10 rows

INSERT INTO big SELECT id + 20, sq FROM big;
> 20 rows

SELECT COUNT(*) AS c, SUM(sq) AS s FROM big;
> C | S
> 40 | 1540
