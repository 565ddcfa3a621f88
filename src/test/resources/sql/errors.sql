-- Errors: SQLStates and messages; every failed statement leaves the data unchanged.

CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(5) NOT NULL, small TINYINT, n INTEGER, d DECIMAL(4,2), dt DATE);

INSERT INTO t VALUES (1, 'one', 1, 1, 1.00, DATE '2024-01-01'), (2, 'two', 2, 2, 2.00, NULL);
> 2 rows

-- Syntax errors report 42000 and the position.
SELEC * FROM t;
> ERROR 42000 line

SELECT * FROM t WHERE;
> ERROR 42000 line

SELECT * FROM t WHERE id = = 1;
> ERROR 42000 line

INSERT INTO t VALUES (3, 'x';
> ERROR 42000 line

CREATE TABLE (a INTEGER);
> ERROR 42000 line

SELECT 'unterminated FROM t;
> ERROR 42000

-- Unknown objects.
SELECT * FROM missing;
> ERROR 42S02 MISSING

INSERT INTO missing VALUES (1);
> ERROR 42S02

UPDATE missing SET a = 1;
> ERROR 42S02

DELETE FROM missing;
> ERROR 42S02

SELECT * FROM sys.nope;
> ERROR 42S02

SELECT nope FROM t;
> ERROR 42S22 NOPE

SELECT t.nope FROM t;
> ERROR 42S22

SELECT * FROM t WHERE nope = 1;
> ERROR 42S22

INSERT INTO t (id, nope) VALUES (3, 1);
> ERROR 42S22

UPDATE t SET nope = 1;
> ERROR 42S22

SELECT * FROM t ORDER BY nope;
> ERROR 42S22

-- Duplicate key: the table is unchanged.
INSERT INTO t VALUES (1, 'dup', 1, 1, 1, NULL);
> ERROR 23505 duplicate primary key

SELECT id, name FROM t ORDER BY id;
> ID | NAME
> 1 | one
> 2 | two

-- A duplicate within one statement.
INSERT INTO t VALUES (5, 'a', 1, 1, 1, NULL), (5, 'b', 1, 1, 1, NULL);
> ERROR 23505

SELECT COUNT(*) AS c FROM t WHERE id = 5;
> C
> 0

-- Multi-row INSERT whose third row is a duplicate leaves none of its rows.
INSERT INTO t VALUES (3, 'x', 1, 1, 1, NULL), (4, 'y', 1, 1, 1, NULL), (1, 'z', 1, 1, 1, NULL), (6, 'w', 1, 1, 1, NULL);
> ERROR 23505

SELECT id, name FROM t ORDER BY id;
> ID | NAME
> 1 | one
> 2 | two

-- INSERT ... SELECT hitting a duplicate is atomic as well.
INSERT INTO t SELECT id + 1, name, small, n, d, dt FROM t;
> ERROR 23505

SELECT COUNT(*) AS c FROM t;
> C
> 2

-- NOT NULL.
INSERT INTO t (id, name) VALUES (3, NULL);
> ERROR 23502

INSERT INTO t (id) VALUES (3);
> ERROR 23502

INSERT INTO t (name) VALUES ('nokey');
> ERROR 23502

UPDATE t SET name = NULL WHERE id = 1;
> ERROR 23502

UPDATE t SET id = NULL WHERE id = 2;
> ERROR 23502

SELECT id, name FROM t ORDER BY id;
> ID | NAME
> 1 | one
> 2 | two

-- Wrong types.
INSERT INTO t (id, name, n) VALUES (3, 'x', 'abc');
> ERROR 22018

INSERT INTO t (id, name) VALUES ('abc', 'x');
> ERROR 22018

INSERT INTO t (id, name, dt) VALUES (3, 'x', 'not a date');
> ERROR 22007

SELECT CAST('abc' AS INTEGER) AS x;
> ERROR 22018

SELECT * FROM t WHERE dt = 5;
> ERROR 42804

SELECT COUNT(*) AS c FROM t;
> C
> 2

-- String too long.
INSERT INTO t (id, name) VALUES (3, 'toolong');
> ERROR 22001

UPDATE t SET name = 'toolong' WHERE id = 1;
> ERROR 22001

SELECT id, name FROM t ORDER BY id;
> ID | NAME
> 1 | one
> 2 | two

-- Numeric out of range.
INSERT INTO t (id, name, small) VALUES (3, 'x', 300);
> ERROR 22003

INSERT INTO t (id, name, small) VALUES (3, 'x', -129);
> ERROR 22003

UPDATE t SET small = small + 200 WHERE id = 1;
> ERROR 22003

INSERT INTO t (id, name, d) VALUES (3, 'x', 123.45);
> ERROR 22003

INSERT INTO t (id, name, n) VALUES (3, 'x', 3000000000);
> ERROR 22003

SELECT 2147483647 + 1 AS overflow;
> ERROR 22003

SELECT small, d FROM t WHERE id IN (1, 2) ORDER BY id;
> SMALL | D
> 1 | 1.00
> 2 | 2.00

-- Division by zero.
SELECT 1 / 0 AS x;
> ERROR 22012

SELECT n / (n - 1) AS x FROM t;
> ERROR 22012

SELECT MOD(n, 0) AS x FROM t;
> ERROR 22012

UPDATE t SET n = n / 0;
> ERROR 22012

SELECT n FROM t WHERE id IN (1, 2) ORDER BY id;
> N
> 1
> 2

-- DDL on existing / missing objects.
CREATE TABLE t (x INTEGER);
> ERROR 42S01 T

DROP TABLE nope;
> ERROR 42S02 NOPE

DROP VIEW nope;
> ERROR 42S02

-- Unsupported column type.
CREATE TABLE arr (a INTEGER ARRAY);
> ERROR 0A000

-- Too many / too few values.
INSERT INTO t VALUES (3, 'x');
> ERROR 42000

INSERT INTO t (id, name) VALUES (3, 'x', 1);
> ERROR 42000

-- Writing to a system table.
INSERT INTO sys.tables VALUES ('a', 'b', 'c', 'd', 1, NULL, NULL);
> ERROR 0A000

-- After all these errors the table is intact.
SELECT * FROM t ORDER BY id;
> ID | NAME | SMALL | N | D | DT
> 1 | one | 1 | 1 | 1.00 | 2024-01-01
> 2 | two | 2 | 2 | 2.00 | NULL
