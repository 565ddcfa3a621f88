-- Transaction blocks on one connection: BEGIN ... COMMIT or ROLLBACK, savepoints,
-- statements undone alone inside a transaction, and DDL refused inside a block.

CREATE TABLE acct (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL);

INSERT INTO acct VALUES (1, 100), (2, 50);
> 2 rows

BEGIN;

UPDATE acct SET balance = balance - 30 WHERE id = 1;
> 1 row

UPDATE acct SET balance = balance + 30 WHERE id = 2;
> 1 row

-- The transaction reads its own writes.
SELECT id, balance FROM acct ORDER BY id;
> ID | BALANCE
> 1 | 70
> 2 | 80

ROLLBACK;

SELECT id, balance FROM acct ORDER BY id;
> ID | BALANCE
> 1 | 100
> 2 | 50

START TRANSACTION;

INSERT INTO acct VALUES (3, 10);
> 1 row

-- A failing statement is undone alone; the transaction goes on.
INSERT INTO acct VALUES (4, 1), (1, 1);
> ERROR 23505 duplicate primary key

SAVEPOINT before_delete;

DELETE FROM acct WHERE id > 1;
> 2 rows

SELECT COUNT(*) AS n FROM acct;
> N
> 1

ROLLBACK TO SAVEPOINT before_delete;

-- DDL takes effect at commit, which later statements would not see: refused.
CREATE TABLE other (id INTEGER);
> ERROR 25001 CREATE TABLE cannot run inside a transaction block; commit first

RELEASE SAVEPOINT before_delete;

ROLLBACK TO SAVEPOINT before_delete;
> ERROR 3B001 savepoint BEFORE_DELETE does not exist

COMMIT WORK;

SELECT id, balance FROM acct ORDER BY id;
> ID | BALANCE
> 1 | 100
> 2 | 50
> 3 | 10

-- Outside a block: COMMIT does nothing, SAVEPOINT is an error.
COMMIT;

SAVEPOINT nowhere;
> ERROR 25P01 SAVEPOINT can only be used in transaction blocks

-- A statement reads the state before it, not its own rows.
BEGIN ISOLATION LEVEL READ COMMITTED;

INSERT INTO acct SELECT id + 10, balance FROM acct;
> 3 rows

SELECT COUNT(*) AS n FROM acct;
> N
> 6

COMMIT;
