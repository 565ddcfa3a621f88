-- Every statement is atomic: when it fails part-way, none of its changes remain.

CREATE TABLE acct (id INTEGER PRIMARY KEY, owner VARCHAR(10) NOT NULL, balance INTEGER, lim TINYINT);

INSERT INTO acct VALUES (1, 'a', 100, 10), (2, 'b', 0, 20), (3, 'c', 50, 120), (4, 'd', 7, 1);
> 4 rows

-- Division by zero on the second row: the first row's update is undone.
UPDATE acct SET balance = 100 / balance WHERE id IN (1, 2, 3);
> ERROR 22012

-- Overflow on one row only (120 + 10 > 127).
UPDATE acct SET lim = lim + 10;
> ERROR 22003

-- NOT NULL violated by one row only.
UPDATE acct SET owner = CASE WHEN id = 3 THEN NULL ELSE 'x' END;
> ERROR 23502

-- A key collision in the middle of a key-changing UPDATE.
UPDATE acct SET id = 3 WHERE id IN (1, 2);
> ERROR 23505

-- DELETE ... WHERE with a failing expression deletes nothing.
DELETE FROM acct WHERE 10 / (balance - 7) > 0;
> ERROR 22012

SELECT * FROM acct ORDER BY id;
> ID | OWNER | BALANCE | LIM
> 1 | a | 100 | 10
> 2 | b | 0 | 20
> 3 | c | 50 | 120
> 4 | d | 7 | 1

-- Multi-row INSERT failing on its last row (NOT NULL, type range, duplicate within the batch).
INSERT INTO acct VALUES (10, 'p', 1, 1), (11, 'q', 1, 1), (12, NULL, 1, 1);
> ERROR 23502

INSERT INTO acct VALUES (10, 'p', 1, 1), (11, 'q', 1, 1), (12, 'r', 1, 500);
> ERROR 22003

INSERT INTO acct VALUES (10, 'p', 1, 1), (11, 'q', 1, 1), (10, 'r', 1, 1);
> ERROR 23505

INSERT INTO acct SELECT id + 10, owner, balance / (balance - 7), lim FROM acct;
> ERROR 22012

SELECT COUNT(*) AS c FROM acct;
> C
> 4

-- After the failures, normal statements work and see consistent data.
UPDATE acct SET balance = balance + 1;
> 4 rows

SELECT SUM(balance) AS total FROM acct;
> TOTAL
> 161

-- A keyless table: a failing UPDATE of duplicates leaves every copy unchanged.
CREATE TABLE dup (a INTEGER, b TINYINT);

INSERT INTO dup VALUES (1, 100), (1, 100), (2, 120);
> 3 rows

UPDATE dup SET b = b + 10;
> ERROR 22003

SELECT a, b FROM dup ORDER BY a;
> A | B
> 1 | 100
> 1 | 100
> 2 | 120
